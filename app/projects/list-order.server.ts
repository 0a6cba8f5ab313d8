import { type RawBuilder, sql } from "kysely";
import type { ListSort } from "./project";

/**
 * The public list's orders as keys an index serves (db/migrations/0052, docs/decisions/085), and
 * the cursor that pages by them (keyset: "after this row", never OFFSET).
 *
 * Every order is live projects first, then the sort's keys, then the id, all in one direction so a
 * row comparison `(keys…, id) > (cursor…)` is an index condition. The expressions are written
 * exactly as the migration's indexes are: the planner matches them by their text.
 */
export type KeyType = "boolean" | "interval" | "timestamptz" | "bigint" | "float8";

interface Key {
  sql: RawBuilder<unknown>;
  type: KeyType;
}

export interface ListOrder {
  direction: "asc" | "desc";
  /** Whether the project is live, as the first key of this order. */
  live: RawBuilder<unknown>;
  /** The first key's value for live projects (the others have the opposite). */
  liveValue: boolean;
  keys: Key[];
}

const deadlineKey = sql`(case when p.status = 'live' then coalesce(p.ends_at, timestamptz '3000-01-01 00:00:00+00') - timestamptz '2000-01-01 00:00:00+00' else timestamptz '2000-01-01 00:00:00+00' - coalesce(p.ends_at, timestamptz '3000-01-01 00:00:00+00') end)`;
const notLive = sql`(p.status <> 'live')`;
const isLive = sql`(p.status = 'live')`;

export const listOrders: Record<ListSort, ListOrder> = {
  // Live by deadline (ongoing ones, without one, last); ended ones most recently ended first.
  ending_soon: {
    direction: "asc",
    live: notLive,
    liveValue: false,
    keys: [
      { sql: notLive, type: "boolean" },
      { sql: deadlineKey, type: "interval" },
    ],
  },
  newest: {
    direction: "desc",
    live: isLive,
    liveValue: true,
    keys: [
      { sql: isLive, type: "boolean" },
      { sql: sql`coalesce(p.launched_at, p.created_at)`, type: "timestamptz" },
    ],
  },
  most_funded: {
    direction: "desc",
    live: isLive,
    liveValue: true,
    keys: [
      { sql: isLive, type: "boolean" },
      { sql: sql`p.pledged_cents`, type: "bigint" },
    ],
  },
  // Closest to the goal without having reached it first, then the funded ones, by share of the goal.
  nearly_there: {
    direction: "desc",
    live: isLive,
    liveValue: true,
    keys: [
      { sql: isLive, type: "boolean" },
      { sql: sql`(p.pledged_cents < p.goal_cents)`, type: "boolean" },
      { sql: sql`(p.pledged_cents::float8 / p.goal_cents)`, type: "float8" },
    ],
  },
};

/**
 * Where a page starts: after (or before) the row with these key values, as Postgres wrote them
 * (text, cast back to the key's type in the comparison), and the number of the page it opens.
 */
export interface ListCursor {
  sort: ListSort;
  /** The postcode the distances were measured from, when the order starts with the distance. */
  near: string | null;
  page: number;
  values: string[];
  id: string;
}

const formats: Record<KeyType, RegExp> = {
  boolean: /^(true|false)$/,
  bigint: /^-?\d{1,18}$/,
  float8: /^-?\d{1,20}(\.\d{1,20})?(e[+-]?\d{1,3})?$/,
  timestamptz: /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(\.\d{1,6})?([+-]\d{2}(:\d{2}){0,2}|Z)?$/,
  interval: /^(?=.)(-?\d{1,7} days?)? ?(-?\d{1,8}:\d{2}:\d{2}(\.\d{1,6})?)?$/,
};
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The key types of a sort's cursor: the distance first when sorted by it. */
export function cursorTypes(sort: ListSort, near: boolean): KeyType[] {
  return [...(near ? (["float8"] as const) : []), ...listOrders[sort].keys.map((k) => k.type)];
}

export function encodeCursor(cursor: ListCursor): string {
  return Buffer.from(JSON.stringify([cursor.sort, cursor.near, cursor.page, cursor.values, cursor.id])).toString("base64url");
}

/**
 * The cursor in `raw`, or null when it is not one for this sort (a changed sort, a tampered or
 * truncated value): the list then shows its first page. Values are checked against their types'
 * formats so that a bad one never reaches the database as a cast that fails.
 */
export function decodeCursor(raw: string | null | undefined, sort: ListSort, near: string | null): ListCursor | null {
  if (!raw || raw.length > 600 || !/^[A-Za-z0-9_-]+$/.test(raw)) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(raw, "base64url").toString("utf8"));
  } catch {
    return null;
  }
  if (!Array.isArray(parsed) || parsed.length !== 5) return null;
  const [s, n, page, values, id] = parsed as unknown[];
  if (s !== sort || (n ?? null) !== near) return null;
  if (typeof page !== "number" || !Number.isInteger(page) || page < 2 || page > 100_000) return null;
  if (typeof id !== "string" || !uuid.test(id)) return null;
  const types = cursorTypes(sort, near !== null);
  if (!Array.isArray(values) || values.length !== types.length) return null;
  if (!values.every((v, i) => typeof v === "string" && formats[types[i]!].test(v))) return null;
  return { sort, near, page, values: values as string[], id };
}
