import { sql } from "kysely";
import type { LedgerCheck } from "../ledger/verify.server";

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
