import type { AppServices } from "../services.server";
import { sessionCookieFor } from "./services";
import { type Insertable, sql } from "kysely";
import type { ReputationRecordsTable } from "../../db/schema";
import type { FundingModel, ProjectEvent } from "../projects/project";
import { type Actor, applyProjectEvent, createProject } from "../projects/projects.server";
import { saveTier } from "../projects/tiers.server";
import { extensions } from "../wiring.server";
import { createMemoryStorage } from "../storage/storage.server";
import type { Db } from "../utils/db.server";

/** Test users with a role, in the neighbourhood the foundation seed creates. */
export async function createUsers(db: Db, prefix: string, count: number, role: "member" | "moderator" | "admin" = "member"): Promise<string[]> {
  await db
    .insertInto("neighbourhoods")
    .values({ id: "testwijk", name: "Testwijk", city: "Teststad", municipality: "Teststad" })
    .onConflict((oc) => oc.column("id").doNothing())
    .execute();
  const rows = await db
    .insertInto("users")
    .values(
      Array.from({ length: count }, (_, i) => ({
        email: `${prefix}-${i}@test.nl`,
        handle: `${prefix}-${i}`,
        display_name: `${prefix} ${i}`,
        password_hash: "x",
        neighbourhood_id: "testwijk",
        role,
      })),
    )
    .returning("id")
    .execute();
  return rows.map((r) => r.id);
}

export interface LiveProjectOptions {
  initiatorId: string;
  moderatorId: string;
  goalCents?: number;
  fundingModel?: FundingModel;
  durationDays?: number;
  tiers?: { title: string; minCents: number; quantity: number | null }[];
  now: Date;
  title?: string;
  launch?: boolean;
}

/** A project taken through the real lifecycle: created, submitted, approved, launched. */
export async function createLiveProject(db: Db, o: LiveProjectOptions): Promise<{ id: string; slug: string; tierIds: string[] }> {
  const goal = o.goalCents ?? 100_000;
  const created = await createProject(
    { db, storage: createMemoryStorage() },
    {
      initiatorId: o.initiatorId,
      now: o.now,
      project: {
        title: o.title ?? `Project ${Math.random().toString(36).slice(2, 8)}`,
        summary: "Samenvatting",
        story: "Het **verhaal**.",
        neighbourhoodId: "testwijk",
        category: "green",
        goal,
        fundingModel: o.fundingModel ?? "all_or_nothing",
        durationDays: o.durationDays ?? 30,
        removeCover: false,
        lines: [
          { description: "Materiaal", amountCents: goal - Math.floor(goal / 4) },
          { description: "Gereedschap", amountCents: Math.floor(goal / 4) },
        ],
      },
    },
  );
  if (!created.ok) throw new Error(`createProject: ${created.error}`);
  const { id } = await db.selectFrom("projects").select("id").where("slug", "=", created.slug).executeTakeFirstOrThrow();
  const tierIds: string[] = [];
  for (const t of o.tiers ?? []) {
    const saved = await saveTier(db, {
      projectId: id,
      actorId: o.initiatorId,
      now: o.now,
      tier: { title: t.title, description: "", minAmount: t.minCents, quantity: t.quantity, pickupNote: "" },
    });
    if (!saved.ok) throw new Error(`saveTier: ${saved.error}`);
    tierIds.push(saved.tierId);
  }
  const initiator = { id: o.initiatorId, role: "member" as const };
  const moderator = { id: o.moderatorId, role: "moderator" as const };
  await grantNeighbourLevel(db, o.initiatorId, o.now);
  const steps: [Actor, ProjectEvent][] = [
    [initiator, { type: "submit" }],
    [moderator, { type: "approve" }],
  ];
  if (o.launch !== false) steps.push([initiator, { type: "launch", now: o.now }]);
  for (const [actor, event] of steps) {
    const r = await applyProjectEvent(db, { projectId: id, actor, event, now: o.now }, extensions.projectTransitionEffects);
    if (!r.ok) throw new Error(`${event.type}: ${r.error}`);
  }
  return { id, slug: created.slug, tierIds };
}

/**
 * A test shortcut: submitting a project needs trust level 1 (a verified e-mail and one completed
 * loan or honoured pledge, docs/reputation.md). Tests about projects give the initiator that level
 * in the stored record instead of a whole loan first; the next event for them recomputes it.
 */
export async function grantNeighbourLevel(db: Db, userId: string, now: Date): Promise<void> {
  await db
    .insertInto("reputation_records")
    .values({
      user_id: userId,
      ...Object.fromEntries(
        [
          "loans_lent",
          "requests_answered",
          "requests_accepted",
          "loans_borrowed",
          "returns_on_time",
          "claims_upheld",
          "pledges_charged",
          "pledges_dropped",
          "projects_succeeded",
          "projects_delivered",
          "projects_reviewed",
          "reviews_counted",
          "stars_counted",
        ].map((k) => [k, 0]),
      ),
      median_response_seconds: null,
      last_claim_upheld_at: null,
      trust_level: 1,
      computed_at: now,
    } as Insertable<ReputationRecordsTable>)
    .onConflict((oc) => oc.column("user_id").doUpdateSet({ trust_level: sql`greatest(reputation_records.trust_level, 1)` }))
    .execute();
}

/** The sums the maintained totals must equal (computed the slow way, from all pledges). */
export async function recomputedTotals(db: Db, projectId: string) {
  const row = await db
    .selectFrom("pledges")
    .select([
      sql<number>`coalesce(sum(amount_cents) filter (where status not in ('cancelled', 'dropped')), 0)`.as("pledged"),
      sql<number>`coalesce(sum(amount_cents) filter (where status = 'charged'), 0)`.as("collected"),
      sql<number>`count(*) filter (where status not in ('cancelled', 'dropped'))`.as("backers"),
    ])
    .where("project_id", "=", projectId)
    .executeTakeFirstOrThrow();
  const project = await db
    .selectFrom("projects")
    .select(["pledged_cents", "collected_cents", "backer_count"])
    .where("id", "=", projectId)
    .executeTakeFirstOrThrow();
  return {
    maintained: { pledged: project.pledged_cents, collected: project.collected_cents, backers: project.backer_count },
    recomputed: { pledged: Number(row.pledged), collected: Number(row.collected), backers: Number(row.backers) },
  };
}

/** A session cookie for `userId`, as the login action would set it. */
export async function cookieFor(services: AppServices, userId: string): Promise<string> {
  return sessionCookieFor(services, userId);
}
