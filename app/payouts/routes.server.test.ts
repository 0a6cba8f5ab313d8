import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CARD } from "../payments/simulated/testing.server";
import { action as dashboardAction, loader as dashboardLoader } from "../routes/projects.$slug.dashboard/route";
import { action as onboardingAction, loader as onboardingLoader } from "../routes/pay.sim.connect.$token";
import { settleDueJob } from "../settlement/job.server";
import { createTestDatabase } from "../test/db";
import { pledgedProject } from "../test/pledging";
import { cookieFor } from "../test/projects";
import { createTestServices, testContext } from "../test/services";
import type { DatabaseHandle } from "../utils/db.server";
import { payOutDueJob } from "./job.server";

let database: DatabaseHandle;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => database?.close());

const post = (url: string, fields: Record<string, string>, cookie?: string) =>
  new Request(url, {
    method: "POST",
    body: new URLSearchParams(fields),
    headers: { "Content-Type": "application/x-www-form-urlencoded", ...(cookie ? { Cookie: cookie } : {}) },
  });

async function status(promise: Promise<unknown>): Promise<number> {
  try {
    const value = await promise;
    return value instanceof Response ? value.status : ((value as { init?: { status?: number } })?.init?.status ?? 200);
  } catch (thrown) {
    if (thrown instanceof Response) return thrown.status;
    throw thrown;
  }
}

describe("the initiator's payout on the dashboard", () => {
  it("links to onboarding, takes bad input on the onboarding page as field errors, and shows the statement", async () => {
    const { services, clock, gateway } = createTestServices(database, { start: new Date("2026-12-01T10:00:00Z") });
    const context = testContext(services);
    const { project, initiatorId } = await pledgedProject(services, gateway, {
      goalCents: 2_000,
      cards: [CARD.succeeds],
      amounts: [2_000],
      platformFeeBps: 500,
    });
    clock.advance(10 * 86_400_000);
    await settleDueJob.run({ ...services, now: clock.now() }, {});
    const cookie = await cookieFor(services, initiatorId);
    const url = `http://localhost/projects/${project.slug}/dashboard`;
    const params = { slug: project.slug };

    const before = await dashboardLoader({ request: new Request(url, { headers: { Cookie: cookie } }), params, context });
    if (!before.payout) throw new Error("no payout section");
    expect(before.payout.account.status).toBe("none");
    expect(before.payout.blocker).toBe("accountMissing");
    expect(before.payout.statement).toMatchObject({
      collectedCents: 2_000,
      processingFeeCents: 55,
      platformFeeCents: 100,
      refundedCents: 0,
      payableCents: 1_845,
    });

    const answer = await dashboardAction({ request: post(url, { intent: "payout_onboarding" }, cookie), params, context });
    expect(answer).toBeInstanceOf(Response);
    const location = (answer as Response).headers.get("Location") ?? "";
    expect(location).toMatch(/^http:\/\/buurtkracht\.test\/pay\/sim\/connect\/ob_sim_[A-Za-z0-9]+$/);
    const token = location.split("/").pop()!;
    const onboardingUrl = `http://localhost/pay/sim/connect/${token}`;

    const page = (await onboardingLoader({ request: new Request(onboardingUrl), params: { token }, context })) as { page: { expired: boolean } };
    expect(page.page.expired).toBe(false);
    expect(await status(onboardingLoader({ request: new Request("http://localhost/pay/sim/connect/nope"), params: { token: "nope" }, context }))).toBe(404);
    for (const [fields, field] of [
      [{ holderName: "", bank: "ing" }, "holderName"],
      [{ holderName: "Iris", bank: "" }, "bank"],
      [{ holderName: "Iris", bank: "bitcoin" }, "bank"],
      [{ holderName: "x".repeat(5000), bank: "ing" }, "holderName"],
    ] as const) {
      const bad = (await onboardingAction({ request: post(onboardingUrl, fields), params: { token }, context })) as {
        data: { errors: Record<string, string> };
        init: { status: number };
      };
      expect(bad.init.status).toBe(400);
      expect(Object.keys(bad.data.errors)).toEqual([field]);
    }
    const done = await onboardingAction({ request: post(onboardingUrl, { holderName: "Iris", bank: "ing" }), params: { token }, context });
    expect((done as Response).headers.get("Location")).toBe(`${services.env.APP_URL}/projects/${project.slug}/dashboard?payouts=returned`);
    // The link is used up.
    const reused = (await onboardingAction({ request: post(onboardingUrl, { holderName: "Iris", bank: "ing" }), params: { token }, context })) as {
      data: { errors: Record<string, string> };
    };
    expect(reused.data.errors).toEqual({ _form: "payments.connect.expired" });

    await payOutDueJob.run({ ...services, now: clock.now() }, {});
    clock.advance(5 * 60_000);
    await gateway.runDue(clock.now());
    const after = await dashboardLoader({ request: new Request(`${url}?payouts=returned`, { headers: { Cookie: cookie } }), params, context });
    if (!after.payout) throw new Error("no payout section");
    expect(after.project.status).toBe("paid_out");
    expect(after.payout.account).toEqual({ status: "verified", bankLast4: "3000", bankName: "ING" });
    expect(after.payout.blocker).toBeNull();
    expect(after.payout.statement).toMatchObject({ paidOutCents: 1_845, payout: { status: "paid", amountCents: 1_845, bankLast4: "3000" } });
  });
});
