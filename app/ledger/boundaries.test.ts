import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

/**
 * Architecture rules that keep money code in one place (docs/decisions/021 and 020):
 * only app/ledger/ writes ledger rows, and only app/payments/ imports the Stripe SDK.
 */
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..", "..");

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === "node_modules" || entry.name.startsWith(".") || entry.name === "build") continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...sourceFiles(full));
    else if (/\.(ts|tsx)$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name)) out.push(full);
  }
  return out;
}

const files = ["app", "db", "scripts", "server"].flatMap((p) => {
  const full = path.join(root, p);
  if (!fs.existsSync(full)) return [];
  return fs.statSync(full).isDirectory() ? sourceFiles(full) : [full];
});
const rel = (f: string) => path.relative(root, f);

describe("money code boundaries", () => {
  it("finds the source files", () => {
    expect(files.length).toBeGreaterThan(20);
  });

  it("only app/ledger/ writes ledger rows", () => {
    const writes = /(insertInto|updateTable|deleteFrom)\(\s*["'`]ledger_|(insert\s+into|update|delete\s+from)\s+ledger_(journals|entries)/i;
    const offenders = files.filter((f) => !rel(f).startsWith(`app${path.sep}ledger${path.sep}`) && writes.test(fs.readFileSync(f, "utf8")));
    expect(offenders.map(rel)).toEqual([]);
  });

  it("only app/payments/ imports stripe", () => {
    const importsStripe = /from\s+["']stripe["']|import\(\s*["']stripe["']\s*\)|require\(\s*["']stripe["']\s*\)/;
    const offenders = files.filter((f) => !rel(f).startsWith(`app${path.sep}payments${path.sep}`) && importsStripe.test(fs.readFileSync(f, "utf8")));
    expect(offenders.map(rel)).toEqual([]);
  });

  it("the port and the pure files stay free of the database, env and stripe", () => {
    const pure = files.filter((f) => /app[\\/](payments|ledger)[\\/]/.test(f) && !/\.server\.tsx?$/.test(f));
    expect(pure.length).toBeGreaterThan(3);
    const bad = /from\s+["'](stripe|pg|kysely|@electric-sql\/pglite)["']|db\.server|env\.server/;
    expect(pure.filter((f) => bad.test(fs.readFileSync(f, "utf8").replace(/import type[^;]+;/g, ""))).map(rel)).toEqual([]);
  });
});
