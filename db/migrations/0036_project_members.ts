import { type Kysely, sql } from "kysely";

/**
 * Shared ownership of a project (issue 15, decision 071): the initiator invites co-initiators and
 * helpers; the invitee accepts or declines; the initiator changes a role or removes; a member leaves.
 *
 * - `project_members`: ONE row per person per project (the primary key); a new invitation after a
 *   decline, a removal or leaving reuses it. The initiator is never a member row (a trigger: the
 *   initiator already holds every permission, and a row would make "who is the initiator" ambiguous).
 *   Nobody invites themselves (CHECK). Status and role are closed lists (CHECKs); an active member
 *   has accepted (`accepted_at`).
 * - `project_events` gains `member_id` and `member_role`: every change of the team is an event row on
 *   the project (the append-only log moderators read), naming whom it was about. A team event
 *   always names its member, other events never do (CHECK).
 * - Team notices go in the existing `my_projects` category: no CHECK to widen.
 * Frozen in time: never import app code here.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("project_members")
    .addColumn("project_id", "uuid", (c) => c.notNull().references("projects.id"))
    .addColumn("user_id", "uuid", (c) => c.notNull().references("users.id"))
    .addColumn("role", "text", (c) => c.notNull().check(sql`role in ('co_initiator', 'helper')`))
    .addColumn("status", "text", (c) => c.notNull().check(sql`status in ('invited', 'active', 'declined', 'removed', 'left')`))
    .addColumn("invited_by", "uuid", (c) => c.notNull().references("users.id"))
    .addColumn("invited_at", "timestamptz", (c) => c.notNull())
    .addColumn("accepted_at", "timestamptz")
    .addColumn("created_at", "timestamptz", (c) => c.notNull())
    .addColumn("updated_at", "timestamptz", (c) => c.notNull())
    .addPrimaryKeyConstraint("project_members_pk", ["project_id", "user_id"])
    .addCheckConstraint("project_members_not_self_invited", sql`invited_by <> user_id`)
    .addCheckConstraint("project_members_active_accepted", sql`status <> 'active' or accepted_at is not null`)
    .execute();
  await db.schema.createIndex("project_members_user").on("project_members").columns(["user_id", "status"]).execute();
  await sql`
    create function project_members_not_initiator() returns trigger language plpgsql as $$
    begin
      if exists (select 1 from projects p where p.id = new.project_id and p.initiator_id = new.user_id) then
        raise exception 'the initiator of a project is not a member row' using errcode = 'check_violation';
      end if;
      return new;
    end $$
  `.execute(db);
  await sql`
    create trigger project_members_not_initiator before insert or update on project_members
    for each row execute function project_members_not_initiator()
  `.execute(db);

  await db.schema
    .alterTable("project_events")
    .addColumn("member_id", "uuid", (c) => c.references("users.id"))
    .addColumn("member_role", "text", (c) => c.check(sql`member_role is null or member_role in ('co_initiator', 'helper')`))
    .execute();
  await sql`alter table project_events add constraint project_events_team_member check ((left(event, 5) = 'team_') = (member_id is not null))`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table project_events drop constraint project_events_team_member`.execute(db);
  await db.schema.alterTable("project_events").dropColumn("member_role").dropColumn("member_id").execute();
  await db.schema.dropTable("project_members").execute();
  await sql`drop function project_members_not_initiator()`.execute(db);
}
