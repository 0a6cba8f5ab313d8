import { sql } from "kysely";
import type { ProjectRow } from "../../db/schema";
import { getImages, type ImageError, type PreparedImage, prepareImage, recordUpload } from "../storage/images.server";
import type { StoredImage } from "../storage/images";
import type { FileStorage } from "../storage/storage.server";
import type { Db, Trx } from "../utils/db.server";
import { processRegistry } from "../utils/process-registry.server";
import {
  type BudgetLine,
  type FundingModel,
  isEditable,
  isPublic,
  publicStatuses,
  type ListSort,
  type ProjectCategory,
  type ProjectEvent,
  type ProjectSnapshot,
  type ProjectStatus,
  type ProjectTransitionError,
  slugBase,
  transitionProject,
} from "./project";
import { openTrustGates, type ProjectTransitionEffect, type TrustGates, type TrustRefusal } from "../services.server";
import type { ListQuery, ProjectInput } from "./project-schema";
import type { ProjectSummary } from "./views";

export type { ProjectPerson, ProjectSummary } from "./views";
import { notifyProjectTransition } from "./notifications.server";
import type { RewardTier, ProjectDetail, ProjectHistoryEntry, LendableProject } from "./views";
export type { RewardTier, ProjectDetail, ProjectHistoryEntry, LendableProject } from "./views";

const summaryColumns = [
  "p.id",
  "p.slug",
  "p.title",
  "p.summary",
  "p.category",
  "p.status",
  "p.funding_model",
  "p.goal_cents",
  "p.pledged_cents",
  "p.matched_cents",
  "p.collected_cents",
  "p.backer_count",
  "p.duration_days",
  "p.launched_at",
  "p.ends_at",
  "p.cover_upload_id",
  "p.created_at",
  "n.id as neighbourhood_id",
  "n.name as neighbourhood_name",
  "n.city as neighbourhood_city",
  "u.id as initiator_id",
  "u.handle as initiator_handle",
  "u.display_name as initiator_name",
  "o.slug as organisation_slug",
  "o.name as organisation_name",
  "u.suspended_at as initiator_suspended_at",
  "p.hidden_reason",
] as const;

function baseQuery(db: Db) {
  return db
    .selectFrom("projects as p")
    .innerJoin("neighbourhoods as n", "n.id", "p.neighbourhood_id")
    .innerJoin("users as u", "u.id", "p.initiator_id")
    .leftJoin("organisations as o", "o.id", "p.organisation_id");
}

type SummaryRow = {
  id: string;
  slug: string;
  title: string;
  summary: string;
  category: ProjectCategory;
  status: ProjectStatus;
  funding_model: FundingModel;
  goal_cents: number;
  pledged_cents: number;
  matched_cents: number;
  collected_cents: number;
  backer_count: number;
  duration_days: number;
  launched_at: Date | null;
  ends_at: Date | null;
  cover_upload_id: string | null;
  created_at: Date;
  neighbourhood_id: string;
  neighbourhood_name: string;
  neighbourhood_city: string;
  initiator_id: string;
  initiator_handle: string;
  initiator_name: string;
  organisation_slug: string | null;
  organisation_name: string | null;
  initiator_suspended_at: Date | null;
  hidden_reason: string | null;
};

function toSummary(r: SummaryRow, covers: Map<string, StoredImage>): ProjectSummary {
  return {
    id: r.id,
    slug: r.slug,
    title: r.title,
    summary: r.summary,
    category: r.category,
    status: r.status,
    fundingModel: r.funding_model,
    goalCents: r.goal_cents,
    pledgedCents: r.pledged_cents,
    matchedCents: r.matched_cents,
    collectedCents: r.collected_cents,
    backerCount: r.backer_count,
    durationDays: r.duration_days,
    launchedAt: r.launched_at,
    endsAt: r.ends_at,
    neighbourhood: { id: r.neighbourhood_id, name: r.neighbourhood_name, city: r.neighbourhood_city },
    initiator: { id: r.initiator_id, handle: r.initiator_handle, displayName: r.initiator_name },
    organisation: r.organisation_slug && r.organisation_name ? { slug: r.organisation_slug, name: r.organisation_name } : null,
    cover: r.cover_upload_id ? (covers.get(r.cover_upload_id) ?? null) : null,
    createdAt: r.created_at,
    hiddenReason: r.hidden_reason,
    initiatorSuspended: r.initiator_suspended_at !== null,
  };
}

async function summaries(db: Db, rows: SummaryRow[]): Promise<ProjectSummary[]> {
  const covers = await getImages(
    db,
    rows.flatMap((r) => (r.cover_upload_id ? [r.cover_upload_id] : [])),
  );
  return rows.map((r) => toSummary(r, covers));
}

export async function listTiers(db: Db, projectId: string): Promise<RewardTier[]> {
  const rows = await db
    .selectFrom("reward_tiers")
    .selectAll()
    .where("project_id", "=", projectId)
    .orderBy("min_cents")
    .orderBy("created_at")
    .orderBy("id")
    .execute();
  return rows.map((t) => ({
    id: t.id,
    title: t.title,
    description: t.description,
    minCents: t.min_cents,
    quantity: t.quantity,
    claimed: t.claimed,
    remaining: t.quantity === null ? null : Math.max(0, t.quantity - t.claimed),
    pickupNote: t.pickup_note,
  }));
}

export async function listBudgetLines(db: Db, projectId: string): Promise<BudgetLine[]> {
  const rows = await db
    .selectFrom("project_budget_lines")
    .select(["description", "amount_cents"])
    .where("project_id", "=", projectId)
    .orderBy("position")
    .execute();
  return rows.map((r) => ({ description: r.description, amountCents: r.amount_cents }));
}

/** A project by slug with its plan and tiers, whatever its status (callers decide who may see it). */
/** A project's name and address by id, for pages of other features that refer to it (a project loan). */
export async function getProjectName(db: Db, projectId: string): Promise<{ slug: string; title: string } | null> {
  const row = await db.selectFrom("projects").select(["slug", "title"]).where("id", "=", projectId).executeTakeFirst();
  return row ?? null;
}

export async function getProjectBySlug(db: Db, slug: string): Promise<ProjectDetail | null> {
  if (!/^[a-z0-9-]{1,80}$/.test(slug)) return null;
  const row = await baseQuery(db)
    .select([...summaryColumns, "p.story", "p.cancel_reason", "p.settled_at", "p.delivered_at"])
    .where("p.slug", "=", slug)
    .executeTakeFirst();
  if (!row) return null;
  const [summary] = await summaries(db, [row as SummaryRow]);
  const [budgetLines, tiers] = await Promise.all([listBudgetLines(db, row.id), listTiers(db, row.id)]);
  return { ...summary!, story: row.story, budgetLines, tiers, cancelReason: row.cancel_reason, settledAt: row.settled_at, deliveredAt: row.delivered_at };
}

/**
 * May this viewer see the project page? Public once launched; before that, its initiator and
 * moderators. A project a moderator hid, or whose initiator is suspended, is only its initiator's
 * and the moderators' (docs/decisions/060): the initiator sees why.
 */
export function canView(
  project: Pick<ProjectSummary, "status" | "launchedAt" | "initiator"> & Partial<Pick<ProjectSummary, "hiddenReason" | "initiatorSuspended">>,
  viewer: { id: string; role: string } | null,
): boolean {
  const staff = viewer !== null && (viewer.role === "moderator" || viewer.role === "admin");
  if (project.initiatorSuspended) return staff;
  const mine = viewer !== null && viewer.id === project.initiator.id;
  if (project.hiddenReason) return staff || mine;
  if (isPublic(project.status) || (project.status === "cancelled" && project.launchedAt !== null)) return true;
  return staff || mine;
}

export const PAGE_SIZE = 12;

const listStatusFilter: Record<ListQuery["status"], ProjectStatus[]> = {
  live: ["live"],
  funded: ["succeeded", "paid_out"],
  failed: ["failed"],
  all: ["live", "succeeded", "paid_out", "failed"],
};

/** The public projects list: filters, sorts and pages (the page and the API use the same query). */
export async function listProjects(db: Db, query: ListQuery): Promise<{ projects: ProjectSummary[]; total: number; page: number; pages: number }> {
  // Hidden by a moderator, or by a suspended initiator: out of every public list (decision 060).
  let q = baseQuery(db).where("p.status", "in", listStatusFilter[query.status]).where("p.hidden_at", "is", null).where("u.suspended_at", "is", null);
  if (query.neighbourhood) q = q.where("p.neighbourhood_id", "=", query.neighbourhood);
  if (query.category) q = q.where("p.category", "=", query.category);
  const totalRow = await q.select(sql<number>`count(*)`.as("n")).executeTakeFirstOrThrow();
  const total = Number(totalRow.n);
  const sort: ListSort = query.sort;
  let ordered = q.select(summaryColumns);
  switch (sort) {
    case "ending_soon":
      // Live projects by deadline first; ended ones after, most recently ended first.
      ordered = ordered
        .orderBy(sql`case when p.status = 'live' then 0 else 1 end`)
        .orderBy(sql`case when p.status = 'live' then p.ends_at end asc`)
        .orderBy("p.ends_at", "desc");
      break;
    case "newest":
      ordered = ordered.orderBy(sql`coalesce(p.launched_at, p.created_at)`, "desc");
      break;
    case "most_funded":
      ordered = ordered.orderBy("p.pledged_cents", "desc");
      break;
    case "nearly_there":
      // Closest to the goal without having reached it first, then the funded ones.
      ordered = ordered.orderBy(sql`case when p.pledged_cents >= p.goal_cents then 1 else 0 end`).orderBy(sql`p.pledged_cents::float8 / p.goal_cents`, "desc");
      break;
    default: {
      const never: never = sort;
      throw new Error(`Unknown sort ${String(never)}`);
    }
  }
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const page = Math.min(query.page, pages);
  const rows = await ordered
    .orderBy("p.id")
    .limit(PAGE_SIZE)
    .offset((page - 1) * PAGE_SIZE)
    .execute();
  return { projects: await summaries(db, rows as SummaryRow[]), total, page, pages };
}

/** An organisation's own projects, newest first: the public ones, or every status for its members. */
export async function listProjectsOfOrganisation(db: Db, organisationId: string, options: { members: boolean }): Promise<ProjectSummary[]> {
  let q = baseQuery(db).select(summaryColumns).where("p.organisation_id", "=", organisationId);
  if (!options.members) q = q.where("p.status", "in", [...publicStatuses]);
  const rows = await q.orderBy("p.created_at", "desc").orderBy("p.id").limit(50).execute();
  return summaries(db, rows as SummaryRow[]);
}

/** An initiator's own projects, every status (for "My projects"). */
export async function listProjectsOfInitiator(db: Db, initiatorId: string): Promise<ProjectSummary[]> {
  const rows = await baseQuery(db).select(summaryColumns).where("p.initiator_id", "=", initiatorId).orderBy("p.created_at", "desc").execute();
  return summaries(db, rows as SummaryRow[]);
}

/** The moderators' queue: submitted projects, oldest submission first. */
export async function listReviewQueue(db: Db): Promise<(ProjectSummary & { submittedAt: Date; resubmission: boolean })[]> {
  const rows = await baseQuery(db)
    .select([
      ...summaryColumns,
      sql<Date>`(select max(e.created_at) from project_events e where e.project_id = p.id and e.to_status = 'submitted')`.as("submitted_at"),
      sql<boolean>`exists (select 1 from project_events e where e.project_id = p.id and e.to_status = 'changes_requested')`.as("resubmission"),
    ])
    .where("p.status", "=", "submitted")
    .orderBy("submitted_at")
    .execute();
  const list = await summaries(db, rows as unknown as SummaryRow[]);
  return list.map((s, i) => ({ ...s, submittedAt: new Date(rows[i]!.submitted_at), resubmission: Boolean(rows[i]!.resubmission) }));
}

/** The project's lifecycle history (review messages included), oldest first. */
export async function listProjectEvents(db: Db, projectId: string): Promise<ProjectHistoryEntry[]> {
  const rows = await db
    .selectFrom("project_events as e")
    .leftJoin("users as u", "u.id", "e.actor_id")
    .select(["e.event", "e.from_status", "e.to_status", "e.note", "e.created_at", "u.display_name", "u.role"])
    .where("e.project_id", "=", projectId)
    .orderBy("e.id")
    .execute();
  return rows.map((r) => ({
    event: r.event,
    from: r.from_status,
    to: r.to_status,
    note: r.note,
    at: r.created_at,
    actor: r.display_name ? { displayName: r.display_name, role: r.role ?? "member" } : null,
  }));
}

async function uniqueSlug(db: Db, title: string): Promise<string> {
  const base = slugBase(title);
  const taken = new Set((await db.selectFrom("projects").select("slug").where("slug", "like", `${base}%`).execute()).map((r) => r.slug));
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
}

async function replaceBudgetLines(trx: Trx, projectId: string, lines: BudgetLine[]): Promise<void> {
  await trx.deleteFrom("project_budget_lines").where("project_id", "=", projectId).execute();
  if (lines.length === 0) return;
  await trx
    .insertInto("project_budget_lines")
    .values(lines.map((l, position) => ({ project_id: projectId, position, description: l.description, amount_cents: l.amountCents })))
    .execute();
}

export type SaveProjectError = ImageError | "projects.error.neighbourhoodRequired" | "projects.error.notEditable";

/** The cover's files, validated and stored outside the transaction; its row comes with the project's write. */
async function prepareCover(
  deps: { storage: FileStorage },
  ownerId: string,
  cover: Buffer | undefined,
): Promise<{ ok: true; image: PreparedImage | null } | { ok: false; field: "cover"; error: ImageError }> {
  if (!cover) return { ok: true, image: null };
  const prepared = await prepareImage(deps.storage, { ownerId, purpose: "project_cover", data: cover });
  return prepared.ok ? { ok: true, image: prepared.image } : { ok: false, field: "cover", error: prepared.error };
}

const recordCover = async (trx: Db, image: PreparedImage | null, now: Date) => (image ? (await recordUpload(trx, image, now)).id : undefined);

/**
 * Creates a draft. The cover (if any) is validated and stored first, outside the transaction;
 * the project, its funding plan and its first event are written together.
 */
export async function createProject(
  deps: { db: Db; storage: FileStorage },
  input: {
    initiatorId: string;
    project: ProjectInput;
    cover?: Buffer;
    now: Date;
    /** An organisation's own project; the caller checked that the initiator is a member of a verified one. */
    organisationId?: string | null;
  },
): Promise<{ ok: true; slug: string } | { ok: false; field: string; error: SaveProjectError }> {
  const cover = await prepareCover(deps, input.initiatorId, input.cover);
  if (!cover.ok) return cover;
  const p = input.project;
  return deps.db.transaction().execute(async (trx) => {
    const neighbourhood = await trx.selectFrom("neighbourhoods").select("id").where("id", "=", p.neighbourhoodId).executeTakeFirst();
    if (!neighbourhood) return { ok: false as const, field: "neighbourhoodId", error: "projects.error.neighbourhoodRequired" as const };
    const coverId = await recordCover(trx, cover.image, input.now);
    const slug = await uniqueSlug(trx, p.title);
    const row = await trx
      .insertInto("projects")
      .values({
        slug,
        initiator_id: input.initiatorId,
        organisation_id: input.organisationId ?? null,
        neighbourhood_id: p.neighbourhoodId,
        title: p.title,
        summary: p.summary,
        story: p.story,
        category: p.category,
        cover_upload_id: coverId ?? null,
        goal_cents: p.goal,
        funding_model: p.fundingModel,
        duration_days: p.durationDays,
        created_at: input.now,
        updated_at: input.now,
      })
      .returning(["id", "slug"])
      .executeTakeFirstOrThrow();
    await replaceBudgetLines(trx, row.id, p.lines);
    await trx
      .insertInto("project_events")
      .values({ project_id: row.id, actor_id: input.initiatorId, event: "created", from_status: null, to_status: "draft", created_at: input.now })
      .execute();
    return { ok: true as const, slug: row.slug };
  });
}

/** Edits a draft (or a project the moderator sent back). The slug stays: links keep working. */
export async function updateProject(
  deps: { db: Db; storage: FileStorage },
  input: { projectId: string; actorId: string; project: ProjectInput; cover?: Buffer; now: Date },
): Promise<{ ok: true; slug: string } | { ok: false; field: string; error: SaveProjectError }> {
  const cover = await prepareCover(deps, input.actorId, input.cover);
  if (!cover.ok) return cover;
  const p = input.project;
  return deps.db.transaction().execute(async (trx) => {
    const current = await lockProject(trx, input.projectId);
    if (!current || current.initiator_id !== input.actorId) return { ok: false as const, field: "_form", error: "projects.error.notEditable" as const };
    if (!isEditable(current.status)) return { ok: false as const, field: "_form", error: "projects.error.notEditable" as const };
    const neighbourhood = await trx.selectFrom("neighbourhoods").select("id").where("id", "=", p.neighbourhoodId).executeTakeFirst();
    if (!neighbourhood) return { ok: false as const, field: "neighbourhoodId", error: "projects.error.neighbourhoodRequired" as const };
    const coverId = await recordCover(trx, cover.image, input.now);
    await trx
      .updateTable("projects")
      .set({
        title: p.title,
        summary: p.summary,
        story: p.story,
        neighbourhood_id: p.neighbourhoodId,
        category: p.category,
        goal_cents: p.goal,
        funding_model: p.fundingModel,
        duration_days: p.durationDays,
        ...(coverId ? { cover_upload_id: coverId } : p.removeCover ? { cover_upload_id: null } : {}),
        updated_at: input.now,
      })
      .where("id", "=", current.id)
      .execute();
    await replaceBudgetLines(trx, current.id, p.lines);
    await trx
      .insertInto("project_events")
      .values({
        project_id: current.id,
        actor_id: input.actorId,
        event: "edited",
        from_status: current.status,
        to_status: current.status,
        created_at: input.now,
      })
      .execute();
    return { ok: true as const, slug: current.slug };
  });
}

/** Locks the project row for the rest of the transaction (every writer starts here). */
export async function lockProject(trx: Trx, projectId: string): Promise<ProjectRow | null> {
  return (await trx.selectFrom("projects").selectAll().where("id", "=", projectId).forUpdate().executeTakeFirst()) ?? null;
}

export async function projectSnapshot(trx: Trx, row: ProjectRow): Promise<ProjectSnapshot> {
  const [budget, charges, open, payout] = await Promise.all([
    trx
      .selectFrom("project_budget_lines")
      .select(sql<number>`coalesce(sum(amount_cents), 0)`.as("total"))
      .where("project_id", "=", row.id)
      .executeTakeFirstOrThrow(),
    trx
      .selectFrom("pledge_payment_attempts as a")
      .innerJoin("pledges as pl", "pl.id", "a.pledge_id")
      .select("a.id")
      .where("pl.project_id", "=", row.id)
      .where("a.kind", "=", "charge")
      .limit(1)
      .executeTakeFirst(),
    trx
      .selectFrom("pledges")
      .select(sql<number>`count(*)`.as("n"))
      .where("project_id", "=", row.id)
      .where("status", "in", ["active", "processing", "payment_failed"])
      .executeTakeFirstOrThrow(),
    trx.selectFrom("payouts").select("id").where("project_id", "=", row.id).where("status", "<>", "failed").limit(1).executeTakeFirst(),
  ]);
  return {
    status: row.status,
    fundingModel: row.funding_model,
    goalCents: row.goal_cents,
    pledgedCents: row.pledged_cents,
    matchedCents: row.matched_cents,
    durationDays: row.duration_days,
    endsAt: row.ends_at,
    budgetTotalCents: Number(budget.total),
    anyChargeStarted: charges !== undefined,
    openPledges: Number(open.n),
    payoutStarted: payout !== undefined,
    deliveredAt: row.delivered_at,
  };
}

export type ProjectActionError = ProjectTransitionError | TrustRefusal | "NotFound" | "NotAllowed";

/**
 * The registered trust gates (`extensions.trustGates`, answered by app/reputation; registered by
 * app/wiring.server.ts): who may submit a project. Projects never import reputation.
 */
// Per process, not per module: the server's bundle and Remix's each load this module (app/utils/process-registry.server.ts).
const registeredLaunchGates = processRegistry<TrustGates>("trustGates.launch");
export function registerLaunchGates(gates: TrustGates): void {
  registeredLaunchGates.set([gates]);
}
const launchGatesNow = (): TrustGates => registeredLaunchGates.get()[0] ?? openTrustGates;

export type Actor = { id: string; role: "member" | "moderator" | "admin" } | { id: null; role: "system" };

const isModerator = (actor: Actor) => actor.role === "moderator" || actor.role === "admin";

/** Who may send which event: the initiator steers their project, moderators review, the system settles. */
function mayApply(actor: Actor, row: ProjectRow, event: ProjectEvent): boolean {
  switch (event.type) {
    case "submit":
    case "launch":
    case "mark_delivered":
      return actor.id === row.initiator_id;
    case "request_changes":
    case "approve":
      // Nobody reviews their own project.
      return isModerator(actor) && actor.id !== row.initiator_id;
    case "cancel":
      return event.by === "initiator" ? actor.id === row.initiator_id : isModerator(actor);
    case "deadline_passed":
      return actor.role === "system";
    case "payout_paid":
      // Only the payout itself (app/payouts): nobody marks a project paid out by hand.
      return actor.role === "system";
    default: {
      const never: never = event;
      throw new Error(`Unknown project event ${JSON.stringify(never)}`);
    }
  }
}

/**
 * THE writer of project status (inside the caller's transaction): locks the row, applies the pure
 * transition, writes the new state and a project_events row, tells the people concerned, then runs
 * the registered transition effects in the same transaction — e.g. settlement releases the pledges
 * of a failed or cancelled project (`extensions.projectTransitionEffects`, app/wiring.server.ts).
 * Projects know nothing of pledges; the effects are required so no caller can forget them.
 */
export async function applyProjectEventTx(
  trx: Trx,
  input: { projectId: string; actor: Actor; event: ProjectEvent; now: Date },
  effects: readonly ProjectTransitionEffect[],
): Promise<{ ok: true; from: ProjectStatus; to: ProjectStatus; project: ProjectRow } | { ok: false; error: ProjectActionError }> {
  const row = await lockProject(trx, input.projectId);
  if (!row) return { ok: false, error: "NotFound" };
  if (!mayApply(input.actor, row, input.event)) return { ok: false, error: "NotAllowed" };
  const snapshot = await projectSnapshot(trx, row);
  const result = transitionProject(snapshot, input.event);
  if (!result.ok) return result;
  // The trust gate (docs/reputation.md): a new member (level 0) may not put a project up for review.
  if (input.event.type === "submit" && input.actor.id) {
    const refusal = await launchGatesNow().launchRefusal(trx, { userId: input.actor.id });
    if (refusal) return { ok: false, error: refusal };
  }
  const updated = await trx
    .updateTable("projects")
    .set({
      status: result.to,
      updated_at: input.now,
      ...(result.launchedAt ? { launched_at: result.launchedAt, ends_at: result.endsAt } : {}),
      ...(result.settled ? { settled_at: input.now } : {}),
      ...(result.to === "cancelled" ? { cancel_reason: result.note ?? null } : {}),
      ...(result.delivered ? { delivered_at: input.now } : {}),
    })
    .where("id", "=", row.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  const eventRow = await trx
    .insertInto("project_events")
    .values({
      project_id: row.id,
      actor_id: input.actor.id,
      event: input.event.type === "cancel" ? `cancel_by_${input.event.by}` : input.event.type,
      from_status: row.status,
      to_status: result.to,
      note: result.note ?? null,
      created_at: input.now,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  const change = {
    project: updated,
    from: row.status,
    to: result.to,
    note: result.note ?? null,
    actorId: input.actor.id,
    now: input.now,
    eventId: eventRow.id,
  };
  for (const effect of effects) await effect(trx, change);
  // A mark that leaves the status as it was (delivered) tells nobody "the project succeeded" again.
  if (row.status !== result.to) await notifyProjectTransition(trx, change);
  return { ok: true, from: row.status, to: result.to, project: updated };
}

export async function applyProjectEvent(
  db: Db,
  input: { projectId: string; actor: Actor; event: ProjectEvent; now: Date },
  effects: readonly ProjectTransitionEffect[],
): Promise<{ ok: true; from: ProjectStatus; to: ProjectStatus } | { ok: false; error: ProjectActionError }> {
  const result = await db.transaction().execute((trx) => applyProjectEventTx(trx, input, effects));
  return result.ok ? { ok: true, from: result.from, to: result.to } : result;
}

/**
 * Live projects a neighbour can lend an item to (items for projects): not their own, the ones in
 * their own neighbourhood first, then by deadline.
 */
export async function listLendableProjects(db: Db, viewer: { id: string; neighbourhoodId: string }, only?: { projectId: string }): Promise<LendableProject[]> {
  let query = db
    .selectFrom("projects as p")
    .innerJoin("neighbourhoods as n", "n.id", "p.neighbourhood_id")
    .select(["p.id", "p.slug", "p.title", "p.initiator_id", "n.name as neighbourhood_name", "p.ends_at"])
    .where("p.status", "=", "live")
    .where("p.initiator_id", "<>", viewer.id)
    .orderBy(sql`case when p.neighbourhood_id = ${viewer.neighbourhoodId} then 0 else 1 end`)
    .orderBy("p.ends_at")
    .orderBy("p.id")
    .limit(100);
  if (only) query = query.where("p.id", "=", only.projectId);
  const rows = await query.execute();
  return rows.map((r) => ({ id: r.id, slug: r.slug, title: r.title, initiatorId: r.initiator_id, neighbourhoodName: r.neighbourhood_name, endsAt: r.ends_at }));
}
