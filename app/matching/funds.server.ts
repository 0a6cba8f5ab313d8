/**
 * Neighbourhood funds (buurtfonds) run by organisations (docs/decisions/080-neighbourhood-funds.md).
 * An organisation admin of a verified organisation opens the fund with its story; neighbours give to
 * it monthly (app/recurring: every paid month lands in `organisation_fund:<organisationId>`); the
 * organisation allocates it through matching pools funded from the fund (./pools.server.ts
 * reserves their budgets, ./matching.server.ts pays their matches from the fund's cash).
 * This module is the fund row's one writer and reads the fund's money from the ledger.
 */
import { sql } from "kysely";
import type { OrganisationFundRow } from "../../db/schema";
import { accounts } from "../ledger/ledger";
import type { Db, Trx } from "../utils/db.server";
import { type FundPool, reservedCents, unallocatedCents } from "./fund";
import { roleInOrganisation, toOrganisationView } from "./organisations.server";
import type { FundPageView } from "./views";

export type SaveFundError = "NotFound" | "NotAllowed" | "NotVerified";

/**
 * Opens the organisation's fund, or changes its story: organisation admins (and site admins) of a
 * verified organisation. Each change leaves an organisation_events row (`fund_opened`, `fund_story`).
 */
export async function saveFund(
  db: Db,
  input: { organisationSlug: string; actor: { id: string; role: string }; story: string; now: Date },
): Promise<{ ok: true; opened: boolean } | { ok: false; error: SaveFundError }> {
  return db.transaction().execute(async (trx) => {
    const org = await trx.selectFrom("organisations").selectAll().where("slug", "=", input.organisationSlug).forUpdate().executeTakeFirst();
    if (!org) return { ok: false as const, error: "NotFound" as const };
    if ((await roleInOrganisation(trx, org.id, input.actor)) !== "admin") return { ok: false as const, error: "NotAllowed" as const };
    if (org.status !== "verified") return { ok: false as const, error: "NotVerified" as const };
    const existing = await trx.selectFrom("organisation_funds").select("organisation_id").where("organisation_id", "=", org.id).forUpdate().executeTakeFirst();
    if (existing) {
      await trx.updateTable("organisation_funds").set({ story: input.story, updated_at: input.now }).where("organisation_id", "=", org.id).execute();
    } else {
      await trx
        .insertInto("organisation_funds")
        .values({ organisation_id: org.id, story: input.story, opened_by: input.actor.id, opened_at: input.now, updated_at: input.now })
        .execute();
    }
    await trx
      .insertInto("organisation_events")
      .values({
        organisation_id: org.id,
        actor_id: input.actor.id,
        event: existing ? "fund_story" : "fund_opened",
        from_status: org.status,
        to_status: org.status,
        created_at: input.now,
      })
      .execute();
    return { ok: true as const, opened: !existing };
  });
}

/**
 * The fund's cash and its pools, read in ONE statement (one snapshot): a match paid from the fund
 * between two reads would otherwise be seen on one side only (its cash gone, its reservation not yet
 * lowered) and make the fund look richer than it is.
 */
export async function readFundMoney(db: Db | Trx, organisationId: string): Promise<{ cashCents: number; pools: (FundPool & { id: string })[] }> {
  const rows = await sql<{ cash: number; id: string | null; budget: number | null; committed: number | null; paid: number | null; ends_at: Date | null }>`
    with cash as (
      select coalesce(sum(amount_cents), 0)::bigint as cents from ledger_entries
      where book = 'cash' and account = ${accounts.organisationFund(organisationId)}
    )
    select cash.cents as cash, mp.id, mp.budget_cents as budget, mp.committed_cents as committed, mp.paid_cents as paid, mp.ends_at
    from cash left join matching_pools mp on mp.fund_organisation_id = ${organisationId}
    order by mp.created_at, mp.id`.execute(db);
  const cashCents = Number(rows.rows[0]?.cash ?? 0);
  const pools = rows.rows
    .filter((r) => r.id !== null)
    .map((r) => ({ id: r.id!, budgetCents: Number(r.budget), committedCents: Number(r.committed), paidCents: Number(r.paid), endsAt: new Date(r.ends_at!) }));
  return { cashCents, pools };
}

/** Locks the fund row: pools funded from it are created one at a time (./pools.server.ts). */
export async function lockFund(trx: Trx, organisationId: string): Promise<OrganisationFundRow | null> {
  return (await trx.selectFrom("organisation_funds").selectAll().where("organisation_id", "=", organisationId).forUpdate().executeTakeFirst()) ?? null;
}

/** What is free in the fund now (the pool form's hint), or null without a fund. */
export async function fundUnallocated(db: Db, organisationId: string, now: Date): Promise<number | null> {
  const fund = await db.selectFrom("organisation_funds").select("organisation_id").where("organisation_id", "=", organisationId).executeTakeFirst();
  if (!fund) return null;
  const money = await readFundMoney(db, organisationId);
  return unallocatedCents(money.cashCents, money.pools, now);
}

/**
 * The fund's public page: the story, its money (in, allocated to pools, paid to projects, free),
 * the pools funded from it and the projects it paid. Null when the organisation has no fund (or is
 * not verified). `canEdit` for its admins. The monthly givers' totals come from app/recurring.
 */
export async function getFundPage(db: Db, slug: string, viewer: { id: string; role: string } | null, now: Date): Promise<FundPageView | null> {
  const org = await db.selectFrom("organisations").selectAll().where("slug", "=", slug).executeTakeFirst();
  if (!org) return null;
  const fund = await db.selectFrom("organisation_funds").selectAll().where("organisation_id", "=", org.id).executeTakeFirst();
  const role = viewer ? await roleInOrganisation(db, org.id, viewer) : null;
  if (!fund || org.status !== "verified") {
    return role === "admin" && org.status === "verified" ? { organisation: toOrganisationView(org), fund: null, canEdit: true, isMember: true } : null;
  }
  const money = await readFundMoney(db, org.id);
  const pools = await db
    .selectFrom("matching_pools")
    .select(["id", "name", "budget_cents", "committed_cents", "paid_cents", "ends_at"])
    .where("fund_organisation_id", "=", org.id)
    .orderBy("created_at")
    .orderBy("id")
    .execute();
  const paid = await db
    .selectFrom("pool_matches as m")
    .innerJoin("matching_pools as mp", "mp.id", "m.pool_id")
    .innerJoin("projects as p", "p.id", "m.project_id")
    .select(["p.slug", "p.title", "m.cents", "m.paid_at", "mp.name as pool_name"])
    .where("mp.fund_organisation_id", "=", org.id)
    .where("m.status", "=", "paid")
    .orderBy("m.paid_at", "desc")
    .limit(50)
    .execute();
  const paidOut = money.pools.reduce((s, p) => s + p.paidCents, 0);
  return {
    organisation: toOrganisationView(org),
    canEdit: role === "admin",
    isMember: role !== null,
    fund: {
      story: fund.story,
      openedAt: fund.opened_at,
      cashCents: money.cashCents,
      receivedCents: money.cashCents + paidOut,
      reservedCents: reservedCents(money.pools, now),
      unallocatedCents: unallocatedCents(money.cashCents, money.pools, now),
      paidOutCents: paidOut,
      pools: pools.map((p) => ({
        id: p.id,
        name: p.name,
        budgetCents: p.budget_cents,
        committedCents: p.committed_cents,
        paidCents: p.paid_cents,
        endsAt: p.ends_at,
        open: now.getTime() < p.ends_at.getTime(),
      })),
      paidMatches: paid.map((m) => ({ projectSlug: m.slug, projectTitle: m.title, cents: m.cents, paidAt: m.paid_at, poolName: m.pool_name })),
    },
  };
}

/** The organisation's id for its fund page's "Geef maandelijks" (null when it has no open fund). */
export async function fundOrganisationId(db: Db, slug: string): Promise<string | null> {
  const row = await db
    .selectFrom("organisation_funds as f")
    .innerJoin("organisations as o", "o.id", "f.organisation_id")
    .select("o.id")
    .where("o.slug", "=", slug)
    .where("o.status", "=", "verified")
    .executeTakeFirst();
  return row?.id ?? null;
}
