import { type Kysely, sql } from "kysely";

/**
 * The neighbourhood board (issue 14): neighbours post an idea or a problem, support it (one per
 * person), say "ik help mee", and the organisation responsible for the neighbourhood (the
 * municipality, a housing corporation) follows it up with a public status and a response.
 *
 * - `neighbourhood_responders`: which organisations answer a neighbourhood's posts.
 * - `ideas`: the post. Its place is coarse on purpose — a street name as typed, the four-digit
 *   postcode area, and optionally a point rounded to 0.005° (about 550 × 350 m), so no post points
 *   at a house. `support_count` and `helper_count` are kept by the one writer in the same
 *   transaction as the rows they count (CHECKs keep them ≥ 0). A post that became a project names
 *   it (`project_id`); `project_maker_id` is a helper the poster allowed to do that.
 * - `idea_supports`, `idea_helpers`: one row per person (primary keys), deleted when withdrawn; the
 *   event log keeps that it happened.
 * - `idea_events`: append-only (a trigger refuses UPDATE and DELETE) — every status change with the
 *   organisation, its response and reason; supports, helps, conversions.
 * - `idea_comments`: as on projects, hideable by moderators.
 * Frozen in time: never import app code here.
 */
export async function up(db: Kysely<any>): Promise<void> {
  // Notices about posts one follows have their own preference category.
  await sql`alter table notifications drop constraint notifications_category_check`.execute(db);
  await sql`alter table notifications add constraint notifications_category_check check (category in ('account', 'projects_backed', 'my_projects', 'loans', 'reviews', 'moderation', 'digest', 'ideas'))`.execute(
    db,
  );
  await sql`alter table notification_preferences drop constraint notification_preferences_category_check`.execute(db);
  await sql`alter table notification_preferences add constraint notification_preferences_category_check check (category in ('projects_backed', 'my_projects', 'loans', 'reviews', 'moderation', 'digest', 'ideas'))`.execute(
    db,
  );
  // A post may carry one photo, stored like every other picture.
  await sql`alter table uploads drop constraint uploads_purpose_check`.execute(db);
  await sql`alter table uploads add constraint uploads_purpose_check check (purpose in ('project_cover', 'item_photo', 'loan_condition', 'claim_evidence', 'avatar', 'idea_photo'))`.execute(
    db,
  );
  await db.schema
    .createTable("neighbourhood_responders")
    .addColumn("neighbourhood_id", "text", (c) => c.notNull().references("neighbourhoods.id"))
    .addColumn("organisation_id", "uuid", (c) => c.notNull().references("organisations.id"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull())
    .addPrimaryKeyConstraint("neighbourhood_responders_pk", ["neighbourhood_id", "organisation_id"])
    .execute();
  // Who named or removed a responder, and when (append-only, like the board's events).
  await db.schema
    .createTable("neighbourhood_responder_events")
    .addColumn("id", "bigint", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("neighbourhood_id", "text", (c) => c.notNull().references("neighbourhoods.id"))
    .addColumn("organisation_id", "uuid", (c) => c.notNull().references("organisations.id"))
    .addColumn("actor_id", "uuid", (c) => c.references("users.id"))
    .addColumn("event", "text", (c) => c.notNull().check(sql`event in ('named', 'removed')`))
    .addColumn("created_at", "timestamptz", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("ideas")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("neighbourhood_id", "text", (c) => c.notNull().references("neighbourhoods.id"))
    .addColumn("author_id", "uuid", (c) => c.notNull().references("users.id"))
    .addColumn("kind", "text", (c) => c.notNull().check(sql`kind in ('idea', 'problem')`))
    .addColumn("title", "text", (c) => c.notNull().check(sql`char_length(title) between 3 and 120`))
    .addColumn("body", "text", (c) => c.notNull().check(sql`char_length(body) between 10 and 10000`))
    .addColumn("category", "text", (c) =>
      c.notNull().check(sql`category in ('green', 'playground', 'traffic', 'waste', 'safety', 'social', 'culture', 'sport', 'other')`),
    )
    .addColumn("photo_upload_id", "uuid", (c) => c.references("uploads.id"))
    .addColumn("street", "text", (c) =>
      c
        .notNull()
        .defaultTo("")
        .check(sql`char_length(street) <= 120`),
    )
    .addColumn("postcode4", "text", (c) => c.references("postcode_areas.postcode4"))
    .addColumn("lat", "double precision", (c) => c.check(sql`lat between -90 and 90 and round(lat::numeric * 200) = lat::numeric * 200`))
    .addColumn("lng", "double precision", (c) => c.check(sql`lng between -180 and 180 and round(lng::numeric * 200) = lng::numeric * 200`))
    .addColumn("status", "text", (c) =>
      c
        .notNull()
        .defaultTo("received")
        .check(sql`status in ('received', 'looking', 'planned', 'done', 'not_possible')`),
    )
    .addColumn("status_changed_at", "timestamptz", (c) => c.notNull())
    .addColumn("first_answered_at", "timestamptz")
    .addColumn("support_count", "integer", (c) =>
      c
        .notNull()
        .defaultTo(0)
        .check(sql`support_count >= 0`),
    )
    .addColumn("helper_count", "integer", (c) =>
      c
        .notNull()
        .defaultTo(0)
        .check(sql`helper_count >= 0`),
    )
    .addColumn("project_id", "uuid", (c) => c.unique().references("projects.id"))
    .addColumn("project_maker_id", "uuid", (c) => c.references("users.id"))
    .addColumn("hidden_at", "timestamptz")
    .addColumn("hidden_reason", "text")
    .addColumn("created_at", "timestamptz", (c) => c.notNull())
    .addColumn("updated_at", "timestamptz", (c) => c.notNull())
    .addCheckConstraint("ideas_point_whole", sql`(lat is null) = (lng is null)`)
    .addCheckConstraint("ideas_hidden_whole", sql`(hidden_at is null) = (hidden_reason is null)`)
    .addCheckConstraint("ideas_answered_when_moved", sql`status = 'received' or first_answered_at is not null`)
    .execute();
  await db.schema.createIndex("ideas_neighbourhood_created").on("ideas").columns(["neighbourhood_id", "created_at"]).execute();
  await db.schema.createIndex("ideas_author").on("ideas").columns(["author_id", "created_at"]).execute();
  // The board's other orders: every neighbourhood newest first (and the sitemap), most support,
  // and "not yet answered" oldest first.
  await db.schema.createIndex("ideas_created").on("ideas").column("created_at").execute();
  await db.schema.createIndex("ideas_neighbourhood_support").on("ideas").columns(["neighbourhood_id", "support_count", "created_at"]).execute();
  await sql`create index ideas_neighbourhood_unanswered on ideas (neighbourhood_id, created_at) where status = 'received'`.execute(db);

  for (const table of ["idea_supports", "idea_helpers"]) {
    let t = db.schema
      .createTable(table)
      .addColumn("idea_id", "uuid", (c) => c.notNull().references("ideas.id"))
      .addColumn("user_id", "uuid", (c) => c.notNull().references("users.id"))
      .addColumn("created_at", "timestamptz", (c) => c.notNull())
      .addPrimaryKeyConstraint(`${table}_pk`, ["idea_id", "user_id"]);
    if (table === "idea_helpers")
      t = t.addColumn("note", "text", (c) =>
        c
          .notNull()
          .defaultTo("")
          .check(sql`char_length(note) <= 500`),
      );
    await t.execute();
    await db.schema.createIndex(`${table}_user`).on(table).column("user_id").execute();
  }

  await db.schema
    .createTable("idea_events")
    .addColumn("id", "bigint", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("idea_id", "uuid", (c) => c.notNull().references("ideas.id"))
    .addColumn("actor_id", "uuid", (c) => c.references("users.id"))
    .addColumn("organisation_id", "uuid", (c) => c.references("organisations.id"))
    .addColumn("event", "text", (c) => c.notNull().check(sql`event ~ '^[a-z_]{2,40}$'`))
    .addColumn("from_status", "text")
    .addColumn("to_status", "text", (c) => c.notNull())
    .addColumn("response", "text", (c) =>
      c
        .notNull()
        .defaultTo("")
        .check(sql`char_length(response) <= 4000`),
    )
    .addColumn("created_at", "timestamptz", (c) => c.notNull())
    // A status change is an organisation's answer; "not possible" always says why.
    .addCheckConstraint("idea_events_answer", sql`event <> 'status_changed' or organisation_id is not null`)
    .addCheckConstraint("idea_events_reason", sql`event <> 'status_changed' or to_status <> 'not_possible' or char_length(response) > 0`)
    .execute();
  await db.schema.createIndex("idea_events_idea").on("idea_events").columns(["idea_id", "id"]).execute();
  await sql`
    create function idea_events_append_only() returns trigger language plpgsql as $$
    begin
      raise exception 'idea_events is append-only' using errcode = 'restrict_violation';
    end $$
  `.execute(db);
  await sql`
    create trigger idea_events_append_only before update or delete on idea_events
    for each row execute function idea_events_append_only()
  `.execute(db);
  await sql`
    create trigger neighbourhood_responder_events_append_only before update or delete on neighbourhood_responder_events
    for each row execute function idea_events_append_only()
  `.execute(db);

  await db.schema
    .createTable("idea_comments")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("idea_id", "uuid", (c) => c.notNull().references("ideas.id"))
    .addColumn("author_id", "uuid", (c) => c.notNull().references("users.id"))
    .addColumn("body", "text", (c) => c.notNull().check(sql`char_length(body) between 1 and 2000`))
    .addColumn("hidden_at", "timestamptz")
    .addColumn("hidden_reason", "text")
    .addColumn("created_at", "timestamptz", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("idea_comments_idea").on("idea_comments").columns(["idea_id", "created_at"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("idea_comments").execute();
  await db.schema.dropTable("idea_events").execute();
  await db.schema.dropTable("neighbourhood_responder_events").execute();
  await sql`drop function idea_events_append_only()`.execute(db);
  await db.schema.dropTable("idea_helpers").execute();
  await db.schema.dropTable("idea_supports").execute();
  await db.schema.dropTable("ideas").execute();
  await db.schema.dropTable("neighbourhood_responders").execute();
  await sql`alter table uploads drop constraint uploads_purpose_check`.execute(db);
  await sql`alter table uploads add constraint uploads_purpose_check check (purpose in ('project_cover', 'item_photo', 'loan_condition', 'claim_evidence', 'avatar'))`.execute(
    db,
  );
  await sql`alter table notification_preferences drop constraint notification_preferences_category_check`.execute(db);
  await sql`alter table notification_preferences add constraint notification_preferences_category_check check (category in ('projects_backed', 'my_projects', 'loans', 'reviews', 'moderation', 'digest'))`.execute(
    db,
  );
  await sql`alter table notifications drop constraint notifications_category_check`.execute(db);
  await sql`alter table notifications add constraint notifications_category_check check (category in ('account', 'projects_backed', 'my_projects', 'loans', 'reviews', 'moderation', 'digest'))`.execute(
    db,
  );
}
