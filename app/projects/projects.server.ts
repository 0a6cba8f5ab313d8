import { sql } from "kysely";
import type { ProjectRow } from "../../db/schema";
import type { MessageKey } from "../i18n/i18n";
import { getImages, type ImageError, type PreparedImage, prepareImage, recordUpload } from "../storage/images.server";
import type { StoredImage } from "../storage/images";
import type { FileStorage } from "../storage/storage.server";
import { type Db, pgErrorCode, type Trx } from "../utils/db.server";
import { decodeCursor, encodeCursor, type ListCursor, type ListOrder, listOrders } from "./list-order.server";
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
import { mayActOnProject } from "./team.server";
import type { RewardTier, ProjectDetail, ProjectHistoryEntry, LendableProject } from "./views";
import { asReviewContent, type ReviewChange, type ReviewContent, reviewChanges } from "./review-diff";
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
  return (await listTiersOf(db, [projectId])).get(projectId) ?? [];
}

/** The reward tiers of many projects in one query (a list page's, not one query per project). */
export async function listTiersOf(db: Db, projectIds: readonly string[]): Promise<Map<string, RewardTier[]>> {
  const byProject = new Map<string, RewardTier[]>(projectIds.map((id) => [id, []]));
  if (projectIds.length === 0) return byProject;
  const rows = await db
    .selectFrom("reward_tiers")
    .selectAll()
    .where("project_id", "in", projectIds)
    .orderBy("project_id")
    .orderBy("min_cents")
    .orderBy("created_at")
    .orderBy("id")
    .execute();
  for (const t of rows) {
    byProject.get(t.project_id)?.push({
      id: t.id,
      title: t.title,
      description: t.description,
      minCents: t.min_cents,
      quantity: t.quantity,
      claimed: t.claimed,
      remaining: t.quantity === null ? null : Math.max(0, t.quantity - t.claimed),
      pickupNote: t.pickup_note,
    });
  }
  return byProject;
}

/** The content a moderator reviews, as it is now (app/projects/review-diff.ts). */
export async function reviewContent(db: Db, row: ProjectRow): Promise<ReviewContent> {
  const [budget, tiers] = await Promise.all([listBudgetLines(db, row.id), listTiers(db, row.id)]);
  return {
    title: row.title,
    summary: row.summary,
    story: row.story,
    category: row.category,
    neighbourhoodId: row.neighbourhood_id,
    fundingModel: row.funding_model,
    goalCents: row.goal_cents,
    durationDays: row.duration_days,
    coverUploadId: row.cover_upload_id,
    budget,
    tiers: tiers.map((t) => ({ title: t.title, description: t.description, minCents: t.minCents, quantity: t.quantity, pickupNote: t.pickupNote })),
  };
}

/**
 * The version a moderator reviewed last: the content of the submit before the latest review
 * (changes requested). Null before any review — the first review has nothing to compare with.
 */
export async function lastReviewedContent(db: Db, projectId: string): Promise<{ content: ReviewContent; reviewedAt: Date } | null> {
  const review = await db
    .selectFrom("project_events")
    .select(["id", "created_at"])
    .where("project_id", "=", projectId)
    .where("event", "=", "request_changes")
    .orderBy("id", "desc")
    .limit(1)
    .executeTakeFirst();
  if (!review) return null;
  const submitted = await db
    .selectFrom("project_events")
    .select("content")
    .where("project_id", "=", projectId)
    .where("event", "=", "submit")
    .where("id", "<", review.id)
    .orderBy("id", "desc")
    .limit(1)
    .executeTakeFirst();
  const content = asReviewContent(submitted?.content);
  return content ? { content, reviewedAt: review.created_at } : null;
}

/** For the review page: what changed since the last "changes requested", or null before any review. */
export async function changesSinceReview(db: Db, projectId: string, money: (cents: number) => string): Promise<{ at: Date; changes: ReviewChange[] } | null> {
  const reviewed = await lastReviewedContent(db, projectId);
  if (!reviewed) return null;
  const row = await db.selectFrom("projects").selectAll().where("id", "=", projectId).executeTakeFirstOrThrow();
  return { at: reviewed.reviewedAt, changes: reviewChanges(reviewed.content, await reviewContent(db, row), money) };
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

/** What a public list may show: these statuses; hidden by a moderator, or by a suspended initiator, never (decision 060). */
function publicListQuery(db: Db, statuses: readonly ProjectStatus[]) {
  return baseQuery(db)
    .where("p.status", "in", [...statuses])
    .where("p.hidden_at", "is", null)
    .where("u.suspended_at", "is", null);
}

/** The public list with its filters (the list, the API and the map share them). */
function filteredListQuery(db: Db, query: Pick<ListQuery, "status" | "neighbourhood" | "category">) {
  let q = publicListQuery(db, listStatusFilter[query.status]);
  if (query.neighbourhood) q = q.where("p.neighbourhood_id", "=", query.neighbourhood);
  if (query.category) q = q.where("p.category", "=", query.category);
  return q;
}

/** A project's place: its neighbourhood's centroid, the mean of its postcode areas (projects have no postcode). */
const neighbourhoodLat = sql<number | null>`(select avg(pa.lat) from postcode_areas pa where pa.neighbourhood_id = p.neighbourhood_id)`;
const neighbourhoodLng = sql<number | null>`(select avg(pa.lng) from postcode_areas pa where pa.neighbourhood_id = p.neighbourhood_id)`;

/** The total the list shows is counted up to this many ("more than 1,000 projects"), never further. */
export const LIST_COUNT_CAP = 1_000;
/** Pages ahead of the current one the pager links to (their cursors come with the page's rows). */
export const PAGES_AHEAD = 2;

/** A link of the pager: the page's number and its cursor (`after` or `before`); the first page has none. */
export interface PageLink {
  page: number;
  after?: string;
  before?: string;
}

export interface ProjectList {
  projects: ProjectSummary[];
  /** Matching projects, counted up to LIST_COUNT_CAP (exact when `countCap: null`). */
  total: number;
  /** More than `total` match (the count stopped at the cap). */
  totalCapped: boolean;
  page: number;
  /** Pages of `total` (with `totalCapped`, at least this many). */
  pages: number;
  /** The pager (keyset): the previous page, the next pages as far as PAGES_AHEAD, and whether more follow. */
  previous: PageLink | null;
  ahead: PageLink[];
  moreAhead: boolean;
  /** With `near`: the area distances are measured from, or `nearUnknown` when the postcode is not in our table. */
  near: { postcode4: string; place: string } | null;
  nearUnknown: boolean;
  /** Kilometres from `near` by project id (one decimal); absent for a neighbourhood without postcode areas. */
  distances: Record<string, number>;
}

export interface ListPaging {
  /** A cursor (`?after=`): the page after that row. A cursor that is not one gives the first page. */
  after?: string | null;
  /** A cursor (`?before=`): the page before that row. */
  before?: string | null;
  /** Count up to this many (default LIST_COUNT_CAP); null counts all (the API's pages). */
  countCap?: number | null;
}

/** Only projects whose initiator is not suspended: an anti-join on the few suspended members (`users_suspended`), not a join of all. */
const initiatorNotSuspended = sql<boolean>`not exists (select from users su where su.id = p.initiator_id and su.suspended_at is not null)`;

/** The filters on projects alone: statuses, neighbourhood, category, not hidden, initiator not suspended. */
function listFilters<Q extends { where: (...args: never[]) => unknown }>(
  q: Q,
  query: Pick<ListQuery, "status" | "neighbourhood" | "category">,
  order: ListOrder,
): Q {
  const statuses = listStatusFilter[query.status];
  let r = (q as unknown as AnyWhere)
    .where("p.status", "in", [...statuses])
    .where("p.hidden_at", "is", null)
    .where(initiatorNotSuspended);
  // The order's first key says "live": with only live (or only ended) statuses, the index reads just that part.
  const live = statuses.every((s) => s === "live") ? order.liveValue : statuses.every((s) => s !== "live") ? !order.liveValue : null;
  // `is true`, not `= true`: the planner would fold `(status <> 'live') = false` into `status = 'live'`, no index condition.
  if (live !== null) r = r.where(sql<boolean>`${order.live} is ${sql.raw(live ? "true" : "false")}`);
  if (query.neighbourhood) r = r.where("p.neighbourhood_id", "=", query.neighbourhood);
  if (query.category) r = r.where("p.category", "=", query.category);
  return r as unknown as Q;
}
// A where-able builder over `projects as p` (the count's and the page's), for listFilters.
type AnyWhere = ReturnType<typeof _projectsAsP>;
function _projectsAsP(db: Db) {
  return db.selectFrom("projects as p");
}

/** The list's order for `query` (its `near` looked up): a reader of its rows in index order from a cursor, and the cursor of a row. */
async function orderedList(db: Db, query: ListQuery) {
  let near: { postcode4: string; place: string; lat: number; lng: number } | null = null;
  let nearUnknown = false;
  if (query.near) {
    const area = await db.selectFrom("postcode_areas").select(["postcode4", "place", "lat", "lng"]).where("postcode4", "=", query.near).executeTakeFirst();
    if (area) near = area;
    else nearUnknown = true;
  }
  const sort: ListSort = query.sort;
  const order = listOrders[sort];
  // `least` skips NULLs: without the `case`, a neighbourhood without postcode areas would be half the earth away.
  const distance = near
    ? sql<number | null>`case when ${neighbourhoodLat} is null then null else 2 * 6371 * asin(least(1, sqrt(
        power(sin(radians(${neighbourhoodLat} - ${near.lat}) / 2), 2) +
        cos(radians(${near.lat})) * cos(radians(${neighbourhoodLat})) * power(sin(radians(${neighbourhoodLng} - ${near.lng}) / 2), 2)))) end`
    : sql<number | null>`null::float8`;
  // Nearest first in either direction (negated for a descending order); no place sorts last.
  const distanceKey = sql`(${order.direction === "asc" ? sql`` : sql`-`}coalesce(${distance}, 1e9::float8))`;
  const keys = [...(near ? [{ sql: distanceKey, type: "float8" as const }] : []), ...order.keys];
  const nearCode = near ? near.postcode4 : null;
  const fetch = (from: ListCursor | null, forwards: boolean, limit: number, offset = 0) => {
    // Read forwards (the list's direction) or, for `before`, backwards from the cursor.
    const direction = forwards === (order.direction === "asc") ? "asc" : "desc";
    let q = listFilters(baseQuery(db).select(summaryColumns), query, order)
      .select(distance.as("distance_km"))
      .select(keys.map((k, i) => sql<string>`(${k.sql})::text`.as(`k${i}`)));
    if (from) {
      const values = from.values.map((v, i) => sql`cast(${v} as ${sql.raw(keys[i]!.type)})`);
      q = q.where(
        sql<boolean>`(${sql.join(keys.map((k) => k.sql))}, p.id) ${sql.raw(direction === "asc" ? ">" : "<")} (${sql.join(values)}, cast(${from.id} as uuid))`,
      );
    }
    for (const k of keys) q = q.orderBy(k.sql, direction);
    q = q.orderBy("p.id", direction).limit(limit);
    return (offset > 0 ? q.offset(offset) : q).execute();
  };
  type Row = Awaited<ReturnType<typeof fetch>>[number];
  const cursorOf = (r: Row, at: number): string =>
    encodeCursor({ sort, near: nearCode, page: at, values: keys.map((_, i) => String((r as Record<string, unknown>)[`k${i}`])), id: r.id });
  const decode = (raw: string | null | undefined) => decodeCursor(raw, sort, nearCode);
  return { near, nearUnknown, order, fetch, cursorOf, decode };
}

/**
 * The cursor of the page that starts after the row at `position` (0-based) of the list, or null past
 * its end: for an old `?page=N` link (decision 085). An offset over the index, bounded by the schema's
 * page limit, read once per old link.
 */
export async function listCursorAt(db: Db, query: ListQuery, position: number): Promise<string | null> {
  const list = await orderedList(db, query);
  const [row] = await list.fetch(null, true, 1, position);
  return row ? list.cursorOf(row, Math.floor(position / PAGE_SIZE) + 2) : null;
}

/**
 * The public projects list: filters, sorts and pages (the page and the API use the same query).
 * Each sort is read in index order (app/projects/list-order.server.ts) and paged by a cursor on
 * its keys (`paging.after`/`before`); the API's `page` still pages by offset over the same order.
 * The total is counted up to LIST_COUNT_CAP. With `near` a known postcode sorts by the
 * great-circle distance between its area's centroid and each project's neighbourhood centroid first
 * (the chosen sort breaks ties), as the items search does (docs/decisions/042, 068); that order
 * has no index (the distance is computed per row).
 */
export async function listProjects(db: Db, query: ListQuery, paging: ListPaging = {}): Promise<ProjectList> {
  const { near, nearUnknown, order, fetch, cursorOf, decode } = await orderedList(db, query);
  const cap = paging.countCap === undefined ? LIST_COUNT_CAP : paging.countCap;
  const totalRow = await db
    .selectFrom((eb) => {
      const matching = listFilters(eb.selectFrom("projects as p").select(sql`1`.as("one")), query, order);
      return (cap === null ? matching : matching.limit(cap + 1)).as("m");
    })
    .select(sql<string>`count(*)`.as("n"))
    .executeTakeFirstOrThrow();
  const counted = Number(totalRow.n);
  const total = cap === null ? counted : Math.min(counted, cap);
  const totalCapped = cap !== null && counted > cap;
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));

  const after = decode(paging.after);
  const before = after ? null : decode(paging.before);
  type Row = Awaited<ReturnType<typeof fetch>>[number];
  const window = PAGE_SIZE * (1 + PAGES_AHEAD) + 1;

  // The rows of the page in list order, its number, and the rows after it (for the pages ahead).
  let rows: Row[];
  let page: number;
  let backwards = false;
  try {
    if (before) {
      // The page before the cursor; with nothing before it, it is the first page.
      const back = (await fetch(before, false, PAGE_SIZE + 1)).reverse();
      if (back.length > PAGE_SIZE) {
        rows = back.slice(1);
        page = before.page;
        backwards = true;
      } else {
        rows = await fetch(null, true, window);
        page = 1;
      }
    } else if (after) {
      rows = await fetch(after, true, window);
      page = after.page;
      // A cursor past the end (the rows after it went): the first page.
      if (rows.length === 0) {
        rows = await fetch(null, true, window);
        page = 1;
      }
    } else {
      // No cursor: the first page, or the API's page by offset over the same order.
      page = paging.after || paging.before ? 1 : Math.min(query.page, pages);
      rows = await fetch(null, true, window, (page - 1) * PAGE_SIZE);
    }
  } catch (error) {
    // A value the format check let through but Postgres refuses (a 31st of February): the first page.
    if (!(after ?? before) || !String(pgErrorCode(error) ?? "").startsWith("22")) throw error;
    rows = await fetch(null, true, window);
    page = 1;
    backwards = false;
  }
  const shown = rows.slice(0, PAGE_SIZE);
  const ahead: PageLink[] = [];
  if (backwards) ahead.push({ page: page + 1, after: cursorOf(shown[shown.length - 1]!, page + 1) });
  else
    for (let k = 1; k <= PAGES_AHEAD && rows.length > PAGE_SIZE * k; k++) ahead.push({ page: page + k, after: cursorOf(rows[PAGE_SIZE * k - 1]!, page + k) });
  const moreAhead = !backwards && rows.length > PAGE_SIZE * (1 + PAGES_AHEAD);
  const previous: PageLink | null =
    page <= 1 || shown.length === 0 ? null : page === 2 ? { page: 1 } : { page: page - 1, before: cursorOf(shown[0]!, page - 1) };

  const distances: Record<string, number> = {};
  for (const r of shown) if (r.distance_km !== null) distances[r.id] = Math.round(Number(r.distance_km) * 10) / 10;
  return {
    projects: await summaries(db, shown as SummaryRow[]),
    total,
    totalCapped,
    page,
    pages: Math.max(pages, page),
    previous,
    ahead,
    moreAhead,
    near: near ? { postcode4: near.postcode4, place: near.place } : null,
    nearUnknown,
    distances,
  };
}

/** The map shows at most this many projects (the list pages through the rest). */
export const MAP_PROJECT_LIMIT = 500;

/**
 * The projects the public list shows with these filters, each at its neighbourhood's centroid
 * (the mean of its postcode areas; projects have no address of their own): the map's layer
 * (docs/decisions/068-map.md). A neighbourhood without postcode areas has no place on the map: its
 * projects stay in the list only. Newest first, at most MAP_PROJECT_LIMIT.
 */
export async function listProjectMarkers(
  db: Db,
  query: Pick<ListQuery, "status" | "neighbourhood" | "category">,
): Promise<{ slug: string; title: string; neighbourhood: { name: string; city: string }; lat: number; lng: number }[]> {
  const rows = await filteredListQuery(db, query)
    .select(["p.slug", "p.title", "n.name as neighbourhood_name", "n.city as neighbourhood_city", neighbourhoodLat.as("lat"), neighbourhoodLng.as("lng")])
    .orderBy(sql`coalesce(p.launched_at, p.created_at)`, "desc")
    .orderBy("p.id")
    .limit(MAP_PROJECT_LIMIT)
    .execute();
  return rows.flatMap((r) =>
    r.lat === null || r.lng === null
      ? []
      : [{ slug: r.slug, title: r.title, neighbourhood: { name: r.neighbourhood_name, city: r.neighbourhood_city }, lat: Number(r.lat), lng: Number(r.lng) }],
  );
}

/**
 * The projects the sitemap names (docs/decisions/065-seo-and-feeds.md): exactly those the public
 * list shows with "all" (live and ended, never a draft, one in review, a cancelled, hidden or
 * suspended one), most recently changed first, at most `limit`. Changed: the project itself, or
 * its newest visible update.
 */
export async function listSitemapProjects(db: Db, limit: number): Promise<{ slug: string; lastmod: Date; initiator: { handle: string; updatedAt: Date } }[]> {
  const rows = await publicListQuery(db, listStatusFilter.all)
    .select([
      "p.slug",
      "u.handle",
      "u.updated_at as initiator_updated_at",
      sql<Date>`greatest(p.updated_at, (select max(up.created_at) from project_updates up where up.project_id = p.id and up.hidden_at is null))`.as("lastmod"),
    ])
    .orderBy("lastmod", "desc")
    .orderBy("p.id")
    .limit(limit)
    .execute();
  return rows.map((r) => ({ slug: r.slug, lastmod: new Date(r.lastmod), initiator: { handle: r.handle, updatedAt: r.initiator_updated_at } }));
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
      // A team event while in review (decision 071) keeps the status: only status changes count.
      sql<Date>`(select max(e.created_at) from project_events e where e.project_id = p.id and e.to_status = 'submitted' and e.member_id is null)`.as(
        "submitted_at",
      ),
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
    .leftJoin("users as mu", "mu.id", "e.member_id")
    .select([
      "e.event",
      "e.from_status",
      "e.to_status",
      "e.note",
      "e.created_at",
      "u.display_name",
      "u.role",
      "mu.display_name as member_name",
      "e.member_role",
    ])
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
    member: r.member_name && r.member_role ? { displayName: r.member_name, role: r.member_role } : null,
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

export type SaveProjectError = ImageError | "projects.error.neighbourhoodRequired" | "projects.error.notEditable" | MessageKey;

/**
 * What else a new draft brings, in its own transaction (a post on the board it was made from, issue
 * 14): returns a refusal (a message key) to keep nothing, or null.
 */
export type DraftCompanion = (trx: Trx, projectId: string) => Promise<MessageKey | null>;

class CompanionRefused extends Error {
  constructor(readonly key: MessageKey) {
    super(key);
  }
}

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
    companion?: DraftCompanion;
  },
): Promise<{ ok: true; slug: string } | { ok: false; field: string; error: SaveProjectError }> {
  const cover = await prepareCover(deps, input.initiatorId, input.cover);
  if (!cover.ok) return cover;
  const p = input.project;
  try {
    return await createDraftTx(deps, input, p, cover.image);
  } catch (e) {
    if (e instanceof CompanionRefused) return { ok: false, field: "_form", error: e.key };
    throw e;
  }
}

async function createDraftTx(
  deps: { db: Db },
  input: { initiatorId: string; now: Date; organisationId?: string | null; companion?: DraftCompanion },
  p: ProjectInput,
  image: PreparedImage | null,
): Promise<{ ok: true; slug: string } | { ok: false; field: string; error: SaveProjectError }> {
  const cover = { image };
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
    const refused = input.companion ? await input.companion(trx, row.id) : null;
    // Thrown, so the transaction rolls back: the draft and what came with it are not kept.
    if (refused) throw new CompanionRefused(refused);
    return { ok: true as const, slug: row.slug };
  });
}

/** Edits a draft (or a project the moderator sent back). The slug stays: links keep working. */
export async function updateProject(
  deps: { db: Db; storage: FileStorage },
  input: { projectId: string; actorId: string; project: ProjectInput; cover?: Buffer; now: Date; companion?: DraftCompanion },
): Promise<{ ok: true; slug: string } | { ok: false; field: string; error: SaveProjectError }> {
  const cover = await prepareCover(deps, input.actorId, input.cover);
  if (!cover.ok) return cover;
  const p = input.project;
  try {
    return await deps.db.transaction().execute(async (trx) => {
      const current = await lockProject(trx, input.projectId);
      if (!current || !(await mayActOnProject(trx, current.id, input.actorId, "edit")))
        return { ok: false as const, field: "_form", error: "projects.error.notEditable" as const };
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
      // What the route saves with the project in its transaction (e.g. a community loan's terms).
      const refused = input.companion ? await input.companion(trx, current.id) : null;
      if (refused) throw new CompanionRefused(refused);
      return { ok: true as const, slug: current.slug };
    });
  } catch (e) {
    if (e instanceof CompanionRefused) return { ok: false, field: "_form", error: e.key };
    throw e;
  }
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
    // A settled project's payout is its one payout: once it has not failed, the money is the
    // initiator's. An ongoing project is paid monthly (decision 079): only a payout on its way blocks.
    trx
      .selectFrom("payouts")
      .select("id")
      .where("project_id", "=", row.id)
      .where("status", "in", row.funding_model === "ongoing" ? ["pending", "in_transit"] : ["pending", "in_transit", "paid"])
      .limit(1)
      .executeTakeFirst(),
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
      ...(result.launchedAt ? { launched_at: result.launchedAt, ends_at: result.endsAt ?? null } : {}),
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
      // What is sent for review is kept, so the next review shows what changed (issue 13 §15).
      content: input.event.type === "submit" ? JSON.stringify(await reviewContent(trx, row)) : null,
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
