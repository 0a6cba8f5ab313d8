import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { SimulatedGateway } from "../payments/simulated/gateway.server";
import { CARD, saveTestCard } from "../payments/simulated/testing.server";
import type { AppServices } from "../services.server";
import { createTestDatabase, truncateAll, usingServer } from "../test/db";
import { createTestServices } from "../test/services";
import { type DatabaseHandle, openDatabase } from "../utils/db.server";
import { extensions } from "../wiring.server";
import { runLedgerVerify } from "./cli.server";

/**
 * `npm run ledger:verify -- --gateway`: the ledger's report plus the reconciliation, exit 1 on a
 * difference — in this process (fast), and once end to end as the script.
 */

/** A charge at the gateway for a pledge that no journal books (as after the go-live crash). */
async function chargeNobodyBooked(services: AppServices): Promise<string> {
  const gateway = services.gateway as SimulatedGateway;
  const customer = await gateway.createCustomer({ email: "eva@example.nl", name: "Eva", idempotencyKey: "cli:customer" });
  const card = await saveTestCard(gateway, { customerId: customer.id, number: CARD.succeeds });
  const charge = await gateway.chargeOffSession({
    customerId: customer.id,
    paymentMethodId: card!.id,
    amountCents: 4_200,
    description: "Buurtkracht: Moestuin",
    metadata: { purpose: "pledge", pledgeId: "pl-1", attemptId: "at-1" },
    idempotencyKey: "cli:charge",
  });
  return charge.paymentId!;
}

describe("runLedgerVerify", () => {
  let database: DatabaseHandle;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => database?.close());
  beforeEach(async () => truncateAll(database));

  const start = new Date("2026-12-01T10:00:00Z");
  const deps = (services: AppServices) => ({
    db: services.db,
    gateway: services.gateway,
    clock: services.clock,
    ledgerChecks: extensions.ledgerChecks,
    reconcilers: extensions.reconcilers,
  });

  it("without --gateway the gateway is not read; with it, an unbooked charge is a difference (exit 1), told in words", async () => {
    const { services, clock } = createTestServices(database, { start, deliver: async () => undefined });
    const paymentId = await chargeNobodyBooked(services);
    clock.advance(10 * 60_000);

    const plain = await runLedgerVerify(deps(services), []);
    expect(plain.exitCode).toBe(0);
    expect(plain.output).toContain("The ledger verifies.");
    expect(plain.output).not.toContain("Gateway");

    const full = await runLedgerVerify(deps(services), ["--gateway"]);
    expect(full.exitCode).toBe(1);
    expect(full.output).toContain("The ledger verifies.");
    expect(full.output).toMatch(/Gateway \(simulated\), from .+ to .+: payments 1, refunds 0; journals of that period naming one: 0/);
    expect(full.output).toContain("✗ 1 difference");
    expect(full.output).toMatch(
      new RegExp(`- payment ${paymentId} \\(pledgeId pl-1, attemptId at-1\\): €42\\.00 charged at the gateway \\(succeeded, .+\\), but no journal books it`),
    );
    expect(full.output.split("\n").at(-1)).toBe("The gateway and the ledger do NOT agree.");

    // A window that ends before the charge, or a grace period longer than its age: nothing wrong.
    expect((await runLedgerVerify(deps(services), ["--gateway", "--until", "2026-12-01T09:00:00Z", "--since", "2026-11-30"])).exitCode).toBe(0);
    const lenient = await runLedgerVerify(deps(services), ["--gateway", "--grace", "1h"]);
    expect(lenient.exitCode).toBe(0);
    expect(lenient.output).toContain("… 1 pending (younger than 1 h)");

    expect(await runLedgerVerify(deps(services), ["--gateway", "--since", "soon"])).toMatchObject({ exitCode: 2, output: expect.stringContaining("Usage:") });
  });
});

// The script end to end, on an embedded database of its own (it opens the data directory itself).
describe.skipIf(usingServer())("npm run ledger:verify -- --gateway", () => {
  const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..", "..");
  const run = (dataDir: string, args: string[]) =>
    spawnSync(process.execPath, [path.join(root, "node_modules", "tsx", "dist", "cli.mjs"), path.join(root, "scripts", "ledger-verify.ts"), ...args], {
      cwd: root,
      env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: "", LOG_LEVEL: "silent", NODE_ENV: "test", STRIPE_SECRET_KEY: "", STRIPE_PUBLISHABLE_KEY: "" },
      encoding: "utf8",
      timeout: 120_000,
    });

  it("exits 1 with the difference in the report, and 2 for an unknown flag", async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "bk-ledger-verify-gateway-"));
    try {
      const handle = await openDatabase({ kind: "embedded", dataDir, purpose: "ledger:verify --gateway test" });
      const { migrateToLatest } = await import("../../db/migrate");
      await migrateToLatest(handle.db);
      // An hour ago by the script's (wall) clock: older than the grace period, inside the window.
      const { services } = createTestServices(handle, { start: new Date(Date.now() - 3_600_000), deliver: async () => undefined });
      const paymentId = await chargeNobodyBooked(services);
      await handle.close();

      const result = run(dataDir, ["--gateway"]);
      expect(result.stdout).toContain("The ledger verifies.");
      expect(result.stdout).toContain(`- payment ${paymentId} (pledgeId pl-1, attemptId at-1): €42.00 charged at the gateway`);
      expect(result.stdout).toContain("The gateway and the ledger do NOT agree.");
      expect(result.status).toBe(1);

      const bad = run(dataDir, ["--gatway"]);
      expect(bad.stderr).toContain("unknown argument --gatway");
      expect(bad.status).toBe(2);
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }, 180_000);
});
