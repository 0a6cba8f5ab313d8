import { type Kysely, sql } from "kysely";

/**
 * Foundation: extensions later features rely on, neighbourhoods and postcode areas, accounts,
 * account events, and the shared rate-limit table.
 * Frozen in time: never import app code here.
 */
export async function up(db: Kysely<any>): Promise<void> {
  // btree_gist: exclusion constraints (no overlapping loans); pg_trgm: typo-tolerant search;
  // citext: case-insensitive e-mail and handles; unaccent: search that ignores diacritics.
  await sql`create extension if not exists btree_gist`.execute(db);
  await sql`create extension if not exists pg_trgm`.execute(db);
  await sql`create extension if not exists citext`.execute(db);
  await sql`create extension if not exists unaccent`.execute(db);

  await db.schema
    .createTable("neighbourhoods")
    .addColumn("id", "text", (c) => c.primaryKey().check(sql`id ~ '^[a-z0-9]+(-[a-z0-9]+)*$'`))
    .addColumn("name", "text", (c) => c.notNull().check(sql`length(name) between 1 and 100`))
    .addColumn("city", "text", (c) => c.notNull())
    .addColumn("municipality", "text", (c) => c.notNull())
    .addColumn("description_nl", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("description_en", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable("postcode_areas")
    .addColumn("postcode4", "text", (c) => c.primaryKey().check(sql`postcode4 ~ '^[1-9][0-9]{3}$'`))
    .addColumn("neighbourhood_id", "text", (c) => c.references("neighbourhoods.id"))
    .addColumn("place", "text", (c) => c.notNull())
    .addColumn("lat", "double precision", (c) => c.notNull().check(sql`lat between -90 and 90`))
    .addColumn("lng", "double precision", (c) => c.notNull().check(sql`lng between -180 and 180`))
    .execute();
  await db.schema.createIndex("postcode_areas_neighbourhood_idx").on("postcode_areas").column("neighbourhood_id").execute();

  await db.schema
    .createTable("users")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("email", sql`citext`, (c) =>
      c
        .notNull()
        .unique()
        .check(sql`email ~ '^[^@\\s]+@[^@\\s]+$' and length(email) <= 254`),
    )
    .addColumn("handle", sql`citext`, (c) =>
      c
        .notNull()
        .unique()
        .check(sql`handle ~ '^[a-z0-9]+(-[a-z0-9]+)*$' and length(handle) <= 60`),
    )
    .addColumn("display_name", "text", (c) => c.notNull().check(sql`length(btrim(display_name)) between 1 and 80`))
    .addColumn("password_hash", "text", (c) => c.notNull())
    .addColumn("role", "text", (c) =>
      c
        .notNull()
        .defaultTo("member")
        .check(sql`role in ('member', 'moderator', 'admin')`),
    )
    .addColumn("account_type", "text", (c) =>
      c
        .notNull()
        .defaultTo("person")
        .check(sql`account_type in ('person', 'organisation')`),
    )
    .addColumn("neighbourhood_id", "text", (c) => c.notNull().references("neighbourhoods.id"))
    .addColumn("postcode4", "text", (c) => c.check(sql`postcode4 ~ '^[1-9][0-9]{3}$'`))
    .addColumn("locale", "text", (c) =>
      c
        .notNull()
        .defaultTo("nl")
        .check(sql`locale in ('nl', 'en')`),
    )
    .addColumn("bio", "text", (c) =>
      c
        .notNull()
        .defaultTo("")
        .check(sql`length(bio) <= 1000`),
    )
    .addColumn("email_verified_at", "timestamptz")
    .addColumn("password_changed_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("suspended_at", "timestamptz")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex("users_neighbourhood_idx").on("users").column("neighbourhood_id").execute();

  // Append-only history of account changes (signed up, role changed, password changed, ...).
  await db.schema
    .createTable("user_events")
    .addColumn("id", "bigint", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("user_id", "uuid", (c) => c.notNull().references("users.id"))
    .addColumn("actor_id", "uuid", (c) => c.references("users.id"))
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("data", "jsonb", (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex("user_events_user_idx").on("user_events").columns(["user_id", "id"]).execute();

  // Shared by every app instance (rate-limiter-flexible's Postgres store layout).
  await db.schema
    .createTable("rate_limits")
    .addColumn("key", "varchar(255)", (c) => c.primaryKey())
    .addColumn("points", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("expire", "bigint")
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("rate_limits").execute();
  await db.schema.dropTable("user_events").execute();
  await db.schema.dropTable("users").execute();
  await db.schema.dropTable("postcode_areas").execute();
  await db.schema.dropTable("neighbourhoods").execute();
}
