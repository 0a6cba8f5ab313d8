/**
 * Grows a seeded database by copying rows with set-based SQL (issue 17): the same pages at 10 and
 * at 1,000 rows, for the query-count test. Every column is copied as it is unless `set` gives an
 * expression for it (or `omit` leaves it to its default); the source row is `t`, the copy's number `g` (1…times), and `from` may join more
 * (e.g. `u` for the cloned backers). Generated columns are left to the database.
 */
import { sql } from "kysely";
import type { Db } from "../../app/utils/db.server";

export async function cloneRows(
  db: Db,
  table: string,
  o: { times?: number; where: string; set: Record<string, string>; from?: string; /** Columns left to their default (a serial id). */ omit?: string[] },
): Promise<number> {
  const columns = await sql<{ column_name: string }>`
    select column_name from information_schema.columns
    where table_schema = 'public' and table_name = ${table} and is_generated = 'NEVER'
    order by ordinal_position
  `.execute(db);
  if (columns.rows.length === 0) throw new Error(`cloneRows: no table ${table}`);
  const names = columns.rows.map((c) => c.column_name).filter((c) => !o.omit?.includes(c));
  for (const key of Object.keys(o.set)) if (!names.includes(key)) throw new Error(`cloneRows: ${table} has no column ${key}`);
  const select = names.map((c) => o.set[c] ?? `t."${c}"`).join(", ");
  const from = `"${table}" t${o.times ? ` cross join generate_series(1, ${o.times}) g` : ""}${o.from ? `, ${o.from}` : ""}`;
  const result = await sql.raw(`insert into "${table}" (${names.map((c) => `"${c}"`).join(", ")}) select ${select} from ${from} where ${o.where}`).execute(db);
  return Number(result.numAffectedRows ?? 0);
}
