import { type Kysely, sql } from "kysely";

/**
 * More than money (issue 11, docs/decisions/057-project-needs.md): what a project asks of its
 * neighbours besides money — volunteer shifts (a time, a place, a number of people), skills ("a
 * flyer, about 2 hours") and things ("a trailer on 14 June", "20 garden chairs"). Neighbours sign
 * up for shifts; they offer skills and things, which the initiator accepts. A shift never takes more people than it
 * asks for: `filled` is moved in the same statement as the sign-up, and the database refuses
 * filled > needed. Every change is a need_events row. Frozen in time: never import app code here.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("project_needs")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("project_id", "uuid", (c) => c.notNull().references("projects.id"))
    .addColumn("kind", "text", (c) => c.notNull().check(sql`kind in ('shift', 'skill', 'item')`))
    .addColumn("title", "text", (c) => c.notNull().check(sql`length(title) between 1 and 120`))
    .addColumn("description", "text", (c) =>
      c
        .notNull()
        .defaultTo("")
        .check(sql`length(description) <= 1000`),
    )
    .addColumn("place", "text", (c) =>
      c
        .notNull()
        .defaultTo("")
        .check(sql`length(place) <= 200`),
    )
    .addColumn("skills", "text", (c) =>
      c
        .notNull()
        .defaultTo("")
        .check(sql`length(skills) <= 200`),
    )
    // Skills: about how long it takes ("ongeveer 2 uur"); things: the day it is needed.
    .addColumn("effort", "text", (c) =>
      c
        .notNull()
        .defaultTo("")
        .check(sql`length(effort) <= 60`),
    )
    .addColumn("needed_on", "date")
    .addColumn("starts_at", "timestamptz")
    .addColumn("ends_at", "timestamptz")
    .addColumn("needed", "integer", (c) => c.notNull().check(sql`needed between 1 and 500`))
    .addColumn("filled", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("status", "text", (c) =>
      c
        .notNull()
        .defaultTo("open")
        .check(sql`status in ('open', 'cancelled')`),
    )
    .addColumn("created_by", "uuid", (c) => c.notNull().references("users.id"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull())
    .addColumn("updated_at", "timestamptz", (c) => c.notNull())
    .addCheckConstraint("project_needs_filled_within_needed", sql`filled >= 0 and filled <= needed`)
    .addCheckConstraint("project_needs_shift_has_time", sql`kind <> 'shift' or (starts_at is not null and ends_at is not null and ends_at > starts_at)`)
    .execute();
  await db.schema.createIndex("project_needs_project").on("project_needs").columns(["project_id", "starts_at"]).execute();

  await db.schema
    .createTable("need_signups")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("need_id", "uuid", (c) => c.notNull().references("project_needs.id"))
    .addColumn("user_id", "uuid", (c) => c.notNull().references("users.id"))
    // Shifts: signed_up → attended | no_show, or cancelled. Skills and things: offered → accepted | declined, or cancelled.
    .addColumn("status", "text", (c) => c.notNull().check(sql`status in ('signed_up', 'cancelled', 'attended', 'no_show', 'offered', 'accepted', 'declined')`))
    .addColumn("note", "text", (c) =>
      c
        .notNull()
        .defaultTo("")
        .check(sql`length(note) <= 300`),
    )
    .addColumn("reminded_at", "timestamptz")
    .addColumn("created_at", "timestamptz", (c) => c.notNull())
    .addColumn("updated_at", "timestamptz", (c) => c.notNull())
    .execute();
  // One standing sign-up per person per shift (a cancelled one may be followed by a new one).
  await db.schema
    .createIndex("need_signups_one_per_person")
    .on("need_signups")
    .columns(["need_id", "user_id"])
    .unique()
    .where(sql<boolean>`status not in ('cancelled', 'declined')`)
    .execute();
  await db.schema.createIndex("need_signups_user").on("need_signups").columns(["user_id", "status"]).execute();

  await db.schema
    .createTable("need_events")
    .addColumn("id", "bigint", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("need_id", "uuid", (c) => c.notNull().references("project_needs.id"))
    .addColumn("signup_id", "uuid", (c) => c.references("need_signups.id"))
    .addColumn("actor_id", "uuid", (c) => c.references("users.id"))
    .addColumn("event", "text", (c) => c.notNull().check(sql`length(event) <= 40`))
    .addColumn("from_status", "text")
    .addColumn("to_status", "text", (c) => c.notNull())
    .addColumn("created_at", "timestamptz", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("need_events_need").on("need_events").column("need_id").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("need_events").execute();
  await db.schema.dropTable("need_signups").execute();
  await db.schema.dropTable("project_needs").execute();
}
