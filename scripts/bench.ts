/**
 * `npm run bench`: throughput and latency of the main pages, next to the floors of what they stand
 * on — a bare Node http handler and the Express `/healthz` route in this same run, on this same
 * machine — so a page's cost above the framework's is visible. Not a test: nothing here asserts.
 * Uses the production build and a fresh database (embedded, or a fresh one on DATABASE_URL's server).
 */
import { spawn, type ChildProcess } from "node:child_process";
import net from "node:net";
import autocannon from "autocannon";
import pg from "pg";

const DURATION = Number(process.env.BENCH_SECONDS ?? 8);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

async function waitFor(url: string, timeoutMs = 180_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`${url} did not come up`);
}

function run(url: string, title: string): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    autocannon({ url, connections: CONNECTIONS, duration: DURATION, title }, (err, result) => (err ? reject(err) : resolve(result)));
  });
}

const children: ChildProcess[] = [];
process.on("exit", () => children.forEach((c) => c.kill("SIGTERM")));

const barePort = await freePort();
children.push(spawn(process.execPath, ["-e", `require("http").createServer((q,s)=>s.end("ok")).listen(${barePort},"127.0.0.1")`], { stdio: "ignore" }));
const appPort = await freePort();
// Run the server directly under node (no npx/tsx wrapper), so SIGTERM reaches it and it shuts down.
const app = spawn(process.execPath, ["--import", "tsx", "scripts/e2e-server.ts"], {
  stdio: ["ignore", "ignore", "inherit"],
  env: { ...process.env, PORT: String(appPort), HOST: "127.0.0.1", APP_URL: `http://127.0.0.1:${appPort}`, LOG_LEVEL: "error", RUN_WORKER: "false" },
});
children.push(app);
await waitFor(`http://127.0.0.1:${barePort}/`);
await waitFor(`http://127.0.0.1:${appPort}/readyz`);

const base = `http://127.0.0.1:${appPort}`;
const targets: [string, string][] = [
  ["bare node http (floor)", `http://127.0.0.1:${barePort}/`],
  ["express /healthz (floor)", `${base}/healthz`],
  ["home page /", `${base}/`],
  ["login page /login", `${base}/login`],
  ["public profile /u/anna-de-vries", `${base}/u/anna-de-vries`],
  ["404 page (non-2xx expected)", `${base}/bestaat-niet`],
];
const rows: string[] = [];
for (const [title, url] of targets) {
  await run(url, title); // warm-up pass, discarded
  const r = await run(url, title);
  rows.push(
    `${title.padEnd(34)} ${String(Math.round(r.requests.average)).padStart(7)} req/s   p50 ${String(r.latency.p50).padStart(4)} ms   p99 ${String(r.latency.p99).padStart(4)} ms   errors ${r.errors + r.non2xx}`,
  );
  console.log(rows.at(-1));
}

if (process.env.DATABASE_URL) {
  const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: CONNECTIONS });
  const until = Date.now() + DURATION * 1000;
  let n = 0;
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      while (Date.now() < until) {
        await pool.query("select 1");
        n++;
      }
    }),
  );
  await pool.end();
  console.log(`${"postgres select 1 (floor)".padEnd(34)} ${String(Math.round(n / DURATION)).padStart(7)} q/s`);
}
console.log(`\n${CONNECTIONS} connections, ${DURATION} s per target, ${process.env.DATABASE_URL ? "Postgres server" : "embedded PGlite"}.`);
app.kill("SIGTERM");
await new Promise((r) => app.once("exit", r));
process.exit(0);
