import { type Kysely, sql } from "kysely";

/**
 * Neighbourhood projects and pledges: projects with their funding plan, reward tiers, pledges,
 * payment attempts (one row per charge/refund call to the gateway, carrying its idempotency key),
 * updates and comments, and the append-only event history of projects and pledges.
 * Lifecycle: docs/projects-lifecycle.md; decisions: docs/decisions/030-*.md … 039-*.md.
 * Frozen in time: never import app code here.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("projects")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("slug", "text", (c) =>
      c
        .notNull()
        .unique()
        .check(sql`slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' and length(slug) <= 80`),
    )
    .addColumn("initiator_id", "uuid", (c) => c.notNull().references("users.id"))
    .addColumn("neighbourhood_id", "text", (c) => c.notNull().references("neighbourhoods.id"))
    .addColumn("title", "text", (c) => c.notNull().check(sql`length(btrim(title)) between 3 and 100`))
    .addColumn("summary", "text", (c) =>
      c
        .notNull()
        .defaultTo("")
        .check(sql`length(summary) <= 200`),
    )
    .addColumn("story", "text", (c) =>
      c
        .notNull()
        .defaultTo("")
        .check(sql`length(story) <= 20000`),
    )
    .addColumn("category", "text", (c) => c.notNull().check(sql`category in ('green', 'social', 'culture', 'sport', 'playground', 'safety', 'other')`))
    .addColumn("cover_upload_id", "uuid", (c) => c.references("uploads.id"))
    .addColumn("goal_cents", "bigint", (c) => c.notNull().check(sql`goal_cents between 1000 and 100000000`))
    .addColumn("funding_model", "text", (c) =>
      c
        .notNull()
        .defaultTo("all_or_nothing")
        .check(sql`funding_model in ('all_or_nothing', 'keep_what_you_raise')`),
    )
    .addColumn("duration_days", "integer", (c) => c.notNull().check(sql`duration_days between 1 and 60`))
    .addColumn("status", "text", (c) =>
      c
        .notNull()
        .defaultTo("draft")
        .check(sql`status in ('draft', 'submitted', 'changes_requested', 'approved', 'live', 'succeeded', 'failed', 'cancelled', 'paid_out')`),
    )
    .addColumn("launched_at", "timestamptz")
    .addColumn("ends_at", "timestamptz")
    .addColumn("settled_at", "timestamptz")
    .addColumn("cancel_reason", "text", (c) => c.check(sql`cancel_reason is null or length(cancel_reason) <= 1000`))
    // Totals maintained in the same transaction as every pledge change (docs/decisions/032-*).
    .addColumn("pledged_cents", "bigint", (c) =>
      c
        .notNull()
        .defaultTo(0)
        .check(sql`pledged_cents >= 0`),
    )
    .addColumn("collected_cents", "bigint", (c) =>
      c
        .notNull()
        .defaultTo(0)
        .check(sql`collected_cents >= 0`),
    )
    .addColumn("backer_count", "integer", (c) =>
      c
        .notNull()
        .defaultTo(0)
        .check(sql`backer_count >= 0`),
    )
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint(
      "projects_launched_has_deadline",
      sql`status not in ('live', 'succeeded', 'failed', 'paid_out') or (launched_at is not null and ends_at is not null and ends_at > launched_at)`,
    )
    .addCheckConstraint("projects_cancel_reason", sql`(status = 'cancelled') or cancel_reason is null`)
    .execute();
  await db.schema.createIndex("projects_status_ends_idx").on("projects").columns(["status", "ends_at"]).execute();
  await db.schema.createIndex("projects_neighbourhood_idx").on("projects").columns(["neighbourhood_id", "status"]).execute();
  await db.schema.createIndex("projects_initiator_idx").on("projects").column("initiator_id").execute();

  // The funding plan: what the money is for. Outside draft/changes_requested the lines must add
  // up to the goal (checked at commit by a constraint trigger below).
  await db.schema
    .createTable("project_budget_lines")
    .addColumn("id", "bigint", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("project_id", "uuid", (c) => c.notNull().references("projects.id").onDelete("cascade"))
    .addColumn("position", "integer", (c) => c.notNull().check(sql`position between 0 and 49`))
    .addColumn("description", "text", (c) => c.notNull().check(sql`length(btrim(description)) between 1 and 200`))
    .addColumn("amount_cents", "bigint", (c) => c.notNull().check(sql`amount_cents between 1 and 100000000`))
    .addUniqueConstraint("project_budget_lines_position_key", ["project_id", "position"])
    .execute();

  await sql`
    create function projects_check_budget() returns trigger language plpgsql as $$
    declare
      pid uuid;
      p record;
      total bigint;
    begin
      if tg_table_name = 'projects' then
        pid := new.id;
      elsif tg_op = 'DELETE' then
        pid := old.project_id;
      else
        pid := new.project_id;
      end if;
      select id, status, goal_cents into p from projects where id = pid;
      if p.id is null or p.status in ('draft', 'changes_requested') then
        return null;
      end if;
      select coalesce(sum(amount_cents), 0) into total from project_budget_lines where project_id = p.id;
      if total <> p.goal_cents then
        raise exception 'funding plan of project % adds up to % cents, goal is % cents', p.id, total, p.goal_cents
          using errcode = '23514', constraint = 'projects_budget_matches_goal';
      end if;
      return null;
    end
    $$
  `.execute(db);
  await sql`
    create constraint trigger projects_budget_matches_goal after insert or update of status, goal_cents on projects
    deferrable initially deferred for each row execute function projects_check_budget()
  `.execute(db);
  await sql`
    create constraint trigger project_budget_lines_match_goal after insert or update or delete on project_budget_lines
    deferrable initially deferred for each row execute function projects_check_budget()
  `.execute(db);

  // History tables are append-only: a correction is a new event, never an edit.
  await sql`
    create function projects_forbid_mutation() returns trigger language plpgsql as $$
    begin
      raise exception '% is append-only', tg_table_name using errcode = '42501';
    end
    $$
  `.execute(db);

  await db.schema
    .createTable("project_events")
    .addColumn("id", "bigint", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("project_id", "uuid", (c) => c.notNull().references("projects.id"))
    .addColumn("actor_id", "uuid", (c) => c.references("users.id"))
    .addColumn("event", "text", (c) => c.notNull())
    .addColumn("from_status", "text")
    .addColumn("to_status", "text", (c) => c.notNull())
    .addColumn("note", "text", (c) => c.check(sql`note is null or length(note) <= 2000`))
    .addColumn("created_at", "timestamptz", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("project_events_project_idx").on("project_events").columns(["project_id", "id"]).execute();
  await sql`create trigger project_events_append_only before update or delete on project_events for each row execute function projects_forbid_mutation()`.execute(
    db,
  );

  await db.schema
    .createTable("reward_tiers")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("project_id", "uuid", (c) => c.notNull().references("projects.id").onDelete("cascade"))
    .addColumn("title", "text", (c) => c.notNull().check(sql`length(btrim(title)) between 1 and 100`))
    .addColumn("description", "text", (c) =>
      c
        .notNull()
        .defaultTo("")
        .check(sql`length(description) <= 1000`),
    )
    .addColumn("min_cents", "bigint", (c) => c.notNull().check(sql`min_cents between 100 and 1000000`))
    .addColumn("quantity", "integer", (c) => c.check(sql`quantity is null or quantity between 1 and 100000`))
    // Places taken, maintained with the pledge change: a limited tier can never oversell.
    .addColumn("claimed", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("pickup_note", "text", (c) =>
      c
        .notNull()
        .defaultTo("")
        .check(sql`length(pickup_note) <= 300`),
    )
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint("reward_tiers_not_oversold", sql`claimed >= 0 and (quantity is null or claimed <= quantity)`)
    .execute();
  await db.schema.createIndex("reward_tiers_project_idx").on("reward_tiers").column("project_id").execute();

  await db.schema
    .createTable("pledges")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("project_id", "uuid", (c) => c.notNull().references("projects.id"))
    .addColumn("backer_id", "uuid", (c) => c.notNull().references("users.id"))
    .addColumn("tier_id", "uuid", (c) => c.references("reward_tiers.id"))
    .addColumn("amount_cents", "bigint", (c) => c.notNull().check(sql`amount_cents between 100 and 1000000`))
    .addColumn("status", "text", (c) =>
      c.notNull().check(sql`status in ('active', 'processing', 'charged', 'payment_failed', 'cancelled', 'dropped', 'released', 'refunded')`),
    )
    .addColumn("visibility", "text", (c) =>
      c
        .notNull()
        .defaultTo("initiator")
        .check(sql`visibility in ('public', 'initiator', 'anonymous')`),
    )
    .addColumn("message", "text", (c) =>
      c
        .notNull()
        .defaultTo("")
        .check(sql`length(message) <= 500`),
    )
    // The token of the form that created it: a double submit finds this pledge instead of making a second.
    .addColumn("idempotency_key", "text", (c) => c.check(sql`idempotency_key is null or length(idempotency_key) between 8 and 100`))
    // The gateway's saved payment method (Stripe: a PaymentMethod saved through a SetupIntent).
    .addColumn("payment_method_ref", "text")
    .addColumn("fix_until", "timestamptz")
    .addColumn("charged_at", "timestamptz")
    .addColumn("created_at", "timestamptz", (c) => c.notNull())
    .addColumn("updated_at", "timestamptz", (c) => c.notNull())
    .addCheckConstraint("pledges_failed_has_fix_window", sql`status <> 'payment_failed' or fix_until is not null`)
    .execute();
  // One standing pledge per backer per project (a cancelled one does not count).
  await sql`create unique index pledges_one_per_backer on pledges (project_id, backer_id) where status in ('active', 'processing', 'charged', 'payment_failed')`.execute(
    db,
  );
  await sql`create unique index pledges_idempotency_key on pledges (backer_id, idempotency_key) where idempotency_key is not null`.execute(db);
  await db.schema.createIndex("pledges_project_status_idx").on("pledges").columns(["project_id", "status"]).execute();
  await db.schema.createIndex("pledges_backer_idx").on("pledges").columns(["backer_id", "created_at"]).execute();
  await db.schema.createIndex("pledges_tier_idx").on("pledges").column("tier_id").execute();
  await sql`create index pledges_fix_until_idx on pledges (fix_until) where status = 'payment_failed'`.execute(db);

  await db.schema
    .createTable("pledge_events")
    .addColumn("id", "bigint", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("pledge_id", "uuid", (c) => c.notNull().references("pledges.id"))
    .addColumn("project_id", "uuid", (c) => c.notNull().references("projects.id"))
    .addColumn("actor_id", "uuid", (c) => c.references("users.id"))
    .addColumn("event", "text", (c) => c.notNull())
    .addColumn("from_status", "text")
    .addColumn("to_status", "text", (c) => c.notNull())
    .addColumn("amount_cents", "bigint", (c) => c.notNull())
    .addColumn("tier_id", "uuid", (c) => c.references("reward_tiers.id"))
    // How this event moved the project's pledged total (the funding-over-time chart adds these up).
    .addColumn("pledged_delta_cents", "bigint", (c) => c.notNull().defaultTo(0))
    .addColumn("note", "text", (c) => c.check(sql`note is null or length(note) <= 1000`))
    .addColumn("created_at", "timestamptz", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("pledge_events_pledge_idx").on("pledge_events").columns(["pledge_id", "id"]).execute();
  await db.schema.createIndex("pledge_events_project_idx").on("pledge_events").columns(["project_id", "created_at"]).execute();
  await sql`create trigger pledge_events_append_only before update or delete on pledge_events for each row execute function projects_forbid_mutation()`.execute(
    db,
  );

  // One row per call to the gateway that moves a pledge's money. The idempotency key is derived
  // from this row, so a rerun after a crash repeats the same call and the gateway answers it once.
  await db.schema
    .createTable("pledge_payment_attempts")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("pledge_id", "uuid", (c) => c.notNull().references("pledges.id"))
    .addColumn("kind", "text", (c) => c.notNull().check(sql`kind in ('charge', 'refund')`))
    .addColumn("attempt_no", "integer", (c) => c.notNull().check(sql`attempt_no >= 1`))
    .addColumn("reason", "text", (c) => c.notNull().check(sql`reason in ('settlement', 'pledge', 'fix', 'cancellation', 'duplicate')`))
    .addColumn("amount_cents", "bigint", (c) => c.notNull().check(sql`amount_cents > 0`))
    .addColumn("idempotency_key", "text", (c) => c.notNull().unique())
    .addColumn("payment_method_ref", "text")
    // Refunds: the gateway payment being refunded.
    .addColumn("refund_of_payment", "text")
    .addColumn("status", "text", (c) =>
      c
        .notNull()
        .defaultTo("pending")
        .check(sql`status in ('pending', 'processing', 'succeeded', 'failed', 'requires_action')`),
    )
    .addColumn("gateway_ref", "text")
    .addColumn("failure_code", "text")
    .addColumn("next_action_url", "text")
    // A worker holds the attempt while it talks to the gateway; a crashed worker's hold runs out.
    .addColumn("locked_until", "timestamptz")
    .addColumn("created_at", "timestamptz", (c) => c.notNull())
    .addColumn("finished_at", "timestamptz")
    .addUniqueConstraint("pledge_payment_attempts_no_key", ["pledge_id", "kind", "attempt_no"])
    .addCheckConstraint("pledge_payment_attempts_refund_of", sql`(kind = 'refund') = (refund_of_payment is not null)`)
    .execute();
  await sql`create unique index pledge_payment_attempts_one_open on pledge_payment_attempts (pledge_id, kind, coalesce(refund_of_payment, '')) where status in ('pending', 'processing')`.execute(
    db,
  );

  await db.schema
    .createTable("project_updates")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("project_id", "uuid", (c) => c.notNull().references("projects.id"))
    .addColumn("author_id", "uuid", (c) => c.notNull().references("users.id"))
    .addColumn("title", "text", (c) => c.notNull().check(sql`length(btrim(title)) between 1 and 120`))
    .addColumn("body", "text", (c) => c.notNull().check(sql`length(body) between 1 and 20000`))
    .addColumn("created_at", "timestamptz", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("project_updates_project_idx").on("project_updates").columns(["project_id", "created_at"]).execute();

  await db.schema
    .createTable("project_comments")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("project_id", "uuid", (c) => c.notNull().references("projects.id"))
    .addColumn("author_id", "uuid", (c) => c.notNull().references("users.id"))
    .addColumn("body", "text", (c) => c.notNull().check(sql`length(btrim(body)) between 1 and 2000`))
    .addColumn("hidden_at", "timestamptz")
    .addColumn("hidden_by", "uuid", (c) => c.references("users.id"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull())
    .addCheckConstraint("project_comments_hidden_by", sql`(hidden_at is null) = (hidden_by is null)`)
    .execute();
  await db.schema.createIndex("project_comments_project_idx").on("project_comments").columns(["project_id", "created_at"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("project_comments").execute();
  await db.schema.dropTable("project_updates").execute();
  await db.schema.dropTable("pledge_payment_attempts").execute();
  await db.schema.dropTable("pledge_events").execute();
  await db.schema.dropTable("pledges").execute();
  await db.schema.dropTable("reward_tiers").execute();
  await db.schema.dropTable("project_events").execute();
  await db.schema.dropTable("project_budget_lines").execute();
  await db.schema.dropTable("projects").execute();
  await sql`drop function if exists projects_forbid_mutation()`.execute(db);
  await sql`drop function if exists projects_check_budget()`.execute(db);
}
