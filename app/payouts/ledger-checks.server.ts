import { sql } from "kysely";
import type { LedgerCheck } from "../ledger/verify.server";

/**
 * `npm run ledger:verify` checks of payouts (docs/decisions/053-payouts.md). Read-only.
 * Each payout's journals follow its status: sent once it left, paid once it arrived, failed (back on
 * the project) when the bank returned it — each exactly for the payout's amount; what is in transit
 * in the ledger is what the payouts say is; and no project ever paid out more than it held.
 */
export const payoutsMatchLedger: LedgerCheck = {
  name: "payouts: journals follow each payout's status, and no project pays out more than it holds",
  async run(db) {
    const rows = await sql<{ id: string; status: string; amount_cents: number; sent_at: Date | null; sent: number; paid: number; failed: number }>`
      select p.id, p.status, p.amount_cents, p.sent_at,
        coalesce((select sum(e.amount_cents) from ledger_journals j join ledger_entries e on e.journal_id = j.id
                  where j.kind = 'payout.sent' and j.refs->>'payoutId' = p.id::text and e.account = 'gateway:payouts_in_transit'), 0)::bigint as sent,
        coalesce((select sum(e.amount_cents) from ledger_journals j join ledger_entries e on e.journal_id = j.id
                  where j.kind = 'payout.paid' and j.refs->>'payoutId' = p.id::text and e.account = 'payout:' || p.project_id::text), 0)::bigint as paid,
        coalesce((select sum(e.amount_cents) from ledger_journals j join ledger_entries e on e.journal_id = j.id
                  where j.kind = 'payout.failed' and j.refs->>'payoutId' = p.id::text and e.account = 'project:' || p.project_id::text), 0)::bigint as failed
      from payouts p order by p.created_at, p.id`.execute(db);
    const problems: string[] = [];
    for (const r of rows.rows) {
      const amount = Number(r.amount_cents);
      const leftProject = r.status === "in_transit" || r.status === "paid" || (r.status === "failed" && r.sent_at !== null);
      const want = { sent: leftProject ? amount : 0, paid: r.status === "paid" ? amount : 0, failed: r.status === "failed" && r.sent_at !== null ? amount : 0 };
      for (const k of ["sent", "paid", "failed"] as const) {
        if (Number(r[k]) !== want[k]) problems.push(`payout ${r.id} (${r.status}): payout.${k} booked ${Number(r[k])} cents, expected ${want[k]}`);
      }
    }
    const transit = await sql<{ ledger: number; payouts: number }>`
      select coalesce((select sum(amount_cents) from ledger_entries where account = 'gateway:payouts_in_transit' and book = 'cash'), 0)::bigint as ledger,
             coalesce((select sum(amount_cents) from payouts where status = 'in_transit'), 0)::bigint as payouts`.execute(db);
    const t = transit.rows[0];
    if (t && Number(t.ledger) !== Number(t.payouts))
      problems.push(`payouts in transit: ${Number(t.ledger)} cents in the ledger, ${Number(t.payouts)} cents in payouts`);
    const negative = await sql<{ slug: string; balance: number }>`
      select p.slug, sum(e.amount_cents)::bigint as balance
      from projects p join ledger_entries e on e.account = 'project:' || p.id::text and e.book = 'cash'
      where exists (select 1 from payouts po where po.project_id = p.id)
      group by p.slug having sum(e.amount_cents) < 0 order by p.slug`.execute(db);
    for (const n of negative.rows) problems.push(`project ${n.slug}: paid out more than it held (balance ${Number(n.balance)} cents)`);
    return problems;
  },
};
