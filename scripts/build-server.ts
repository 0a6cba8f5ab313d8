/**
 * Compiles the server and its command-line entries to plain JavaScript under build/server/, so
 * production runs under `node` — no TypeScript compiler in memory, one build at image build time
 * (docs/deploy.md). The migrations are compiled next to them (build/server/migrations), where the
 * migrator looks when it runs compiled; the data files they load (db/data) go to build/server/data.
 * Remix's own build (build/index.js) is separate.
 */
import { build } from "esbuild";
import fs from "node:fs";
import path from "node:path";

const root = process.cwd();
const out = path.join(root, "build", "server");

export const serverEntries = {
  start: "server/start.ts",
  worker: "scripts/worker.ts",
  migrate: "scripts/migrate.ts",
  jobs: "scripts/jobs.ts",
  "ledger-verify": "scripts/ledger-verify.ts",
  "reputation-rebuild": "scripts/reputation-rebuild.ts",
  "admin-create": "scripts/admin-create.ts",
  "demo-disable": "scripts/demo-disable.ts",
  seed: "scripts/seed.ts",
};

export async function buildServer(): Promise<void> {
  fs.rmSync(out, { recursive: true, force: true });
  await build({
    entryPoints: Object.fromEntries(Object.entries(serverEntries).map(([name, file]) => [name, path.join(root, file)])),
    outdir: out,
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node20",
    packages: "external",
    sourcemap: true,
    logLevel: "warning",
    // Bundled ESM still needs `require` for the few CommonJS packages that use it.
    banner: { js: 'import { createRequire as __createRequire } from "node:module"; const require = __createRequire(import.meta.url);' },
  });
  const migrations = fs.readdirSync(path.join(root, "db", "migrations")).filter((f) => /^\d{4}_[a-z0-9_]+\.ts$/.test(f));
  await build({
    entryPoints: migrations.map((f) => path.join(root, "db", "migrations", f)),
    outdir: path.join(out, "migrations"),
    bundle: false,
    format: "esm",
    platform: "node",
    target: "node20",
    logLevel: "warning",
  });
  // Data files the migrations read next to themselves (`../data/…`, e.g. 0035's postcode areas).
  fs.cpSync(path.join(root, "db", "data"), path.join(out, "data"), { recursive: true });
}

if (process.argv[1] && import.meta.url === new URL(`file://${path.resolve(process.argv[1])}`).href) {
  await buildServer();
  console.log(`Compiled the server to ${path.relative(root, out)}/`);
}
