import { sql } from "kysely";
import type { LedgerCheck } from "../ledger/verify.server";

/**
 * `npm run ledger:verify`: every loan's deposit commitment in the ledger matches the deposit's
 * state — the held amount while a card hold stands, nothing otherwise — and what was collected for
 * a claim reached the owner's account.
 */
export const depositsMatchLedger: LedgerCheck = {
  name: "lending: deposit commitments and collections match the deposits",
  async run(db) {
    const rows = await sql<{ loan_id: string; state: string; held_cents: number | null; collected_cents: number | null; committed: number; collected: number }>`
      select d.loan_id, d.state, d.held_cents, d.collected_cents,
        coalesce((select sum(e.amount_cents) from ledger_entries e where e.account = 'loan:' || d.loan_id and e.book = 'commitment'), 0)::bigint as committed,
        coalesce((select sum(e.amount_cents) from ledger_entries e join ledger_journals j on j.id = e.journal_id
                  where e.account = 'borrower:' || d.borrower_id and e.book = 'cash' and j.refs->>'loanId' = d.loan_id::text), 0)::bigint as collected
      from loan_deposits d
    `.execute(db);
    const problems: string[] = [];
    for (const r of rows.rows) {
      const expectedCommitted = r.state === "held" ? Number(r.held_cents) : 0;
      if (Number(r.committed) !== expectedCommitted)
        problems.push(`loan ${r.loan_id}: deposit ${r.state}, ledger commitment ${r.committed}, expected ${expectedCommitted}`);
      const expectedCollected = r.state === "captured" || r.state === "charged" ? -Number(r.collected_cents ?? 0) : 0;
      if (Number(r.collected) !== expectedCollected)
        problems.push(`loan ${r.loan_id}: deposit ${r.state}, borrower paid ${-Number(r.collected)} in the ledger, expected ${-expectedCollected}`);
    }
    return problems;
  },
};
