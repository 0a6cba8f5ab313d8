import { type Kysely, sql } from "kysely";

/**
 * Item browse and search at city scale (issue 17, docs/decisions/083):
 *
 * - Listed, visible items newest first, by themselves and within a category: the order `/items`
 *   and `/api/items` page in, so a page is the first rows of an index (with the existing
 *   `items_neighbourhood_listed_created` for a neighbourhood) instead of a sort of every listed item.
 * - The suspended members: browsing asks per item whether its owner is suspended. They are few, so
 *   this partial index is small, and the check is a lookup in it instead of a join of every listed
 *   item's owner.
 * - Titles run together ("boor machine" → "boormachine") by trigram: search compares the query with
 *   them, and this index lets it ask only the titles that can be similar enough.
 * Frozen in time: never import app code here.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index items_listed_created on items (created_at desc, id) where status = 'listed' and hidden_at is null`.execute(db);
  await sql`create index items_listed_category_created on items (category, created_at desc, id) where status = 'listed' and hidden_at is null`.execute(db);
  await sql`create index items_title_compact_trgm on items using gin (replace(title_norm, ' ', '') gin_trgm_ops)`.execute(db);
  await sql`create index users_suspended on users (id) where suspended_at is not null`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists users_suspended`.execute(db);
  await sql`drop index if exists items_title_compact_trgm`.execute(db);
  await sql`drop index if exists items_listed_category_created`.execute(db);
  await sql`drop index if exists items_listed_created`.execute(db);
}
