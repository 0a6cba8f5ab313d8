import { sql } from "kysely";
import { defineJob } from "../jobs/definition.server";
import type { UploadVariant } from "../../db/schema";
import type { Db } from "../utils/db.server";
import type { Logger } from "../utils/logger.server";
import type { FileStorage } from "./storage.server";

/**
 * Uploads that nothing refers to, swept after a grace period (docs/decisions/009):
 * - `uploads` rows no foreign key points at (a photo removed from an item, a replaced cover, a
 *   form that stored a photo and then failed its own checks) — row and every file of it: the card,
 *   the large and the smaller variants (docs/decisions/064);
 * - files without an `uploads` row (a transaction that rolled back after its files were stored).
 * Which tables refer to uploads is read from the database's own foreign keys, so a feature that adds
 * one is covered without touching this module. The grace period lets a request that is still writing
 * finish first.
 */
export const UPLOAD_GRACE_MS = 24 * 60 * 60_000;

interface Reference {
  table: string;
  column: string;
}

async function referencesToUploads(db: Db): Promise<Reference[]> {
  const rows = await sql<{ table_name: string; column_name: string }>`
    select cl.relname as table_name, att.attname as column_name
    from pg_constraint con
    join pg_class cl on cl.oid = con.conrelid
    join pg_namespace ns on ns.oid = cl.relnamespace
    join pg_attribute att on att.attrelid = con.conrelid and att.attnum = any (con.conkey)
    where con.contype = 'f' and con.confrelid = 'uploads'::regclass and ns.nspname = current_schema()
    order by 1, 2`.execute(db);
  return rows.rows.map((r) => ({ table: r.table_name, column: r.column_name }));
}

/** Every file an `uploads` row names. */
const keysOf = (row: { card_key: string; large_key: string; variants: UploadVariant[] | null }) => [
  row.card_key,
  row.large_key,
  ...(row.variants ?? []).map((v) => v.key),
];

export async function sweepUnreferencedUploads(
  deps: { db: Db; storage: FileStorage },
  now: Date,
  options: { graceMs?: number; limit?: number } = {},
): Promise<{ rowsDeleted: number; filesDeleted: number }> {
  const { db, storage } = deps;
  const before = new Date(now.getTime() - (options.graceMs ?? UPLOAD_GRACE_MS));
  const limit = options.limit ?? 500;
  const references = await referencesToUploads(db);
  const unreferenced = references.map((r) => sql`not exists (select 1 from ${sql.table(r.table)} x where x.${sql.ref(r.column)} = u.id)`);
  // One statement: a row that gained a reference meanwhile is kept (the foreign key would refuse anyway).
  const deleted = await sql<{ card_key: string; large_key: string; variants: UploadVariant[] | null }>`
    delete from uploads where id in (
      select u.id from uploads u
      where u.created_at < ${before} ${unreferenced.length ? sql`and ${sql.join(unreferenced, sql` and `)}` : sql``}
      order by u.created_at limit ${limit}
      for update skip locked)
    returning card_key, large_key, variants`.execute(db);
  let filesDeleted = 0;
  for (const row of deleted.rows) {
    for (const key of keysOf(row)) {
      await storage.delete(key);
      filesDeleted++;
    }
  }
  // Files whose row never came (or went): older than the grace period and named by no row.
  const candidates: string[] = [];
  for await (const file of storage.list({ olderThan: before })) {
    // Only pictures have rows: other files (a member's data archive) expire on their own (decision 074).
    if (!/\.(webp|jpg|png)$/.test(file.key)) continue;
    candidates.push(file.key);
    if (candidates.length >= limit * 4) break;
  }
  for (let i = 0; i < candidates.length; i += 200) {
    const batch = candidates.slice(i, i + 200);
    const known = await db
      .selectFrom("uploads")
      .select(["card_key", "large_key", "variants"])
      .where((eb) =>
        eb.or([
          eb("card_key", "in", batch),
          eb("large_key", "in", batch),
          sql<boolean>`exists (select 1 from jsonb_array_elements(variants) v where v->>'key' in (${sql.join(batch)}))`,
        ]),
      )
      .execute();
    const named = new Set(known.flatMap(keysOf));
    for (const key of batch) {
      if (named.has(key)) continue;
      await storage.delete(key);
      filesDeleted++;
    }
  }
  return { rowsDeleted: deleted.rows.length, filesDeleted };
}

export const sweepUploadsJob = defineJob<{ db: Db; storage: FileStorage; logger: Logger }>({
  name: "storage.sweep-unreferenced",
  sweep: true,
  schedule: "23 * * * *",
  async run({ db, storage, now, logger }) {
    const { rowsDeleted, filesDeleted } = await sweepUnreferencedUploads({ db, storage }, now);
    if (rowsDeleted || filesDeleted) logger.info({ rowsDeleted, filesDeleted }, "unreferenced uploads swept");
    return { processed: rowsDeleted + filesDeleted, detail: { rowsDeleted, filesDeleted } };
  },
});
