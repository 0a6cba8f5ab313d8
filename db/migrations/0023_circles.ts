import { type Kysely, sql } from "kysely";

/**
 * Circles: who may borrow (issue 12, docs/decisions/061-circles.md).
 *
 * - circles: a member's named group (friends, the sports club, the street). Its invite link carries
 *   the circle id and a signature over it and `invite_nonce`: renewing the nonce retires old links.
 * - circle_members: who is in it (the owner too, as 'owner'); membership is private to members.
 * - circle_events: one row per change (created, joined, left, removed, link renewed, invited).
 * - item_circles: an item lent to circles only (items.audience = 'circles') names one or more of
 *   its owner's circles. A deferred trigger keeps "audience 'circles' ⇔ at least one circle".
 * Frozen in time: never import app code here.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("circles")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("owner_id", "uuid", (c) => c.notNull().references("users.id"))
    .addColumn("name", "text", (c) => c.notNull().check(sql`length(name) between 2 and 80`))
    .addColumn("invite_nonce", "uuid", (c) => c.notNull().defaultTo(sql`gen_random_uuid()`))
    .addColumn("created_at", "timestamptz", (c) => c.notNull())
    .addColumn("updated_at", "timestamptz", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("circles_owner").on("circles").column("owner_id").execute();
  await db.schema
    .createTable("circle_members")
    .addColumn("circle_id", "uuid", (c) => c.notNull().references("circles.id").onDelete("cascade"))
    .addColumn("user_id", "uuid", (c) => c.notNull().references("users.id"))
    .addColumn("role", "text", (c) => c.notNull().check(sql`role in ('owner', 'member')`))
    .addColumn("joined_at", "timestamptz", (c) => c.notNull())
    .addPrimaryKeyConstraint("circle_members_pk", ["circle_id", "user_id"])
    .execute();
  await db.schema.createIndex("circle_members_user").on("circle_members").columns(["user_id", "circle_id"]).execute();
  await sql`create unique index circle_members_one_owner on circle_members (circle_id) where role = 'owner'`.execute(db);
  await db.schema
    .createTable("circle_events")
    .addColumn("id", "bigint", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("circle_id", "uuid", (c) => c.notNull().references("circles.id").onDelete("cascade"))
    .addColumn("actor_id", "uuid", (c) => c.references("users.id"))
    .addColumn("subject_id", "uuid", (c) => c.references("users.id"))
    .addColumn("kind", "text", (c) => c.notNull().check(sql`kind in ('created', 'joined', 'left', 'removed', 'link_renewed', 'invited', 'renamed')`))
    .addColumn("created_at", "timestamptz", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("item_circles")
    .addColumn("item_id", "uuid", (c) => c.notNull().references("items.id"))
    .addColumn("circle_id", "uuid", (c) => c.notNull().references("circles.id"))
    .addPrimaryKeyConstraint("item_circles_pk", ["item_id", "circle_id"])
    .execute();
  await db.schema.createIndex("item_circles_circle").on("item_circles").column("circle_id").execute();

  await sql`alter table items drop constraint items_audience_check`.execute(db);
  await sql`alter table items add constraint items_audience_check check (audience in ('neighbourhood', 'everyone', 'previous_borrowers', 'circles'))`.execute(
    db,
  );

  // An item for circles names at least one; an item for anyone else names none. Checked at commit,
  // so the item and its circles can be written in either order inside one transaction.
  await sql`
    create function items_check_circles() returns trigger language plpgsql as $$
    declare
      target uuid;
    begin
      if tg_table_name = 'items' then
        target := new.id;
      elsif tg_op = 'DELETE' then
        target := old.item_id;
      else
        target := new.item_id;
      end if;
      if exists (
        select 1 from items i
        where i.id = target
          and (i.audience = 'circles') <> exists (select 1 from item_circles ic where ic.item_id = i.id)
      ) then
        raise exception 'item % : audience circles needs at least one circle, and only then', target using errcode = '23514';
      end if;
      return null;
    end
    $$
  `.execute(db);
  await sql`create constraint trigger items_circles_match after insert or update of audience on items
    deferrable initially deferred for each row execute function items_check_circles()`.execute(db);
  await sql`create constraint trigger item_circles_match after insert or delete on item_circles
    deferrable initially deferred for each row execute function items_check_circles()`.execute(db);
  // Only the owner's own circles.
  await sql`
    create function item_circles_owner() returns trigger language plpgsql as $$
    begin
      if not exists (select 1 from items i join circles c on c.owner_id = i.owner_id where i.id = new.item_id and c.id = new.circle_id) then
        raise exception 'an item can only be lent to its owner''s circles' using errcode = '23514';
      end if;
      return new;
    end
    $$
  `.execute(db);
  await sql`create trigger item_circles_owner before insert on item_circles for each row execute function item_circles_owner()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger item_circles_owner on item_circles`.execute(db);
  await sql`drop function item_circles_owner()`.execute(db);
  await sql`drop trigger item_circles_match on item_circles`.execute(db);
  await sql`drop trigger items_circles_match on items`.execute(db);
  await sql`drop function items_check_circles()`.execute(db);
  await sql`update items set audience = 'previous_borrowers' where audience = 'circles'`.execute(db);
  await sql`alter table items drop constraint items_audience_check`.execute(db);
  await sql`alter table items add constraint items_audience_check check (audience in ('neighbourhood', 'everyone', 'previous_borrowers'))`.execute(db);
  await db.schema.dropTable("item_circles").execute();
  await db.schema.dropTable("circle_events").execute();
  await db.schema.dropTable("circle_members").execute();
  await db.schema.dropTable("circles").execute();
}
