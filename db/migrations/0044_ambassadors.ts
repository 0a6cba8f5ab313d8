import { type Kysely, sql } from "kysely";

/**
 * Ambassadors (issue 16, docs/decisions/076-ambassadors.md): personal share links, the visits that
 * came through them, the pledges they brought, and the milestone prompts.
 *
 * - `share_codes`: one short random code per (user, project), created on first use; `show_publicly`
 *   is the ambassador's opt-in (default off) to be thanked by name on the project page.
 * - `share_touches`: append-only — one first-party visit through a code: a random visitor id from a
 *   first-party cookie (never the IP), the user once known, the time. One row per visitor, code and
 *   (Amsterdam) day (a unique index): repeat visits that day record nothing. `user_id` is the only
 *   column that may change, and only from null to a user (after sign-up or login); a trigger
 *   refuses any other UPDATE and every DELETE (an erasure deletes with `buurtkracht.erasure` on).
 * - `pledge_ambassadors`: the ambassador a pledge was credited to, written once in the pledge's
 *   own transaction (never the backer themselves: a CHECK against the pledge would need a join, so
 *   the writer and a trigger both refuse it).
 * - `project_milestones`: which of 25/50/75/100% a project's backers were told about, once each.
 * Frozen in time: never import app code here.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("share_codes")
    .addColumn("code", "text", (c) => c.primaryKey().check(sql`code ~ '^[a-z2-7]{10}$'`))
    .addColumn("user_id", "uuid", (c) => c.notNull().references("users.id"))
    .addColumn("project_id", "uuid", (c) => c.notNull().references("projects.id"))
    .addColumn("show_publicly", "boolean", (c) => c.notNull().defaultTo(false))
    .addColumn("created_at", "timestamptz", (c) => c.notNull())
    .addColumn("updated_at", "timestamptz", (c) => c.notNull())
    .addUniqueConstraint("share_codes_user_project", ["user_id", "project_id"])
    .execute();
  await db.schema.createIndex("share_codes_project").on("share_codes").columns(["project_id"]).execute();

  await db.schema
    .createTable("share_touches")
    .addColumn("id", "bigint", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("code", "text", (c) => c.notNull().references("share_codes.code"))
    .addColumn("project_id", "uuid", (c) => c.notNull().references("projects.id"))
    .addColumn("visitor_id", "text", (c) => c.notNull().check(sql`char_length(visitor_id) between 16 and 64`))
    .addColumn("user_id", "uuid", (c) => c.references("users.id"))
    .addColumn("day", "text", (c) => c.notNull().check(sql`day ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'`))
    .addColumn("created_at", "timestamptz", (c) => c.notNull())
    .addUniqueConstraint("share_touches_once_a_day", ["visitor_id", "code", "day"])
    .execute();
  await db.schema.createIndex("share_touches_user_project").on("share_touches").columns(["user_id", "project_id", "created_at"]).execute();
  await db.schema.createIndex("share_touches_visitor").on("share_touches").columns(["visitor_id"]).execute();
  await sql`
    create function share_touches_guard() returns trigger language plpgsql as $$
    begin
      if tg_op = 'DELETE' then
        if current_setting('buurtkracht.erasure', true) = 'on' then return old; end if;
        raise exception 'share_touches is append-only' using errcode = 'restrict_violation';
      end if;
      if old.user_id is null and new.user_id is not null
        and (new.id, new.code, new.project_id, new.visitor_id, new.day, new.created_at)
          is not distinct from (old.id, old.code, old.project_id, old.visitor_id, old.day, old.created_at) then
        return new;
      end if;
      if current_setting('buurtkracht.erasure', true) = 'on' then return new; end if;
      raise exception 'share_touches is append-only (only a null user_id may be filled in)' using errcode = 'restrict_violation';
    end $$
  `.execute(db);
  await sql`
    create trigger share_touches_guard before update or delete on share_touches
    for each row execute function share_touches_guard()
  `.execute(db);

  await db.schema
    .createTable("pledge_ambassadors")
    .addColumn("pledge_id", "uuid", (c) => c.primaryKey().references("pledges.id"))
    .addColumn("ambassador_user_id", "uuid", (c) => c.notNull().references("users.id"))
    .addColumn("code", "text", (c) => c.notNull().references("share_codes.code"))
    .addColumn("attributed_at", "timestamptz", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("pledge_ambassadors_ambassador").on("pledge_ambassadors").columns(["ambassador_user_id"]).execute();
  await sql`
    create function pledge_ambassadors_guard() returns trigger language plpgsql as $$
    begin
      if tg_op = 'INSERT' then
        if exists (select 1 from pledges p where p.id = new.pledge_id and p.backer_id = new.ambassador_user_id) then
          raise exception 'a pledge is never credited to its own backer' using errcode = 'check_violation';
        end if;
        if not exists (select 1 from share_codes s join pledges p on p.project_id = s.project_id
                       where s.code = new.code and s.user_id = new.ambassador_user_id and p.id = new.pledge_id) then
          raise exception 'the code is not the ambassador''s link for this pledge''s project' using errcode = 'check_violation';
        end if;
        return new;
      end if;
      if tg_op = 'DELETE' and current_setting('buurtkracht.erasure', true) = 'on' then return old; end if;
      raise exception 'pledge_ambassadors is append-only' using errcode = 'restrict_violation';
    end $$
  `.execute(db);
  await sql`
    create trigger pledge_ambassadors_guard before insert or update or delete on pledge_ambassadors
    for each row execute function pledge_ambassadors_guard()
  `.execute(db);

  await db.schema
    .createTable("project_milestones")
    .addColumn("project_id", "uuid", (c) => c.notNull().references("projects.id"))
    .addColumn("milestone", "integer", (c) => c.notNull().check(sql`milestone in (25, 50, 75, 100)`))
    .addColumn("pledged_cents", "bigint", (c) => c.notNull())
    .addColumn("pledge_event_id", "bigint", (c) => c.notNull())
    .addColumn("reached_at", "timestamptz", (c) => c.notNull())
    .addPrimaryKeyConstraint("project_milestones_pk", ["project_id", "milestone"])
    .execute();
  await sql`
    create function project_milestones_append_only() returns trigger language plpgsql as $$
    begin
      raise exception 'project_milestones is append-only' using errcode = 'restrict_violation';
    end $$
  `.execute(db);
  await sql`
    create trigger project_milestones_append_only before update or delete on project_milestones
    for each row execute function project_milestones_append_only()
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("project_milestones").execute();
  await sql`drop function project_milestones_append_only()`.execute(db);
  await db.schema.dropTable("pledge_ambassadors").execute();
  await sql`drop function pledge_ambassadors_guard()`.execute(db);
  await db.schema.dropTable("share_touches").execute();
  await sql`drop function share_touches_guard()`.execute(db);
  await db.schema.dropTable("share_codes").execute();
}
