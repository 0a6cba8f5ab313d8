import { type Kysely, sql } from "kysely";

/**
 * Index-served orders for the public projects list (issue 17, docs/decisions/085): `/projects` sorted
 * all live projects on CASE keys no index served and paged by OFFSET. Each sort the list offers has
 * an index in its own order, over what a public list may show (live, succeeded, paid out, failed,
 * not hidden), led by whether the project is live (live ones first in every sort), then the sort's
 * keys and the id. A second index per sort leads with the neighbourhood, for the neighbourhood
 * filter. The list reads its page from the index and pages by a cursor on these keys (keyset).
 *
 * - ending soon: live by deadline (an ongoing project, without one, last), ended ones most recently
 *   ended first — one ascending key: the time from 2000-01-01 to the deadline when live, from the
 *   deadline back to 2000-01-01 when not (intervals: `timestamptz - timestamptz` is immutable).
 * - newest: launched (or created), newest first.
 * - most funded: pledged, most first.
 * - nearly there: below goal before reached, then the share of the goal, highest first.
 *
 * The ending-soon index carries the initiator and category, so the capped count is an index-only
 * read. `users_suspended` (migration 0050) holds the few suspended members: hiding their projects is an anti-join on
 * it instead of a join of all users.
 * Frozen in time: never import app code here; app/projects/list-order.ts writes the same expressions.
 */
const listed = sql`hidden_at is null and status in ('live', 'succeeded', 'paid_out', 'failed')`;
const deadlineKey = sql`(case when status = 'live' then coalesce(ends_at, timestamptz '3000-01-01 00:00:00+00') - timestamptz '2000-01-01 00:00:00+00' else timestamptz '2000-01-01 00:00:00+00' - coalesce(ends_at, timestamptz '3000-01-01 00:00:00+00') end)`;
const orders: Record<string, ReturnType<typeof sql>> = {
  ending: sql`(status <> 'live'), ${deadlineKey}, id`,
  newest: sql`(status = 'live'), coalesce(launched_at, created_at), id`,
  funded: sql`(status = 'live'), pledged_cents, id`,
  nearly: sql`(status = 'live'), (pledged_cents < goal_cents), (pledged_cents::float8 / goal_cents), id`,
};

export async function up(db: Kysely<any>): Promise<void> {
  for (const [name, keys] of Object.entries(orders)) {
    const include = name === "ending" ? sql` include (initiator_id, category)` : sql``;
    await sql`create index ${sql.raw(`projects_list_${name}`)} on projects (${keys})${include} where ${listed}`.execute(db);
    await sql`create index ${sql.raw(`projects_list_neighbourhood_${name}`)} on projects (neighbourhood_id, ${keys}) where ${listed}`.execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const name of Object.keys(orders)) {
    await sql`drop index if exists ${sql.raw(`projects_list_neighbourhood_${name}`)}`.execute(db);
    await sql`drop index if exists ${sql.raw(`projects_list_${name}`)}`.execute(db);
  }
}
