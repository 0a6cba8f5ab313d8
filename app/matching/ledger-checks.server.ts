import { sql } from "kysely";
import type { LedgerCheck } from "../ledger/verify.server";
import { reservedCents } from "./fund";

/**
 * `npm run ledger:verify` check of matching (docs/decisions/056-matching-pools.md): the pools'
 * committed and paid cents equal their matches; every project's matched_cents equals its matches;
 * the ledger owes each project exactly its obligated matches (project_matching:<id>) and its cash
 * holds exactly the paid ones. Read-only; one line per problem.
 */
export const matchingMatchesLedger: LedgerCheck = {
  name: "matching: pools within budget and equal to their matches; obligations and payments equal the ledger",
  async run(db) {
    const problems: string[] = [];
    const pools = await sql<{ id: string; name: string; budget: number; committed: number; paid: number; held: number; paid_matches: number }>`
      select mp.id, mp.name, mp.budget_cents as budget, mp.committed_cents as committed, mp.paid_cents as paid,
             coalesce((select sum(m.cents) from pool_matches m where m.pool_id = mp.id and m.status <> 'released'), 0)::bigint as held,
             coalesce((select sum(m.cents) from pool_matches m where m.pool_id = mp.id and m.status = 'paid'), 0)::bigint as paid_matches
      from matching_pools mp order by mp.created_at, mp.id`.execute(db);
    for (const p of pools.rows) {
      if (Number(p.committed) > Number(p.budget))
        problems.push(`pool ${p.name}: committed ${Number(p.committed)} cents, more than its budget ${Number(p.budget)}`);
      if (Number(p.committed) !== Number(p.held)) problems.push(`pool ${p.name}: committed ${Number(p.committed)} cents, its matches hold ${Number(p.held)}`);
      if (Number(p.paid) !== Number(p.paid_matches)) problems.push(`pool ${p.name}: paid ${Number(p.paid)} cents, its paid matches ${Number(p.paid_matches)}`);
    }
    const projects = await sql<{ slug: string; matched: number; held: number; obligated: number; owed: number; paid: number; received: number }>`
      select p.slug, p.matched_cents as matched,
        coalesce((select sum(m.cents) from pool_matches m where m.project_id = p.id and m.status <> 'released'), 0)::bigint as held,
        coalesce((select sum(m.cents) from pool_matches m where m.project_id = p.id and m.status = 'obligated'), 0)::bigint as obligated,
        coalesce((select sum(e.amount_cents) from ledger_entries e where e.book = 'commitment' and e.account = 'project_matching:' || p.id::text), 0)::bigint as owed,
        coalesce((select sum(m.cents) from pool_matches m where m.project_id = p.id and m.status = 'paid'), 0)::bigint as paid,
        coalesce((select sum(e.amount_cents) from ledger_entries e join ledger_journals j on j.id = e.journal_id
                  where e.book = 'cash' and e.account = 'project:' || p.id::text and j.kind like 'matching.%'), 0)::bigint as received
      from projects p
      where p.matched_cents <> 0 or exists (select 1 from pool_matches m where m.project_id = p.id)
      order by p.slug`.execute(db);
    for (const r of projects.rows) {
      if (Number(r.matched) !== Number(r.held)) problems.push(`project ${r.slug}: matched ${Number(r.matched)} cents, its matches hold ${Number(r.held)}`);
      if (Number(r.obligated) !== Number(r.owed))
        problems.push(`project ${r.slug}: ${Number(r.owed)} cents of matching owed in the ledger, obligations ${Number(r.obligated)}`);
      if (Number(r.paid) !== Number(r.received))
        problems.push(`project ${r.slug}: ${Number(r.received)} cents of matching received in the ledger, paid matches ${Number(r.paid)}`);
    }
    return problems;
  },
};

/**
 * `npm run ledger:verify` check of neighbourhood funds (decision 080): a fund's cash never goes below
 * zero; what it paid equals its pools' paid matches; and its pools never reserve more than it holds.
 * Reservations are read at the moment the newest of its pools was created (the pool writer's check,
 * ./fund.ts), with today's paid and promised cents: a paid match lowers cash and reservation alike
 * and reservations only shrink, so a fund that passed then and passes this was never over-reserved.
 */
export const fundsWithinTheirMoney: LedgerCheck = {
  name: "matching: neighbourhood funds pay only what they hold, and their pools never reserve more than the fund",
  async run(db) {
    const problems: string[] = [];
    const funds = await sql<{ organisation_id: string; name: string; cash: number; paid_out: number; paid_matches: number }>`
      select f.organisation_id, o.name,
        coalesce((select sum(e.amount_cents) from ledger_entries e
                  where e.book = 'cash' and e.account = 'organisation_fund:' || f.organisation_id::text), 0)::bigint as cash,
        coalesce((select -sum(e.amount_cents) from ledger_entries e join ledger_journals j on j.id = e.journal_id
                  where e.book = 'cash' and e.account = 'organisation_fund:' || f.organisation_id::text and j.kind = 'matching.paid'), 0)::bigint as paid_out,
        coalesce((select sum(mp.paid_cents) from matching_pools mp where mp.fund_organisation_id = f.organisation_id), 0)::bigint as paid_matches
      from organisation_funds f join organisations o on o.id = f.organisation_id
      order by o.name`.execute(db);
    for (const f of funds.rows) {
      const cash = Number(f.cash);
      if (cash < 0) problems.push(`fund ${f.name}: its cash is ${cash} cents, below zero`);
      if (Number(f.paid_out) !== Number(f.paid_matches))
        problems.push(`fund ${f.name}: paid ${Number(f.paid_out)} cents to projects in the ledger, its pools' paid matches ${Number(f.paid_matches)}`);
      const pools = await sql<{ budget: number; committed: number; paid: number; ends_at: Date; created_at: Date }>`
        select budget_cents as budget, committed_cents as committed, paid_cents as paid, ends_at, created_at
        from matching_pools where fund_organisation_id = ${f.organisation_id}`.execute(db);
      if (pools.rows.length === 0) continue;
      const at = new Date(Math.max(...pools.rows.map((p) => new Date(p.created_at).getTime())));
      const reserved = reservedCents(
        pools.rows.map((p) => ({ budgetCents: Number(p.budget), committedCents: Number(p.committed), paidCents: Number(p.paid), endsAt: new Date(p.ends_at) })),
        at,
      );
      if (reserved > cash) problems.push(`fund ${f.name}: its pools reserve ${reserved} cents, it holds ${cash}`);
    }
    // A pool's matches are paid from its fund's cash, and only a fund pool's are.
    const wrongPayer = await sql<{ name: string }>`
      select distinct mp.name from ledger_journals j
      join ledger_entries e on e.journal_id = j.id and e.book = 'cash' and e.amount_cents < 0
      join matching_pools mp on mp.id::text = j.refs->>'poolId'
      where j.kind = 'matching.paid'
        and (e.account like 'organisation_fund:%') <> (mp.fund_organisation_id is not null)
      order by 1`.execute(db);
    for (const r of wrongPayer.rows) problems.push(`pool ${r.name}: a match paid from the wrong account (fund or organisation)`);
    return problems;
  },
};
