import { type Kysely, sql } from "kysely";

/**
 * Notifications: the outbox (one row per notify() call, also the in-app list), e-mail deliveries
 * with their event history, preferences per category, the dev mailbox, calendar feeds, and
 * single-use account tokens (e-mail verification, password reset).
 * Frozen in time: never import app code here. Decisions: docs/decisions/010–014.
 */
const CATEGORIES = ["account", "projects_backed", "my_projects", "loans", "reviews", "moderation", "digest"];
// "account" messages (verification, password reset) can never be switched off, so no preference row.
const SWITCHABLE = CATEGORIES.filter((c) => c !== "account");
const list = (values: string[]) => sql.raw(values.map((v) => `'${v}'`).join(", "));

export async function up(db: Kysely<any>): Promise<void> {
  // The outbox. Written by notify() inside the caller's transaction, so a rollback leaves nothing.
  await db.schema
    .createTable("notifications")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("user_id", "uuid", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("kind", "text", (c) => c.notNull().check(sql`kind ~ '^[a-z_]+(\\.[a-z_]+)+$' and length(kind) <= 80`))
    .addColumn("category", "text", (c) => c.notNull().check(sql`category in (${list(CATEGORIES)})`))
    .addColumn("data", "jsonb", (c) =>
      c
        .notNull()
        .defaultTo(sql`'{}'::jsonb`)
        .check(sql`jsonb_typeof(data) = 'object'`),
    )
    .addColumn("dedupe_key", "text", (c) => c.check(sql`length(dedupe_key) between 1 and 200`))
    .addColumn("in_app", "boolean", (c) => c.notNull())
    .addColumn("read_at", "timestamptz")
    // clock_timestamp(): distinct times for several notifications written in one transaction.
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`clock_timestamp()`))
    // Nulls are distinct, so the key only binds notifications that were given one.
    .addUniqueConstraint("notifications_dedupe_key", ["user_id", "kind", "dedupe_key"])
    .execute();
  await sql`create index notifications_in_app_idx on notifications (user_id, created_at desc) where in_app`.execute(db);
  await sql`create index notifications_unread_idx on notifications (user_id) where in_app and read_at is null`.execute(db);

  // One e-mail delivery per notification; its state changes only through
  // app/notifications/delivery.ts transition() and the writer in delivery.server.ts.
  await db.schema
    .createTable("email_deliveries")
    .addColumn("notification_id", "uuid", (c) => c.primaryKey().references("notifications.id").onDelete("cascade"))
    .addColumn("state", "text", (c) => c.notNull().check(sql`state in ('pending', 'sending', 'sent', 'failed', 'skipped')`))
    .addColumn("attempts", "integer", (c) =>
      c
        .notNull()
        .defaultTo(0)
        .check(sql`attempts >= 0`),
    )
    // null: due at once (notify() has no clock; the sweep compares with the app clock).
    .addColumn("next_attempt_at", "timestamptz")
    .addColumn("lease_until", "timestamptz")
    .addColumn("last_error", "text")
    .addColumn("sent_at", "timestamptz")
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint("email_deliveries_sending_has_lease", sql`state <> 'sending' or lease_until is not null`)
    .addCheckConstraint("email_deliveries_sent_has_time", sql`state <> 'sent' or sent_at is not null`)
    .execute();
  await sql`create index email_deliveries_due_idx on email_deliveries (next_attempt_at nulls first) where state = 'pending'`.execute(db);
  await sql`create index email_deliveries_lease_idx on email_deliveries (lease_until) where state = 'sending'`.execute(db);
  await sql`create index email_deliveries_failed_idx on email_deliveries (updated_at) where state = 'failed'`.execute(db);

  await db.schema
    .createTable("email_delivery_events")
    .addColumn("id", "bigint", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("notification_id", "uuid", (c) => c.notNull().references("email_deliveries.notification_id").onDelete("cascade"))
    .addColumn("actor_id", "uuid", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("from_state", "text", (c) => c.notNull())
    .addColumn("to_state", "text", (c) => c.notNull())
    .addColumn("note", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("created_at", "timestamptz", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("email_delivery_events_notification_idx").on("email_delivery_events").columns(["notification_id", "id"]).execute();

  // Only deviations from the defaults are stored (every category on, the digest off).
  await db.schema
    .createTable("notification_preferences")
    .addColumn("user_id", "uuid", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("category", "text", (c) => c.notNull().check(sql`category in (${list(SWITCHABLE)})`))
    .addColumn("email", "boolean", (c) => c.notNull())
    .addColumn("updated_at", "timestamptz", (c) => c.notNull())
    .addPrimaryKeyConstraint("notification_preferences_pkey", ["user_id", "category"])
    .execute();

  // The dev mailbox: where e-mail goes when no SMTP server is configured. Message-ID is unique, so a
  // delivery repeated after a crash stores the message once.
  await db.schema
    .createTable("mailbox_messages")
    .addColumn("id", "bigint", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("message_id", "text", (c) => c.notNull().unique())
    .addColumn("to_address", "text", (c) => c.notNull())
    .addColumn("from_address", "text", (c) => c.notNull())
    .addColumn("subject", "text", (c) => c.notNull())
    .addColumn("text_body", "text", (c) => c.notNull())
    .addColumn("html_body", "text", (c) => c.notNull())
    .addColumn("headers", "jsonb", (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn("created_at", "timestamptz", (c) => c.notNull())
    .execute();
  await sql`create index mailbox_messages_to_idx on mailbox_messages (lower(to_address), id desc)`.execute(db);

  // A private calendar feed per user. The URL token is an HMAC of the feed id (nothing secret is
  // stored); revoking sets revoked_at and the old URL answers 404.
  await db.schema
    .createTable("calendar_feeds")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("user_id", "uuid", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull())
    .addColumn("revoked_at", "timestamptz")
    .execute();
  await sql`create unique index calendar_feeds_one_active_idx on calendar_feeds (user_id) where revoked_at is null`.execute(db);

  // Single-use account tokens; only a SHA-256 of the token is stored.
  await db.schema
    .createTable("account_tokens")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("user_id", "uuid", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("purpose", "text", (c) => c.notNull().check(sql`purpose in ('verify_email', 'password_reset')`))
    .addColumn("token_hash", "text", (c) =>
      c
        .notNull()
        .unique()
        .check(sql`token_hash ~ '^[0-9a-f]{64}$'`),
    )
    .addColumn("expires_at", "timestamptz", (c) => c.notNull())
    .addColumn("used_at", "timestamptz")
    .addColumn("created_at", "timestamptz", (c) => c.notNull())
    .addCheckConstraint("account_tokens_expiry_after_creation", sql`expires_at > created_at`)
    .execute();
  await db.schema.createIndex("account_tokens_user_idx").on("account_tokens").columns(["user_id", "purpose", "created_at"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("account_tokens").execute();
  await db.schema.dropTable("calendar_feeds").execute();
  await db.schema.dropTable("mailbox_messages").execute();
  await db.schema.dropTable("notification_preferences").execute();
  await db.schema.dropTable("email_delivery_events").execute();
  await db.schema.dropTable("email_deliveries").execute();
  await db.schema.dropTable("notifications").execute();
}
