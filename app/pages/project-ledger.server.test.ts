import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { catalogs } from "../i18n/messages";
import { sealLedger } from "../ledger/seal.server";
import { CARD } from "../payments/simulated/testing.server";
import type { SimulatedGateway } from "../payments/simulated/gateway.server";
import { loader as csvLoader } from "../routes/projects.$slug.ledger[.]csv";
import { loader as pageLoader } from "../routes/projects.$slug.ledger";
import { settleDueJob } from "../settlement/job.server";
import { createTestDatabase } from "../test/db";
import { pledgedProject } from "../test/pledging";
import { createTestServices, testContext } from "../test/services";
import type { DatabaseHandle } from "../utils/db.server";
import { DESCRIBED_KINDS } from "./project-ledger";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..", "..");
const script = path.join(root, "docs", "verify-ledger-csv.mjs");
const start = new Date("2026-12-01T10:00:00Z");

let database: DatabaseHandle;
let dir: string;
beforeAll(async () => {
  database = await createTestDatabase();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "bk-ledger-csv-"));
});
afterAll(async () => {
  await database?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function verifyCsv(csv: string, head?: string) {
  const file = path.join(dir, `l-${Math.random().toString(36).slice(2)}.csv`);
  fs.writeFileSync(file, csv);
  const r = spawnSync(process.execPath, [script, file, ...(head ? [head] : [])], { encoding: "utf8" });
  return { status: r.status, out: r.stdout + r.stderr };
}

describe("a project's public ledger", () => {
  it("has words for every kind it names, in Dutch and English", () => {
    for (const kind of DESCRIBED_KINDS) {
      expect(catalogs.money.nl).toHaveProperty([`ledger.kind.${kind}`]);
      expect(catalogs.money.en).toHaveProperty([`ledger.kind.${kind}`]);
    }
  });

  it("lists every journal with names as backers chose, a running balance, and a CSV an outsider can verify against the saved head", async () => {
    const made = createTestServices(database, { start });
    const { services, clock } = made;
    const gateway = made.gateway as SimulatedGateway;
    const { project } = await pledgedProject(services, gateway, {
      goalCents: 10_000,
      cards: [CARD.succeeds, CARD.mastercard, CARD.declinesCharges],
      amounts: [5_000, 3_050, 4_000],
      visibilities: ["public", "initiator", "anonymous"],
    });
    clock.advance(10 * 86_400_000);
    await settleDueJob.run({ ...services, now: clock.now() }, {});
    await sealLedger(services.db);

    const ctx = testContext(services);
    const page = await pageLoader({ request: new Request(`http://localhost/projects/${project.slug}/ledger`), context: ctx, params: { slug: project.slug } });
    const names = await services.db
      .selectFrom("users")
      .innerJoin("pledges", "pledges.backer_id", "users.id")
      .select(["users.display_name", "pledges.visibility"])
      .execute();
    const publicName = names.find((n) => n.visibility === "public")!.display_name;
    // Newest first on the page; oldest first the balance grows.
    const lines = [...page.lines].reverse();
    const row = (l: (typeof lines)[number]) => [l.kind, l.name, l.committedDeltaCents, l.cashDeltaCents];
    expect(lines.slice(0, 3).map(row)).toEqual([
      ["pledge.saved", publicName, 5_000, 0],
      ["pledge.saved", null, 3_050, 0],
      ["pledge.saved", null, 4_000, 0],
    ]);
    // Settlement charges in no fixed order; the balance runs along whatever order the chain has.
    // Each charge is followed by its processing fee (the simulated gateway keeps Stripe's EU card price).
    expect(lines.slice(3).map(row).sort()).toEqual(
      [
        ["pledge.charged", publicName, -5_000, 5_000],
        ["fee.processing", publicName, 0, -100], // 1.5 % of € 50 + € 0.25
        ["pledge.charged", null, -3_050, 3_050],
        ["fee.processing", null, 0, -71], // 1.5 % of € 30.50 = 45.75 → 46, + 25
        ["pledge.charge_failed", null, 0, 0],
      ].sort(),
    );
    let running = 0;
    for (const l of lines) expect(l.balanceCents).toBe((running += l.cashDeltaCents));
    expect(running).toBe(8_050 - 171);
    expect(lines.every((l) => l.seq !== null && l.hash)).toBe(true);
    expect(page.totals).toMatchObject({ collectedCents: 8_050, feesCents: 171, balanceCents: 7_879, committedCents: 4_000, refundedCents: 0 });
    expect(page.head).toMatchObject({ seq: 8, hash: lines[7]!.hash });

    const csvFor = async (query: string) => {
      const res = await csvLoader({
        request: new Request(`http://localhost/projects/${project.slug}/ledger.csv${query}`),
        context: ctx,
        params: { slug: project.slug },
      });
      expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
      return res.text();
    };
    const csv = await csvFor("");
    const nl = await csvFor("?variant=nl");
    expect(csv).toMatch(new RegExp(`\r\n2026-12-11,Steun ontvangen van ${publicName},${publicName},-50\\.00,50\\.00,\\d+\\.\\d\\d,project:`));
    expect(nl).toMatch(/\r\n2026-12-11;Steun ontvangen van een buur;een buur;-30,50;30,50;\d+,\d\d;project:/);
    expect(csv).not.toMatch(/backer:[0-9a-f]{8}-/); // no backer's id in public

    const head = page.head.hash;
    expect(verifyCsv(csv, head)).toMatchObject({ status: 0, out: expect.stringContaining("OK: the ledger verifies.") });
    expect(verifyCsv(nl, head)).toMatchObject({ status: 0 });

    // What an outsider catches: an amount changed in the entries, a shown amount that lies, a
    // removed line, and a file rewritten from scratch (every hash recomputed) that lacks the saved head.
    const rows = csv.split("\r\n");
    const charged = rows.findIndex((r) => r.includes(",50.00,") && r.includes("pledge.charged"));
    const changedEntry = [...rows];
    changedEntry[charged] = changedEntry[charged]!.replace(`""project:${project.id}"",5000]`, `""project:${project.id}"",4000]`).replace(",50.00,", ",40.00,");
    expect(changedEntry[charged]).not.toBe(rows[charged]);
    expect(verifyCsv(changedEntry.join("\r\n"), head)).toMatchObject({
      status: 1,
      out: expect.stringContaining(`(no. ${charged}): its hash does not match its content`),
    });
    const lyingColumn = [...rows];
    lyingColumn[charged] = lyingColumn[charged]!.replace(",50.00,", ",500.00,");
    expect(verifyCsv(lyingColumn.join("\r\n"), head)).toMatchObject({
      status: 1,
      out: expect.stringContaining("shows 500.00 received, its entries move 50.00"),
    });
    const removed = rows.filter((_, i) => i !== 2);
    expect(verifyCsv(removed.join("\r\n"), head)).toMatchObject({ status: 1, out: expect.stringContaining("a line is missing or out of order") });
    expect(verifyCsv(rows.slice(0, 4).join("\r\n") + "\r\n", head)).toMatchObject({ status: 1, out: expect.stringContaining("is not in this file") });
  });
});
