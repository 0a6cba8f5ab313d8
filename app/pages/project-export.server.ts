import { listBackersForInitiator } from "../pledges/pledges.server";
import type { ProjectDetail } from "../projects/projects.server";
import { listUpdates } from "../projects/updates.server";
import { buildArchive } from "../utils/archive";
import type { Db } from "../utils/db.server";
import { getProjectLedgerPage } from "./project-ledger.server";

/**
 * The initiator's export (issue 15, docs/decisions/074): the whole project as one archive, so a
 * community can leave with its history — the story, updates, budget, tiers, the backers as the
 * initiator's own list names them (each as they allowed; no e-mail addresses), and the project's
 * ledger journals as the public ledger shows them. JSON and one CSV per table.
 */
export async function projectArchive(db: Db, project: ProjectDetail, input: { now: Date; anonymous: string }): Promise<Uint8Array> {
  const [updates, backers, ledger] = await Promise.all([
    listUpdates(db, project.id),
    listBackersForInitiator(db, project.id),
    getProjectLedgerPage(db, project),
  ]);
  return buildArchive({
    about: {
      kind: "project",
      slug: project.slug,
      exported_at: input.now.toISOString(),
      ledger_chain: ledger.chain,
      ledger_head_seq: ledger.head.seq,
      ledger_head_hash: ledger.head.hash,
    },
    mtime: input.now,
    tables: {
      project: [
        {
          slug: project.slug,
          title: project.title,
          summary: project.summary,
          story: project.story,
          category: project.category,
          status: project.status,
          funding_model: project.fundingModel,
          goal_cents: project.goalCents,
          pledged_cents: project.pledgedCents,
          matched_cents: project.matchedCents,
          collected_cents: project.collectedCents,
          backer_count: project.backerCount,
          neighbourhood: project.neighbourhood.name,
          initiator: project.initiator.displayName,
          organisation: project.organisation?.name ?? null,
          launched_at: project.launchedAt?.toISOString() ?? null,
          ends_at: project.endsAt?.toISOString() ?? null,
          created_at: project.createdAt.toISOString(),
        },
      ],
      budget: project.budgetLines.map((l) => ({ description: l.description, amount_cents: l.amountCents })),
      tiers: project.tiers.map((t) => ({
        title: t.title,
        description: t.description,
        min_cents: t.minCents,
        quantity: t.quantity,
        claimed: t.claimed,
        pickup_note: t.pickupNote,
      })),
      updates: updates.map((u) => ({
        title: u.title,
        body: u.body,
        author: u.author.displayName,
        created_at: u.createdAt.toISOString(),
        edited_at: u.editedAt?.toISOString() ?? null,
      })),
      backers: backers.map((b) => ({
        name: b.name ?? input.anonymous,
        amount_cents: b.amountCents,
        tier: b.tierTitle,
        status: b.status,
        message: b.message,
        pledged_at: b.createdAt.toISOString(),
      })),
      ledger: ledger.lines.map((l) => ({
        journal_id: l.journalId,
        seq: l.seq,
        posted_at: l.postedAt.toISOString(),
        kind: l.kind,
        name: l.aboutBacker ? (l.name ?? input.anonymous) : null,
        committed_delta_cents: l.committedDeltaCents,
        cash_delta_cents: l.cashDeltaCents,
      })),
    },
  });
}
