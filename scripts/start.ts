/**
 * `npm start`: build when the build is missing or older than the sources, then migrate, seed an
 * empty database, start the worker and serve (server/main.ts) — in production mode.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

process.env.NODE_ENV ??= "production";
const root = process.cwd();

function newestMtime(entry: string): number {
  const stat = fs.statSync(entry, { throwIfNoEntry: false });
  if (!stat) return 0;
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const child of fs.readdirSync(entry)) newest = Math.max(newest, newestMtime(path.join(entry, child)));
  return newest;
}

export function buildIsStale(): boolean {
  const built = fs.statSync(path.join(root, "build", "index.js"), { throwIfNoEntry: false });
  if (!built || !fs.existsSync(path.join(root, "public", "build"))) return true;
  const sources = ["app", "db/schema.ts", "remix.config.js", "postcss.config.js", "package-lock.json"];
  return sources.some((s) => newestMtime(path.join(root, s)) > built.mtimeMs);
}

if (buildIsStale()) {
  console.log("Building the app (the build is missing or older than the sources)…");
  const result = spawnSync(process.execPath, [path.join(root, "node_modules", "@remix-run", "dev", "dist", "cli.js"), "build"], {
    stdio: "inherit",
    env: { ...process.env, NODE_ENV: "production" },
  });
  // esbuild sometimes prints a goroutine deadlock message after a good build: trust the exit code.
  if (result.status !== 0) {
    console.error("The build failed.");
    process.exit(result.status ?? 1);
  }
}

const { main } = await import("../server/main");
await main();
