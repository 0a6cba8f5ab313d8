import { type RawBuilder, sql } from "kysely";

/**
 * A `date` column as "YYYY-MM-DD". node-postgres turns `date` into a Date at the process's local
 * midnight, which shifts a day depending on the server's time zone; lending reads dates as text.
 */
export function ymd(column: string): RawBuilder<string> {
  return sql<string>`to_char(${sql.ref(column)}, 'YYYY-MM-DD')`;
}

export function ymdOrNull(column: string): RawBuilder<string | null> {
  return sql<string | null>`to_char(${sql.ref(column)}, 'YYYY-MM-DD')`;
}

/** A "YYYY-MM-DD" parameter compared with a `date` column. */
export function dateParam(day: string): RawBuilder<Date> {
  return sql<Date>`${day}::date`;
}
