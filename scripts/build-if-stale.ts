import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { buildServer } from "./build-server";
import { precompressAssets } from "./precompress";

const root = process.cwd();

function newestMtime(entry: string): number {
  const stat = fs.statSync(entry, { throwIfNoEntry: false });
  if (!stat) return 0;
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const child of fs.readdirSync(entry)) newest = Math.max(newest, newestMtime(path.join(entry, child)));
  return newest;
}

/** True when the compiled server (build/server) is missing or older than its sources. */
export function serverBuildIsStale(): boolean {
  const built = fs.statSync(path.join(root, "build", "server", "start.js"), { throwIfNoEntry: false });
  if (!built) return true;
  const sources = ["app", "server", "scripts", "db", "package-lock.json"];
  return sources.some((s) => newestMtime(path.join(root, s)) > built.mtimeMs);
}

/** True when build/ is missing or older than anything that goes into it. */
export function buildIsStale(): boolean {
  const built = fs.statSync(path.join(root, "build", "index.js"), { throwIfNoEntry: false });
  if (!built || !fs.existsSync(path.join(root, "public", "build"))) return true;
  const sources = ["app", "db/schema.ts", "db/schema", "remix.config.js", "postcss.config.js", "package-lock.json"];
  return sources.some((s) => newestMtime(path.join(root, s)) > built.mtimeMs);
}

/** Builds what is stale: the app (Remix) and the compiled server (scripts/build-server.ts). */
export async function buildIfStale(): Promise<void> {
  buildAppIfStale();
  if (serverBuildIsStale()) {
    console.log("Compiling the server…");
    await buildServer();
  }
}

/** Builds with the Remix classic compiler when stale. Judged by exit code (esbuild may print noise). */
function buildAppIfStale(): void {
  if (!buildIsStale()) return;
  console.log("Building the app (the build is missing or older than the sources)…");
  const result = spawnSync(process.execPath, [path.join(root, "node_modules", "@remix-run", "dev", "dist", "cli.js"), "build"], {
    stdio: ["ignore", "inherit", "pipe"],
    env: { ...process.env, NODE_ENV: "production" },
    encoding: "utf8",
  });
  if (result.status !== 0) {
    process.stderr.write(result.stderr ?? "");
    console.error("The build failed.");
    process.exit(result.status ?? 1);
  }
  // esbuild occasionally prints a goroutine dump after a successful build; keep real warnings.
  const stderr = (result.stderr ?? "")
    .split("goroutine ")[0]
    ?.replace(/fatal error: all goroutines are asleep - deadlock!\s*/g, "")
    .trim();
  if (stderr) process.stderr.write(`${stderr}\n`);
  // The browser's bundles, compressed once here instead of on every request (decision 086).
  precompressAssets(path.join(root, "public", "build"));
}

// `tsx scripts/build-if-stale.ts` (npm start): build what is stale, then the caller runs build/server/start.js.
if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  await buildIfStale();
}
