import { sql } from "kysely";
import type { Db } from "../utils/db.server";
import { summarizeTrackRecord, type TrackRecord } from "./track-record";

/** Counts from loan_events only (the ledger), joined to loans for who was who. */
export async function getTrackRecord(db: Db, userId: string): Promise<TrackRecord> {
  const row = await sql<{ lent: number; borrowed: number; returned: number; returned_on_time: number; claims_upheld: number }>`
    with mine as (
      select l.id, l.owner_id = ${userId}::uuid as as_owner
      from loans l
      where (l.owner_id = ${userId}::uuid or l.borrower_user_id = ${userId}::uuid)
    ), facts as (
      select m.id, m.as_owner,
        bool_or(e.to_state = 'picked_up' and e.from_state <> 'picked_up') as handed_over,
        bool_or(e.kind = 'confirm_return') as returned,
        bool_or(e.kind = 'mark_overdue') as was_overdue,
        bool_or(e.kind in ('accept_claim', 'decide_claim') and coalesce((e.data->>'amountCents')::int, 0) > 0) as claim_upheld
      from mine m join loan_events e on e.loan_id = m.id
      group by m.id, m.as_owner
    )
    select
      count(*) filter (where as_owner and handed_over)::int as lent,
      count(*) filter (where not as_owner and handed_over)::int as borrowed,
      count(*) filter (where not as_owner and returned)::int as returned,
      count(*) filter (where not as_owner and returned and not was_overdue)::int as returned_on_time,
      count(*) filter (where not as_owner and claim_upheld)::int as claims_upheld
    from facts
  `.execute(db);
  const r = row.rows[0] ?? { lent: 0, borrowed: 0, returned: 0, returned_on_time: 0, claims_upheld: 0 };
  return summarizeTrackRecord({
    lent: Number(r.lent),
    borrowed: Number(r.borrowed),
    returned: Number(r.returned),
    returnedOnTime: Number(r.returned_on_time),
    claimsUpheld: Number(r.claims_upheld),
  });
}
