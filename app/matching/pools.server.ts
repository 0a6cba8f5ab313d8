import type { MatchChargeState } from "./match-charge";
import type { MatchingPoolRow } from "../../db/schema";
import type { Db } from "../utils/db.server";
import { isUuid } from "../utils/ids";
import { toMatchPool, toMatchProject } from "./matching.server";
import type { PoolInput } from "./matching-schema";
import { roleInOrganisation, toOrganisationView } from "./organisations.server";
import { checkReservation } from "./fund";
import { lockFund, readFundMoney } from "./funds.server";
import { matchFor, poolCoversProject } from "./rules";
import type { DashboardMatch, OrganisationDashboard, PoolProjectLine, PoolView, ProjectMatchLine } from "./views";

/** Pools: creating them, their public page, the project page's lines, the organisation dashboard. */

export type CreatePoolError = "NotFound" | "NotAllowed" | "NotVerified" | "UnknownNeighbourhood" | "NoFund" | "FundTooSmall";

/** Days are read as Amsterdam days: a pool runs from the start of its first day to the end of its last. */
function amsterdamMidnight(isoDay: string): Date {
  // Noon UTC is the same calendar day in Amsterdam; step back to local midnight from there.
  const noon = new Date(`${isoDay}T12:00:00Z`);
  const local = new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/Amsterdam", hour: "2-digit", hourCycle: "h23" }).format(noon);
  const offsetHours = Number(local) - 12;
  return new Date(Date.UTC(noon.getUTCFullYear(), noon.getUTCMonth(), noon.getUTCDate()) - offsetHours * 3600_000);
}

export function poolPeriod(input: Pick<PoolInput, "startsOn" | "endsOn">): { startsAt: Date; endsAt: Date } {
  const startsAt = amsterdamMidnight(input.startsOn);
  const end = new Date(`${input.endsOn}T12:00:00Z`);
  end.setUTCDate(end.getUTCDate() + 1);
  return { startsAt, endsAt: amsterdamMidnight(end.toISOString().slice(0, 10)) };
}

/**
 * A member of a verified organisation creates a pool. Its rules are fixed once created (they are
 * public and projects are matched by them; a change would be a new pool). A pool funded from the
 * organisation's neighbourhood fund (decision 080) reserves its budget from the fund's unallocated
 * money: under the fund row's lock, so two pools created at once never reserve more than the fund
 * holds (`checkReservation`, ./fund.ts).
 */
export async function createPool(
  db: Db,
  input: { organisationSlug: string; actor: { id: string; role: string }; pool: PoolInput; now: Date },
): Promise<{ ok: true; poolId: string } | { ok: false; error: CreatePoolError }> {
  const org = await db.selectFrom("organisations").selectAll().where("slug", "=", input.organisationSlug).executeTakeFirst();
  if (!org) return { ok: false, error: "NotFound" };
  if (!(await roleInOrganisation(db, org.id, input.actor))) return { ok: false, error: "NotAllowed" };
  if (org.status !== "verified") return { ok: false, error: "NotVerified" };
  const p = input.pool;
  if (p.neighbourhoodIds.length > 0) {
    const known = await db.selectFrom("neighbourhoods").select("id").where("id", "in", p.neighbourhoodIds).execute();
    if (known.length !== new Set(p.neighbourhoodIds).size) return { ok: false, error: "UnknownNeighbourhood" };
  }
  const { startsAt, endsAt } = poolPeriod(p);
  return db.transaction().execute(async (trx) => {
    if (p.fromFund) {
      if (!(await lockFund(trx, org.id))) return { ok: false as const, error: "NoFund" as const };
      const money = await readFundMoney(trx, org.id);
      const check = checkReservation({ cashCents: money.cashCents, pools: money.pools, budgetCents: p.budget, at: input.now });
      if (!check.ok) return { ok: false as const, error: check.error };
    }
    const row = await trx
      .insertInto("matching_pools")
      .values({
        organisation_id: org.id,
        name: p.name,
        description: p.description,
        budget_cents: p.budget,
        ratio_bps: p.ratioPercent * 100,
        cap_per_project_cents: p.capPerProject,
        neighbourhood_ids: [...new Set(p.neighbourhoodIds)],
        categories: [...new Set(p.categories)],
        min_backers: p.minBackers,
        threshold_bps: p.thresholdPercent === null ? null : p.thresholdPercent * 100,
        starts_at: startsAt,
        ends_at: endsAt,
        created_by: input.actor.id,
        created_at: input.now,
        fund_organisation_id: p.fromFund ? org.id : null,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    return { ok: true as const, poolId: row.id };
  });
}

async function neighbourhoodNames(db: Db, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom("neighbourhoods")
    .select(["id", "name"])
    .where("id", "in", [...ids])
    .execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

async function toPoolViews(db: Db, rows: (MatchingPoolRow & { org_slug: string; org_name: string })[]): Promise<PoolView[]> {
  const names = await neighbourhoodNames(db, [...new Set(rows.flatMap((r) => r.neighbourhood_ids))]);
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    description: r.description,
    organisation: { slug: r.org_slug, name: r.org_name },
    budgetCents: r.budget_cents,
    committedCents: r.committed_cents,
    paidCents: r.paid_cents,
    ratioBps: r.ratio_bps,
    capPerProjectCents: r.cap_per_project_cents,
    neighbourhoods: r.neighbourhood_ids.map((id) => ({ id, name: names.get(id) ?? id })),
    categories: r.categories,
    minBackers: r.min_backers,
    thresholdBps: r.threshold_bps,
    startsAt: r.starts_at,
    endsAt: r.ends_at,
    createdAt: r.created_at,
  }));
}

function poolsQuery(db: Db) {
  return db
    .selectFrom("matching_pools as mp")
    .innerJoin("organisations as o", "o.id", "mp.organisation_id")
    .selectAll("mp")
    .select(["o.slug as org_slug", "o.name as org_name"])
    .where("o.status", "=", "verified");
}

/**
 * A pool's public page: its rules, and for every public project it matches or could match (in its
 * neighbourhoods and categories, live or matched before) what it gets and why — the same
 * `matchFor` that decided the money, so the words and the cents agree.
 */
export async function getPoolPage(db: Db, poolId: string, now: Date): Promise<{ pool: PoolView; projects: PoolProjectLine[] } | null> {
  if (!isUuid(poolId)) return null;
  const row = await poolsQuery(db).where("mp.id", "=", poolId).executeTakeFirst();
  if (!row) return null;
  const [pool] = await toPoolViews(db, [row]);
  const matches = await db.selectFrom("pool_matches").selectAll().where("pool_id", "=", row.id).execute();
  const byProject = new Map(matches.map((m) => [m.project_id, m]));
  let q = db
    .selectFrom("projects as p")
    .innerJoin("neighbourhoods as n", "n.id", "p.neighbourhood_id")
    .selectAll("p")
    .select("n.name as neighbourhood_name")
    .where((eb) => eb.or([eb("p.status", "=", "live"), ...(matches.length ? [eb("p.id", "in", [...byProject.keys()])] : [])]))
    .where("p.status", "in", ["live", "succeeded", "failed", "paid_out", "cancelled"])
    .orderBy("p.ends_at")
    .orderBy("p.id")
    .limit(200);
  if (row.neighbourhood_ids.length > 0) q = q.where("p.neighbourhood_id", "in", row.neighbourhood_ids);
  const projects = await q.execute();
  const lines: PoolProjectLine[] = [];
  for (const p of projects) {
    const match = byProject.get(p.id);
    // Not in its categories and never matched: not this pool's business (the rules say so).
    if (!match && poolCoversProject({ neighbourhoodIds: row.neighbourhood_ids, categories: row.categories }, toMatchProject(p))) continue;
    const [line] = matchFor(toMatchProject(p), { pledgedCents: p.pledged_cents, backers: p.backer_count }, [toMatchPool(row, match)], now).pools;
    lines.push({
      slug: p.slug,
      title: p.title,
      neighbourhoodName: p.neighbourhood_name,
      projectStatus: p.status,
      // For a live project in the period the rules' answer is exactly what was committed (recomputed
      // at its last pledge change); for the others the stored match is the answer.
      cents: match && match.status !== "committed" ? match.cents : line!.cents,
      matchStatus: match?.status ?? null,
      reason: line!.reason,
      thresholdCents: line!.thresholdCents,
      backersNeeded: line!.backersNeeded,
    });
  }
  return { pool: pool!, projects: lines };
}

/** Pools of verified organisations whose period has not ended, for the organisations index. */
export async function listOpenPools(db: Db, now: Date): Promise<PoolView[]> {
  return toPoolViews(db, await poolsQuery(db).where("mp.ends_at", ">", now).orderBy("mp.created_at").orderBy("mp.id").execute());
}

/** The matching lines of a project page ("+ € 340 van Wijkfonds Oost"), oldest pool first. */
export async function listProjectMatches(db: Db, projectId: string): Promise<ProjectMatchLine[]> {
  const rows = await db
    .selectFrom("pool_matches as m")
    .innerJoin("matching_pools as mp", "mp.id", "m.pool_id")
    .innerJoin("organisations as o", "o.id", "mp.organisation_id")
    .select(["m.pool_id", "mp.name as pool_name", "o.name as org_name", "o.slug as org_slug", "m.cents", "m.status"])
    .where("m.project_id", "=", projectId)
    .where("m.status", "<>", "released")
    .where("m.cents", ">", 0)
    .orderBy("mp.created_at")
    .orderBy("mp.id")
    .execute();
  return rows.map((r) => ({
    poolId: r.pool_id,
    poolName: r.pool_name,
    organisationName: r.org_name,
    organisationSlug: r.org_slug,
    cents: r.cents,
    status: r.status,
  }));
}

/** The organisation's dashboard: pools, committed, owed, paid, per project. Members and site admins only. */
export async function getOrganisationDashboard(
  db: Db,
  slug: string,
  user: { id: string; role: string },
): Promise<OrganisationDashboard | "NotFound" | "NotAllowed"> {
  const org = await db.selectFrom("organisations").selectAll().where("slug", "=", slug).executeTakeFirst();
  if (!org) return "NotFound";
  const role = await roleInOrganisation(db, org.id, user);
  if (!role) return "NotAllowed";
  const poolRows = await db
    .selectFrom("matching_pools as mp")
    .innerJoin("organisations as o", "o.id", "mp.organisation_id")
    .selectAll("mp")
    .select(["o.slug as org_slug", "o.name as org_name"])
    .where("mp.organisation_id", "=", org.id)
    .orderBy("mp.created_at")
    .orderBy("mp.id")
    .execute();
  const pools = await toPoolViews(db, poolRows);
  const matchRows = poolRows.length
    ? await db
        .selectFrom("pool_matches as m")
        .innerJoin("projects as p", "p.id", "m.project_id")
        .select([
          "m.pool_id",
          "m.project_id",
          "p.slug",
          "p.title",
          "p.status as project_status",
          "m.status",
          "m.cents",
          "m.paid_at",
          "m.paid_reference",
          "m.charge_state",
          "m.charge_failure",
        ])
        .where(
          "m.pool_id",
          "in",
          poolRows.map((r) => r.id),
        )
        .orderBy("p.title")
        .execute()
    : [];
  const byPool = new Map<string, DashboardMatch[]>();
  for (const m of matchRows) {
    const list = byPool.get(m.pool_id) ?? [];
    list.push({
      projectId: m.project_id,
      projectSlug: m.slug,
      projectTitle: m.title,
      projectStatus: m.project_status,
      status: m.status,
      cents: m.cents,
      paidAt: m.paid_at,
      paidReference: m.paid_reference,
      chargeState: m.charge_state,
      chargeFailure: m.charge_failure,
    });
    byPool.set(m.pool_id, list);
  }
  const members = await db
    .selectFrom("organisation_members as om")
    .innerJoin("users as u", "u.id", "om.user_id")
    .select(["u.handle", "u.display_name", "om.role"])
    .where("om.organisation_id", "=", org.id)
    .orderBy("u.display_name")
    .execute();
  const owed = matchRows.filter((m) => m.status === "obligated").reduce((s, m) => s + m.cents, 0);
  return {
    organisation: toOrganisationView(org),
    role,
    pools: pools.map((p) => ({ ...p, matches: byPool.get(p.id) ?? [] })),
    totals: {
      budgetCents: pools.reduce((s, p) => s + p.budgetCents, 0),
      committedCents: pools.reduce((s, p) => s + p.committedCents, 0),
      owedCents: owed,
      paidCents: pools.reduce((s, p) => s + p.paidCents, 0),
    },
    members: members.map((m) => ({ handle: m.handle, displayName: m.display_name, role: m.role })),
  };
}

/** Obligations still to pay (admin page), oldest first, with what a charge on the saved method is doing. */
export async function listOpenObligations(db: Db): Promise<
  {
    poolId: string;
    poolName: string;
    organisationName: string;
    projectId: string;
    projectSlug: string;
    projectTitle: string;
    cents: number;
    since: Date;
    chargeState: MatchChargeState | null;
    chargeFailure: string | null;
  }[]
> {
  const rows = await db
    .selectFrom("pool_matches as m")
    .innerJoin("matching_pools as mp", "mp.id", "m.pool_id")
    .innerJoin("organisations as o", "o.id", "mp.organisation_id")
    .innerJoin("projects as p", "p.id", "m.project_id")
    .select([
      "m.pool_id",
      "mp.name as pool_name",
      "o.name as org_name",
      "m.project_id",
      "p.slug",
      "p.title",
      "m.cents",
      "m.updated_at",
      "m.charge_state",
      "m.charge_failure",
    ])
    .where("m.status", "=", "obligated")
    .orderBy("m.updated_at")
    .execute();
  return rows.map((r) => ({
    poolId: r.pool_id,
    poolName: r.pool_name,
    organisationName: r.org_name,
    projectId: r.project_id,
    projectSlug: r.slug,
    projectTitle: r.title,
    cents: r.cents,
    since: r.updated_at,
    chargeState: r.charge_state,
    chargeFailure: r.charge_failure,
  }));
}
