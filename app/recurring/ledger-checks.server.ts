import { sql } from "kysely";
import type { LedgerCheck } from "../ledger/verify.server";

/**
 * `npm run ledger:verify`: every paid month of a monthly gift is exactly one `recurring.paid`
 * journal of its amount into its target's account (the project's, or the neighbourhood fund's,
 * decision 080), and no journal books a month that is not paid.
 */
export const recurringPaymentsMatchLedger: LedgerCheck = {
  name: "recurring: each paid month is booked once, for its amount, on its project's or fund's account",
  async run(db) {
    const rows = await sql<{ gift_id: string; period: string; paid: number | null; booked: number | null }>`
      with booked as (
        select j.refs->>'giftId' as gift_id, j.refs->>'period' as period, sum(e.amount_cents) as cents
        from ledger_journals j join ledger_entries e on e.journal_id = j.id
        where j.kind = 'recurring.paid' and (e.account like 'project:%' or e.account like 'organisation_fund:%') and e.book = 'cash'
        group by 1, 2
      ), paid as (
        select gift_id::text as gift_id, period, amount_cents as cents from recurring_gift_payments where status = 'paid'
      )
      select coalesce(p.gift_id, b.gift_id) as gift_id, coalesce(p.period, b.period) as period, p.cents as paid, b.cents as booked
      from paid p full outer join booked b on b.gift_id = p.gift_id and b.period = p.period
      where p.cents is distinct from b.cents
      order by 1, 2`.execute(db);
    return rows.rows.map((r) => `monthly gift ${r.gift_id} ${r.period}: paid ${r.paid ?? 0} cents, booked ${Number(r.booked ?? 0)} cents`);
  },
};
