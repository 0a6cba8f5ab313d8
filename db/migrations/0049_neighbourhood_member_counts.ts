import { type Kysely, sql } from "kysely";

/**
 * Neighbourhood member counts, kept by the database (issue 17). `/`, `/projects`, `/items` and the
 * neighbourhood pages showed "N buren" by counting the neighbourhood's users at every view: at 50,000
 * members in 53 neighbourhoods that read 45,000 buffers and took ~200 ms per view on this machine.
 *
 * `neighbourhoods.member_count` is the number of its users who are not suspended. A row trigger on
 * `users` keeps it in the same transaction as the change (insert, delete, a move to another
 * neighbourhood, a suspension or its end), so it is never out of step with the rows; the CHECK refuses
 * a count below zero. A TRUNCATE of users fires no row trigger: tests truncate neighbourhoods with it.
 * Frozen in time: never import app code here.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table neighbourhoods add column member_count integer not null default 0 constraint neighbourhoods_member_count_not_negative check (member_count >= 0)`.execute(
    db,
  );
  await sql`
    update neighbourhoods n
    set member_count = (select count(*) from users u where u.neighbourhood_id = n.id and u.suspended_at is null)
  `.execute(db);
  await sql`
    create function users_count_members() returns trigger language plpgsql as $$
    declare
      was text := null;
      now_in text := null;
    begin
      if tg_op in ('UPDATE', 'DELETE') and old.suspended_at is null then was := old.neighbourhood_id; end if;
      if tg_op in ('INSERT', 'UPDATE') and new.suspended_at is null then now_in := new.neighbourhood_id; end if;
      if was is not distinct from now_in then return null; end if;
      if was is not null then update neighbourhoods set member_count = member_count - 1 where id = was; end if;
      if now_in is not null then update neighbourhoods set member_count = member_count + 1 where id = now_in; end if;
      return null;
    end
    $$
  `.execute(db);
  await sql`
    create trigger users_member_count after insert or delete or update of neighbourhood_id, suspended_at on users
    for each row execute function users_count_members()
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger if exists users_member_count on users`.execute(db);
  await sql`drop function if exists users_count_members()`.execute(db);
  await sql`alter table neighbourhoods drop column if exists member_count`.execute(db);
}
