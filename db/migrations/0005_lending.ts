import { type Kysely, sql } from "kysely";

/**
 * Lending: items and their photos, loans and the lending ledger (loan_events), extensions, claims,
 * per-loan messages, reminder bookkeeping, and the wanted board.
 * Decisions: docs/decisions/040-lending-ledger.md, 041-no-double-booking.md, 042-item-search.md.
 * Frozen in time: never import app code here.
 */
export async function up(db: Kysely<any>): Promise<void> {
  // Search helper: lower-case, accents removed, every run of non-alphanumerics one space.
  // unaccent() is only STABLE (its dictionary could change); pinning the dictionary by name
  // makes this wrapper safe to declare IMMUTABLE, which generated columns and indexes need.
  await sql`
    create function lending_norm(t text) returns text
    language sql immutable strict parallel safe
    as $$ select btrim(regexp_replace(lower(public.unaccent('public.unaccent'::regdictionary, t)), '[^a-z0-9]+', ' ', 'g')) $$
  `.execute(db);

  await db.schema
    .createTable("items")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("owner_id", "uuid", (c) => c.notNull().references("users.id"))
    .addColumn("title", "text", (c) => c.notNull().check(sql`length(btrim(title)) between 3 and 120`))
    .addColumn("description", "text", (c) =>
      c
        .notNull()
        .defaultTo("")
        .check(sql`length(description) <= 4000`),
    )
    .addColumn("category", "text", (c) =>
      c.notNull().check(sql`category in ('tools', 'garden', 'kitchen', 'party', 'sports', 'kids', 'electronics', 'travel', 'other')`),
    )
    .addColumn("condition", "text", (c) => c.notNull().check(sql`condition in ('as_new', 'good', 'fair', 'worn')`))
    .addColumn("replacement_value_cents", "integer", (c) => c.check(sql`replacement_value_cents between 0 and 1000000`))
    // Deposits are capped at € 500 (the issue; a larger sum is not a neighbourly loan).
    .addColumn("deposit_cents", "integer", (c) =>
      c
        .notNull()
        .defaultTo(0)
        .check(sql`deposit_cents between 0 and 50000`),
    )
    .addColumn("fee_per_day_cents", "integer", (c) =>
      c
        .notNull()
        .defaultTo(0)
        .check(sql`fee_per_day_cents between 0 and 10000`),
    )
    .addColumn("max_loan_days", "integer", (c) => c.notNull().check(sql`max_loan_days between 1 and 60`))
    .addColumn("audience", "text", (c) => c.notNull().check(sql`audience in ('neighbourhood', 'everyone', 'previous_borrowers')`))
    .addColumn("neighbourhood_id", "text", (c) => c.notNull().references("neighbourhoods.id"))
    .addColumn("postcode4", "text", (c) => c.check(sql`postcode4 ~ '^[1-9][0-9]{3}$'`))
    // Private until a loan is accepted (docs/decisions/040-lending-ledger.md, privacy).
    .addColumn("pickup_address", "text", (c) => c.notNull().check(sql`length(btrim(pickup_address)) between 3 and 200`))
    .addColumn("status", "text", (c) =>
      c
        .notNull()
        .defaultTo("listed")
        .check(sql`status in ('listed', 'paused', 'unlisted')`),
    )
    .addColumn("title_norm", "text", (c) => c.generatedAlwaysAs(sql`lending_norm(title)`).stored())
    .addColumn("search_vector", sql`tsvector`, (c) =>
      c.generatedAlwaysAs(sql`setweight(to_tsvector('dutch', title), 'A') || setweight(to_tsvector('dutch', description), 'B')`).stored(),
    )
    .addColumn("created_at", "timestamptz", (c) => c.notNull())
    .addColumn("updated_at", "timestamptz", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("items_owner_idx").on("items").columns(["owner_id", "status"]).execute();
  await db.schema.createIndex("items_browse_idx").on("items").columns(["status", "category", "created_at"]).execute();
  await db.schema.createIndex("items_neighbourhood_idx").on("items").columns(["neighbourhood_id", "status"]).execute();
  await sql`create index items_search_idx on items using gin (search_vector)`.execute(db);
  await sql`create index items_title_trgm_idx on items using gin (title_norm gin_trgm_ops)`.execute(db);

  await db.schema
    .createTable("item_photos")
    .addColumn("item_id", "uuid", (c) => c.notNull().references("items.id").onDelete("cascade"))
    .addColumn("upload_id", "uuid", (c) => c.notNull().unique().references("uploads.id"))
    // At most five photos: positions 0–4, one photo per position.
    .addColumn("position", "smallint", (c) => c.notNull().check(sql`position between 0 and 4`))
    .addPrimaryKeyConstraint("item_photos_pkey", ["item_id", "position"])
    .execute();

  await db.schema
    .createTable("item_events")
    .addColumn("id", "bigint", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("item_id", "uuid", (c) => c.notNull().references("items.id"))
    .addColumn("actor_id", "uuid", (c) => c.references("users.id"))
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("from_status", "text")
    .addColumn("to_status", "text", (c) => c.notNull())
    .addColumn("note", "text", (c) => c.check(sql`length(note) <= 1000`))
    .addColumn("occurred_at", "timestamptz", (c) => c.notNull())
    .addColumn("recorded_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex("item_events_item_idx").on("item_events").columns(["item_id", "id"]).execute();

  await db.schema
    .createTable("wanted_posts")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("author_id", "uuid", (c) => c.notNull().references("users.id"))
    .addColumn("title", "text", (c) => c.notNull().check(sql`length(btrim(title)) between 3 and 120`))
    .addColumn("description", "text", (c) =>
      c
        .notNull()
        .defaultTo("")
        .check(sql`length(description) <= 1000`),
    )
    .addColumn("category", "text", (c) => c.check(sql`category in ('tools', 'garden', 'kitchen', 'party', 'sports', 'kids', 'electronics', 'travel', 'other')`))
    .addColumn("neighbourhood_id", "text", (c) => c.notNull().references("neighbourhoods.id"))
    .addColumn("postcode4", "text", (c) => c.check(sql`postcode4 ~ '^[1-9][0-9]{3}$'`))
    .addColumn("needed_from", "date", (c) => c.notNull())
    .addColumn("needed_until", "date", (c) => c.notNull())
    .addColumn("expires_at", "timestamptz", (c) => c.notNull())
    .addColumn("state", "text", (c) =>
      c
        .notNull()
        .defaultTo("open")
        .check(sql`state in ('open', 'fulfilled', 'withdrawn', 'expired')`),
    )
    .addColumn("created_at", "timestamptz", (c) => c.notNull())
    .addColumn("updated_at", "timestamptz", (c) => c.notNull())
    .addCheckConstraint("wanted_posts_dates", sql`needed_until >= needed_from and needed_until - needed_from < 60`)
    .execute();
  await db.schema.createIndex("wanted_posts_open_idx").on("wanted_posts").columns(["state", "neighbourhood_id", "expires_at"]).execute();
  await db.schema.createIndex("wanted_posts_author_idx").on("wanted_posts").columns(["author_id", "created_at"]).execute();

  await db.schema
    .createTable("wanted_events")
    .addColumn("id", "bigint", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("wanted_post_id", "uuid", (c) => c.notNull().references("wanted_posts.id"))
    .addColumn("actor_id", "uuid", (c) => c.references("users.id"))
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("from_state", "text")
    .addColumn("to_state", "text", (c) => c.notNull())
    .addColumn("note", "text", (c) => c.check(sql`length(note) <= 1000`))
    .addColumn("occurred_at", "timestamptz", (c) => c.notNull())
    .addColumn("recorded_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex("wanted_events_post_idx").on("wanted_events").columns(["wanted_post_id", "id"]).execute();

  await db.schema
    .createTable("loans")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("item_id", "uuid", (c) => c.notNull().references("items.id"))
    .addColumn("owner_id", "uuid", (c) => c.notNull().references("users.id"))
    // The borrower is a member OR a project (docs/decisions/040-lending-ledger.md). The FK to
    // projects is added by a later migration once the projects table exists on main.
    .addColumn("borrower_user_id", "uuid", (c) => c.references("users.id"))
    .addColumn("borrower_project_id", "uuid")
    // For a project loan: the member who handles pickup and return for the project.
    .addColumn("project_contact_id", "uuid", (c) => c.references("users.id"))
    .addColumn("borrower_side_id", "uuid", (c) => c.generatedAlwaysAs(sql`coalesce(borrower_user_id, project_contact_id)`).stored())
    .addColumn("initiated_by", "text", (c) => c.notNull().check(sql`initiated_by in ('borrower', 'owner')`))
    .addColumn("wanted_post_id", "uuid", (c) => c.references("wanted_posts.id"))
    .addColumn("state", "text", (c) =>
      c
        .notNull()
        .check(
          sql`state in ('requested', 'accepted', 'declined', 'expired', 'cancelled', 'picked_up', 'overdue', 'returned', 'claimed', 'resolved', 'closed')`,
        ),
    )
    // Whole days in Europe/Amsterdam; the instants below are derived so the range check and the
    // exclusion constraint agree with the calendar (docs/decisions/041-no-double-booking.md).
    .addColumn("starts_on", "date", (c) => c.notNull())
    .addColumn("ends_on", "date", (c) => c.notNull())
    .addColumn("starts_at", "timestamptz", (c) => c.generatedAlwaysAs(sql`(starts_on::timestamp) at time zone 'Europe/Amsterdam'`).stored())
    .addColumn("ends_at", "timestamptz", (c) => c.generatedAlwaysAs(sql`((ends_on + 1)::timestamp) at time zone 'Europe/Amsterdam'`).stored())
    .addColumn("message", "text", (c) =>
      c
        .notNull()
        .defaultTo("")
        .check(sql`length(message) <= 1000`),
    )
    // Terms are copied from the item when the request is made: later edits do not change them.
    .addColumn("deposit_cents", "integer", (c) =>
      c
        .notNull()
        .defaultTo(0)
        .check(sql`deposit_cents between 0 and 50000`),
    )
    .addColumn("fee_per_day_cents", "integer", (c) =>
      c
        .notNull()
        .defaultTo(0)
        .check(sql`fee_per_day_cents between 0 and 10000`),
    )
    .addColumn("max_loan_days", "integer", (c) => c.notNull().check(sql`max_loan_days between 1 and 60`))
    .addColumn("expires_at", "timestamptz", (c) => c.notNull())
    .addColumn("owner_handover_at", "timestamptz")
    .addColumn("borrower_handover_at", "timestamptz")
    .addColumn("handover_note", "text", (c) => c.check(sql`length(handover_note) <= 1000`))
    .addColumn("picked_up_at", "timestamptz")
    .addColumn("returned_at", "timestamptz")
    .addColumn("return_note", "text", (c) => c.check(sql`length(return_note) <= 1000`))
    .addColumn("closed_at", "timestamptz")
    .addColumn("cancel_reason", "text", (c) => c.check(sql`length(cancel_reason) <= 1000`))
    .addColumn("created_at", "timestamptz", (c) => c.notNull())
    .addColumn("updated_at", "timestamptz", (c) => c.notNull())
    .addCheckConstraint("loans_one_borrower", sql`num_nonnulls(borrower_user_id, borrower_project_id) = 1`)
    .addCheckConstraint("loans_project_contact", sql`(borrower_project_id is null) = (project_contact_id is null)`)
    .addCheckConstraint("loans_not_own_item", sql`coalesce(borrower_user_id, project_contact_id) <> owner_id`)
    .addCheckConstraint("loans_dates", sql`ends_on >= starts_on`)
    .addCheckConstraint("loans_picked_up", sql`state not in ('picked_up', 'overdue', 'returned', 'claimed', 'resolved', 'closed') or picked_up_at is not null`)
    .addCheckConstraint("loans_returned", sql`state not in ('returned', 'claimed', 'resolved', 'closed') or returned_at is not null`)
    .execute();
  // THE guarantee: loans that hold the item (accepted, picked up, overdue) never overlap.
  await sql`
    alter table loans add constraint loans_no_overlap
    exclude using gist (item_id with =, tstzrange(starts_at, ends_at, '[)') with &&)
    where (state in ('accepted', 'picked_up', 'overdue'))
  `.execute(db);
  // One open request per borrower and item: a second one is a double click, not a second wish.
  await sql`create unique index loans_one_open_request on loans (item_id, borrower_side_id) where state = 'requested'`.execute(db);
  await db.schema.createIndex("loans_item_idx").on("loans").columns(["item_id", "state"]).execute();
  await db.schema.createIndex("loans_owner_idx").on("loans").columns(["owner_id", "state"]).execute();
  await db.schema.createIndex("loans_borrower_idx").on("loans").columns(["borrower_side_id", "state"]).execute();
  await db.schema.createIndex("loans_project_idx").on("loans").column("borrower_project_id").where(sql.ref("borrower_project_id"), "is not", null).execute();
  await db.schema.createIndex("loans_state_expires_idx").on("loans").columns(["state", "expires_at"]).execute();
  await db.schema.createIndex("loans_state_ends_idx").on("loans").columns(["state", "ends_at"]).execute();

  // The lending ledger: append-only (a trigger refuses UPDATE and DELETE).
  await db.schema
    .createTable("loan_events")
    .addColumn("id", "bigint", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("loan_id", "uuid", (c) => c.notNull().references("loans.id"))
    .addColumn("actor_id", "uuid", (c) => c.references("users.id"))
    .addColumn("actor_role", "text", (c) => c.notNull().check(sql`actor_role in ('owner', 'borrower', 'moderator', 'system')`))
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("from_state", "text")
    .addColumn("to_state", "text", (c) => c.notNull())
    .addColumn("note", "text", (c) => c.check(sql`length(note) <= 2000`))
    .addColumn("data", "jsonb", (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn("occurred_at", "timestamptz", (c) => c.notNull())
    .addColumn("recorded_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex("loan_events_loan_idx").on("loan_events").columns(["loan_id", "id"]).execute();
  await sql`
    create function loan_events_append_only() returns trigger language plpgsql as $$
    begin
      raise exception 'loan_events is append-only' using errcode = 'restrict_violation';
    end $$
  `.execute(db);
  await sql`
    create trigger loan_events_append_only before update or delete on loan_events
    for each row execute function loan_events_append_only()
  `.execute(db);

  await db.schema
    .createTable("loan_extensions")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("loan_id", "uuid", (c) => c.notNull().references("loans.id"))
    .addColumn("requested_by", "uuid", (c) => c.notNull().references("users.id"))
    .addColumn("previous_ends_on", "date", (c) => c.notNull())
    .addColumn("new_ends_on", "date", (c) => c.notNull())
    .addColumn("note", "text", (c) => c.check(sql`length(note) <= 1000`))
    .addColumn("state", "text", (c) =>
      c
        .notNull()
        .defaultTo("requested")
        .check(sql`state in ('requested', 'accepted', 'declined')`),
    )
    .addColumn("created_at", "timestamptz", (c) => c.notNull())
    .addColumn("decided_at", "timestamptz")
    .addCheckConstraint("loan_extensions_later", sql`new_ends_on > previous_ends_on`)
    .execute();
  await sql`create unique index loan_extensions_one_open on loan_extensions (loan_id) where state = 'requested'`.execute(db);

  await db.schema
    .createTable("loan_claims")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("loan_id", "uuid", (c) => c.notNull().unique().references("loans.id"))
    .addColumn("filed_by", "uuid", (c) => c.notNull().references("users.id"))
    .addColumn("amount_cents", "integer", (c) => c.notNull().check(sql`amount_cents between 0 and 50000`))
    .addColumn("description", "text", (c) => c.notNull().check(sql`length(btrim(description)) between 1 and 2000`))
    .addColumn("state", "text", (c) =>
      c
        .notNull()
        .defaultTo("open")
        .check(sql`state in ('open', 'accepted', 'decided')`),
    )
    .addColumn("dispute_note", "text", (c) => c.check(sql`length(dispute_note) <= 2000`))
    .addColumn("decided_amount_cents", "integer")
    .addColumn("decided_by", "uuid", (c) => c.references("users.id"))
    .addColumn("decision_note", "text", (c) => c.check(sql`length(decision_note) <= 2000`))
    .addColumn("created_at", "timestamptz", (c) => c.notNull())
    .addColumn("resolved_at", "timestamptz")
    .addCheckConstraint("loan_claims_decided", sql`decided_amount_cents is null or decided_amount_cents between 0 and amount_cents`)
    .addCheckConstraint("loan_claims_resolution", sql`(state = 'open') = (decided_amount_cents is null)`)
    .execute();

  // Condition photos at handover and evidence photos of a claim.
  await db.schema
    .createTable("loan_photos")
    .addColumn("upload_id", "uuid", (c) => c.primaryKey().references("uploads.id"))
    .addColumn("loan_id", "uuid", (c) => c.notNull().references("loans.id"))
    .addColumn("kind", "text", (c) => c.notNull().check(sql`kind in ('handover', 'claim')`))
    .addColumn("added_by", "uuid", (c) => c.notNull().references("users.id"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("loan_photos_loan_idx").on("loan_photos").columns(["loan_id", "kind"]).execute();

  await db.schema
    .createTable("loan_messages")
    .addColumn("id", "bigint", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("loan_id", "uuid", (c) => c.notNull().references("loans.id"))
    .addColumn("author_id", "uuid", (c) => c.notNull().references("users.id"))
    .addColumn("body", "text", (c) => c.notNull().check(sql`length(btrim(body)) between 1 and 2000`))
    .addColumn("sent_at", "timestamptz", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("loan_messages_loan_idx").on("loan_messages").columns(["loan_id", "id"]).execute();
  await db.schema.createIndex("loan_messages_author_idx").on("loan_messages").columns(["author_id", "sent_at"]).execute();

  // One row per reminder sent: the primary key makes the reminder sweep idempotent.
  await db.schema
    .createTable("loan_reminders")
    .addColumn("loan_id", "uuid", (c) => c.notNull().references("loans.id"))
    .addColumn("kind", "text", (c) => c.notNull().check(sql`kind in ('pickup', 'return', 'overdue')`))
    .addColumn("for_date", "date", (c) => c.notNull())
    .addColumn("sent_at", "timestamptz", (c) => c.notNull())
    .addPrimaryKeyConstraint("loan_reminders_pkey", ["loan_id", "kind", "for_date"])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("loan_reminders").execute();
  await db.schema.dropTable("loan_messages").execute();
  await db.schema.dropTable("loan_photos").execute();
  await db.schema.dropTable("loan_claims").execute();
  await db.schema.dropTable("loan_extensions").execute();
  await db.schema.dropTable("loan_events").execute();
  await sql`drop function loan_events_append_only()`.execute(db);
  await db.schema.dropTable("loans").execute();
  await db.schema.dropTable("wanted_events").execute();
  await db.schema.dropTable("wanted_posts").execute();
  await db.schema.dropTable("item_events").execute();
  await db.schema.dropTable("item_photos").execute();
  await db.schema.dropTable("items").execute();
  await sql`drop function lending_norm(text)`.execute(db);
}
