import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { accounts } from "../ledger/ledger";
import { balanceOf, listJournals } from "../ledger/ledger.server";
import { verifyLedger } from "../ledger/verify.server";
import { CARD } from "../payments/simulated/testing.server";
import { settleDueJob } from "../settlement/job.server";
import { createTestDatabase } from "../test/db";
import { pledgedProject } from "../test/pledging";
import { createUsers } from "../test/projects";
import { createTestServices, sessionCookieFor, testContext } from "../test/services";
import { loader as receiptLoader } from "../routes/me.pledges.$id._index";
import type { AppServices } from "../services.server";
import type { DatabaseHandle } from "../utils/db.server";
import { extensions } from "../wiring.server";
import { requestModeratorRefund } from "./moderator-refunds.server";

let database: DatabaseHandle;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => database?.close());

const start = new Date("2026-12-01T10:00:00Z");

async function receipt(services: AppServices, backerId: string, pledgeId: string) {
  const cookie = await sessionCookieFor(services, backerId);
  return receiptLoader({
    request: new Request(`http://localhost/me/pledges/${pledgeId}`, { headers: { Cookie: cookie } }),
    context: testContext(services),
    params: { id: pledgeId },
  });
}

describe("fees of a charge", () => {
  it("are booked out of the project's money at the rate shown, and returned to the project when the money goes back", async () => {
    const { services, clock, gateway } = createTestServices(database, { start });
    const { project, pledgeIds, backers } = await pledgedProject(services, gateway, {
      goalCents: 3_500,
      cards: [CARD.succeeds, CARD.succeeds],
      amounts: [2_000, 1_500],
      platformFeeBps: 500,
    });
    // Before the deadline the receipt says what the charge will cost, at the rate shown.
    const before = await receipt(services, backers[0]!.id, pledgeIds[0]!);
    expect(before.expected).toEqual([{ via: "card", amountCents: 2_000, processingCents: 55, platformCents: 100, toProjectCents: 1_845 }]);
    expect(before.fees).toEqual({ processingCents: 0, platformCents: 0, returnedCents: 0 });
    clock.advance(10 * 86_400_000);
    await settleDueJob.run({ ...services, now: clock.now() }, {});
    const after = await receipt(services, backers[1]!.id, pledgeIds[1]!);
    expect(after.fees).toEqual({ processingCents: 48, platformCents: 75, returnedCents: 0 });
    expect(after.expected).toEqual([]);

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
    expect((await receipt(services, backers[0]!.id, pledgeIds[0]!)).fees).toEqual({ processingCents: 55, platformCents: 0, returnedCents: 155 });

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
