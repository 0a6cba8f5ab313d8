/**
 * The app as the e2e suite sees it: the production build run as production runs it — plain
 * `node build/server/start.js`, the Docker image's command (docs/deploy.md) — with test hooks on
 * (movable clock, run-due) and a database of its own: a fresh PGlite directory, or a fresh database
 * on the Postgres server when DATABASE_URL is set.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { spawn } from "node:child_process";
import { buildIfStale } from "./build-if-stale";

process.env.NODE_ENV = "production";
process.env.BUURTKRACHT_TEST_HOOKS = "1";
process.env.LOG_LEVEL ??= "warn";
process.env.SESSION_SECRET ??= "e2e-session-secret-e2e-session-secret-e2e";
await buildIfStale();

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "buurtkracht-e2e-"));
process.env.DATA_DIR = dataDir;
let dropDatabase: (() => Promise<void>) | null = null;
if (process.env.DATABASE_URL) {
  const base = new URL(process.env.DATABASE_URL);
  const name = `bk_e2e_${process.pid}`;
  const admin = new URL(base);
  admin.pathname = "/postgres";
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  await client.query(`drop database if exists "${name}" with (force)`);
  await client.query(`create database "${name}"`);
  await client.end();
  base.pathname = `/${name}`;
  process.env.DATABASE_URL = base.toString();
  dropDatabase = async () => {
    const c = new pg.Client({ connectionString: admin.toString() });
    await c.connect();
    await c.query(`drop database if exists "${name}" with (force)`);
    await c.end();
  };
}
const server = spawn(process.execPath, ["build/server/start.js"], { stdio: "inherit", env: process.env });
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => server.kill(signal));
server.on("exit", async (code, signal) => {
  await dropDatabase?.().catch(() => undefined);
  fs.rmSync(dataDir, { recursive: true, force: true });
  process.exit(code ?? (signal ? 1 : 0));
});
