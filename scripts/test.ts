/**
 * `npm test`: typecheck, the rule checks (import boundaries, code rules, formatting:
 * docs/decisions/025), unit + integration tests (vitest), then the browser suite (Playwright).
 * `SKIP_LINT=1` leaves out the rule checks — CI's second pass, whose code is the same (decision 006).
 */
import { spawnSync } from "node:child_process";

const steps: [string, string[]][] = [
  ["typecheck", ["npx", "tsc", "--noEmit"]],
  ...(process.env.SKIP_LINT === "1" ? [] : ([["lint (boundaries, code rules, formatting)", ["npm", "run", "--silent", "lint"]]] as [string, string[]][])),
  ["unit + integration tests", ["npx", "vitest", "run"]],
  ["browser tests", ["npx", "tsx", "scripts/e2e.ts"]],
];
const db = process.env.DATABASE_URL ? "the Postgres server (DATABASE_URL)" : "embedded PGlite";
for (const [name, [cmd, ...args]] of steps) {
  console.log(`\n=== ${name} (${db}) ===`);
  const started = Date.now();
  const result = spawnSync(cmd!, args, { stdio: "inherit" });
  if (result.status !== 0) {
    console.error(`\n✗ ${name} failed`);
    process.exit(result.status ?? 1);
  }
  console.log(`✓ ${name} (${Math.round((Date.now() - started) / 1000)} s)`);
}
