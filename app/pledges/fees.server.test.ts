import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { accounts } from "../ledger/ledger";
import { balanceOf, listJournals } from "../ledger/ledger.server";
import { verifyLedger } from "../ledger/verify.server";
import { CARD } from "../payments/simulated/testing.server";
import { settleDueJob } from "../settlement/job.server";
import { createTestDatabase } from "../test/db";
import { pledgedProject } from "../test/pledging";
import { createUsers } from "../test/projects";
import { createTestServices } from "../test/services";
import type { DatabaseHandle } from "../utils/db.server";
import { extensions } from "../wiring.server";
import { requestModeratorRefund } from "./moderator-refunds.server";

let database: DatabaseHandle;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => database?.close());

const start = new Date("2026-12-01T10:00:00Z");

describe("fees of a charge", () => {
  it("are booked out of the project's money at the rate shown, and returned to the project when the money goes back", async () => {
    const { services, clock, gateway } = createTestServices(database, { start });
    const { project, pledgeIds } = await pledgedProject(services, gateway, {
      goalCents: 3_500,
      cards: [CARD.succeeds, CARD.succeeds],
      amounts: [2_000, 1_500],
      platformFeeBps: 500,
    });
    clock.advance(10 * 86_400_000);
    await settleDueJob.run({ ...services, now: clock.now() }, {});

    const feesOf = async (pledgeId: string) =>
      (await listJournals(services.db, { refs: { pledgeId } }))
        .filter((j) => j.kind.startsWith("fee."))
        .map((j) => [j.kind, j.entries.find((e) => e.amountCents > 0)!.account, j.entries.find((e) => e.amountCents > 0)!.amountCents]);
    // A card: 1.5 % + € 0.25 (€ 20: 30 + 25 = 55; € 15: 22.5 → 23 + 25 = 48); the platform 5 %.
    expect(await feesOf(pledgeIds[0]!)).toEqual([
      ["fee.processing", accounts.gatewayFees, 55],
      ["fee.platform", accounts.platformFees, 100],
    ]);
    expect(await feesOf(pledgeIds[1]!)).toEqual([
      ["fee.processing", accounts.gatewayFees, 48],
      ["fee.platform", accounts.platformFees, 75],
    ]);
    expect(await balanceOf(services.db, accounts.project(project.id))).toBe(3_500 - 155 - 123);
    expect(await balanceOf(services.db, accounts.platformFees)).toBe(175);

    // A moderator refunds the first pledge: the backer gets all € 20 back, the project gets its
    // fees back, the platform returns its fee and bears the provider's.
    const [moderator] = await createUsers(services.db, "feemod", 1, "moderator");
    const asked = await requestModeratorRefund(services.db, {
      projectId: project.id,
      pledgeId: pledgeIds[0]!,
      moderatorId: moderator!,
      reason: "Dubbel betaald",
      now: clock.now(),
    });
    expect(asked).toMatchObject({ ok: true });
    await settleDueJob.run({ ...services, now: clock.now() }, {});
    expect((await feesOf(pledgeIds[0]!)).map((f) => f[0])).toEqual(["fee.processing", "fee.platform", "fee.platform.reversal", "fee.processing_absorbed"]);
    expect(await balanceOf(services.db, accounts.project(project.id))).toBe(1_500 - 123);
    expect(await balanceOf(services.db, accounts.platformFees)).toBe(75 - 55);

    const report = await verifyLedger(services.db, extensions.ledgerChecks);
    expect(report.results.filter((r) => r.problems.length || r.error)).toEqual([]);
  });

  it("without a platform fee, only the provider's", async () => {
    const { services, clock, gateway } = createTestServices(database, { start });
    const { project, pledgeIds } = await pledgedProject(services, gateway, { goalCents: 1_000, cards: [CARD.succeeds], amounts: [1_000] });
    clock.advance(10 * 86_400_000);
    await settleDueJob.run({ ...services, now: clock.now() }, {});
    const kinds = (await listJournals(services.db, { refs: { pledgeId: pledgeIds[0]! } })).map((j) => j.kind);
    expect(kinds).toEqual(["pledge.saved", "pledge.charged", "fee.processing"]);
    expect(await balanceOf(services.db, accounts.project(project.id))).toBe(1_000 - 40);
  });
});
