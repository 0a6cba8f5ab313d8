import { type Kysely, sql } from "kysely";

/**
 * Indexes the read paths need at city scale (issue 17), each asked for by a test:
 *
 * - A member's loans as lender or borrower (the profile's recent loans, the track record on every
 *   item page: `owner_id = $1 OR borrower_user_id = $1`, newest return first). There was no index on
 *   `borrower_user_id` at all. With these the profile reads each side from its own index and merges
 *   them, instead of reading every returned loan in date order and filtering
 *   (scripts/perf/query-count.server.test.ts, the EXPLAIN test, fails without them).
 * - A neighbourhood's newest listed items (its page's feed): in date order from the index, so the
 *   page's few rows are joined to their owners one by one instead of hashing every member.
 * Frozen in time: never import app code here.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index loans_owner_returned on loans (owner_id, returned_at desc) where returned_at is not null`.execute(db);
  await sql`create index items_neighbourhood_listed_created on items (neighbourhood_id, created_at desc, id) where status = 'listed'`.execute(db);
  await sql`create index loans_borrower_user_returned on loans (borrower_user_id, returned_at desc) where borrower_user_id is not null`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists loans_borrower_user_returned`.execute(db);
  await sql`drop index if exists items_neighbourhood_listed_created`.execute(db);
  await sql`drop index if exists loans_owner_returned`.execute(db);
}
