import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { btree_gist } from "@electric-sql/pglite/contrib/btree_gist";
import { citext } from "@electric-sql/pglite/contrib/citext";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { unaccent } from "@electric-sql/pglite/contrib/unaccent";
import { createPgConfig } from "@electric-sql/pglite/node-postgres";
import { Kysely, PostgresDialect, type Transaction } from "kysely";
import pg from "pg";
import type { Database } from "../../db/schema";
import { acquireDataDirLock } from "./data-dir-lock.server";

export type { Database } from "../../db/schema";
/** Any executor: data functions take this first, so the transaction boundary shows in the types. */
export type Db = Kysely<Database> | Transaction<Database>;
export type Trx = Transaction<Database>;

// `pg` returns int8 (bigint, count(*)) as strings. Our int8 values are cents and ids, far below
// 2^53, so they become numbers here — the one place they are parsed. An unsafe value throws
// rather than silently losing precision.
pg.types.setTypeParser(pg.types.builtins.INT8, (value: string) => {
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new RangeError(`int8 value ${value} exceeds the safe integer range`);
  return n;
});

export const pgliteExtensions = { btree_gist, citext, pg_trgm, unaccent };

export interface DatabaseHandle {
  db: Kysely<Database>;
  /** The pool every database user shares (Kysely, the job queue, the rate limiter). */
  pool: pg.Pool;
  kind: "embedded" | "server";
  /** Where the data lives, for logs (no credentials). */
  location: string;
  close(): Promise<void>;
}

export type DatabaseTarget =
  | { kind: "server"; url: string; maxConnections?: number }
  | { kind: "embedded"; dataDir: string; purpose: string }
  | { kind: "embedded-instance"; pglite: PGlite; location: string };

export function databaseTargetFromEnv(env: { DATABASE_URL?: string; DATABASE_POOL_MAX?: number; DATA_DIR: string }, purpose: string): DatabaseTarget {
  return env.DATABASE_URL
    ? { kind: "server", url: env.DATABASE_URL, maxConnections: env.DATABASE_POOL_MAX }
    : { kind: "embedded", dataDir: env.DATA_DIR, purpose };
}

function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return "(unparseable DATABASE_URL)";
  }
}

/**
 * Opens the database. With a URL: a `pg` pool against that server. Without: embedded PGlite under
 * `<DATA_DIR>/pglite`, locked to this process, reached through PGlite's node-postgres adapter so
 * the same Kysely PostgresDialect serves both (docs/decisions/001-embedded-postgres.md).
 *
 * Embedded mode has exactly one connection: code holding a transaction must pass `trx` down,
 * never await a query on `db` (it would wait forever for the connection it holds).
 */
export async function openDatabase(target: DatabaseTarget): Promise<DatabaseHandle> {
  if (target.kind === "server") {
    const pool = new pg.Pool({
      connectionString: target.url,
      max: target.maxConnections ?? 10,
      application_name: "buurtkracht",
      // No JIT compilation (issue 17, decision 086): Postgres compiles a query to machine code once its
      // estimated cost passes jit_above_cost, and at city scale the neighbourhood list and the home
      // page's year in numbers passed it — 200–340 ms of compiling for queries that run in 1–2 ms.
      // Every query here is short; compiling never pays.
      options: "-c jit=off",
    });
    pool.on("error", () => {
      /* idle client errors surface on the next query; do not crash the process */
    });
    // A client that is checked out but between queries (a transaction awaiting the app) emits
    // 'error' when the server ends its connection (a restart, a failover); without a listener that
    // crashed the process (found by `npm run drill -- restart`). The next query on it fails instead,
    // the request gets the 503 page, and the pool replaces the client when it is released.
    pool.on("connect", (client) => {
      client.on("error", () => undefined);
    });
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return {
      db,
      pool,
      kind: "server",
      location: redactUrl(target.url),
      close: () => db.destroy(),
    };
  }

  let pglite: PGlite;
  let release = () => {};
  let location: string;
  if (target.kind === "embedded") {
    release = acquireDataDirLock(target.dataDir, target.purpose);
    location = path.join(target.dataDir, "pglite");
    try {
      pglite = await PGlite.create(location, { extensions: pgliteExtensions });
    } catch (error) {
      release();
      throw error;
    }
  } else {
    pglite = target.pglite;
    location = target.location;
  }
  const pool = new pg.Pool(createPgConfig(pglite));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    pool,
    kind: "embedded",
    location,
    close: async () => {
      await db.destroy();
      if (target.kind === "embedded") {
        await pglite.close();
        release();
      }
    },
  };
}

/** Postgres error helpers: features turn constraint violations into business errors. */
export function pgErrorCode(error: unknown): string | undefined {
  return typeof error === "object" && error !== null && "code" in error ? String((error as { code: unknown }).code) : undefined;
}

export function pgConstraint(error: unknown): string | undefined {
  return typeof error === "object" && error !== null && "constraint" in error ? String((error as { constraint: unknown }).constraint) : undefined;
}

export const isUniqueViolation = (e: unknown, constraint?: string) =>
  pgErrorCode(e) === "23505" && (constraint === undefined || pgConstraint(e) === constraint);
export const isExclusionViolation = (e: unknown, constraint?: string) =>
  pgErrorCode(e) === "23P01" && (constraint === undefined || pgConstraint(e) === constraint);
export const isCheckViolation = (e: unknown, constraint?: string) => pgErrorCode(e) === "23514" && (constraint === undefined || pgConstraint(e) === constraint);
