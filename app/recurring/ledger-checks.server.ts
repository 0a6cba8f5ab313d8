import { sql } from "kysely";
import type { LedgerCheck } from "../ledger/verify.server";
import { chargeFees } from "../payments/fees";

/**
 * `npm run ledger:verify`: every paid month of a monthly gift is exactly one `recurring.paid`
 * journal of its amount into its target's account (the project's, or the neighbourhood fund's,
 * decision 080), and no journal books a month that is not paid; and a month's fees
 * (./fees.server.ts, decision 079) are booked only for a paid month, never more than it, with the
 * platform's share at the month's rate (the pledges' rule, `chargeFees`).
 */
export const recurringPaymentsMatchLedger: LedgerCheck = {
  name: "recurring: each paid month is booked once, for its amount, on its project's or fund's account, and its fees follow the month",
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
    const problems = rows.rows.map((r) => `monthly gift ${r.gift_id} ${r.period}: paid ${r.paid ?? 0} cents, booked ${Number(r.booked ?? 0)} cents`);
    const fees = await sql<{
      gift_id: string;
      period: string;
      status: string | null;
      amount: number | null;
      bps: number | null;
      processing: number;
      platform: number;
    }>`
      with fees as (
        select j.refs->>'giftId' as gift_id, j.refs->>'period' as period,
               sum(case when j.kind = 'fee.processing' then -e.amount_cents else 0 end) as processing,
               sum(case when j.kind = 'fee.platform' then -e.amount_cents else 0 end) as platform
        from ledger_journals j join ledger_entries e on e.journal_id = j.id
        where j.kind in ('fee.processing', 'fee.platform') and j.refs ? 'giftId' and (e.account like 'project:%' or e.account like 'organisation_fund:%') and e.book = 'cash'
        group by 1, 2
      ), months as (
        select gift_id::text as gift_id, period, status, amount_cents, platform_fee_bps from recurring_gift_payments
        where status = 'paid' or exists (select 1 from fees f where f.gift_id = recurring_gift_payments.gift_id::text and f.period = recurring_gift_payments.period)
      )
      select coalesce(m.gift_id, f.gift_id) as gift_id, coalesce(m.period, f.period) as period, m.status, m.amount_cents as amount,
             m.platform_fee_bps as bps, coalesce(f.processing, 0)::bigint as processing, coalesce(f.platform, 0)::bigint as platform
      from months m full outer join fees f on f.gift_id = m.gift_id and f.period = m.period
      order by 1, 2`.execute(db);
    for (const r of fees.rows) {
      const processing = Number(r.processing);
      const platform = Number(r.platform);
      const what = `monthly gift ${r.gift_id} ${r.period}`;
      if (r.status !== "paid") {
        if (processing + platform !== 0) problems.push(`${what}: fees of ${processing + platform} cents booked for a month that is ${r.status ?? "not there"}`);
        continue;
      }
      const amount = Number(r.amount);
      if (processing < 0 || processing > amount) problems.push(`${what}: processing fee of ${processing} cents on a month of ${amount} cents`);
      const want = chargeFees({ amountCents: amount, feeCents: processing, method: null, platformBps: Number(r.bps) }).platformCents;
      if (platform !== want) problems.push(`${what}: platform fee booked ${platform} cents, expected ${want} at ${Number(r.bps)} bp`);
    }
    return problems;
  },
};
