import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CARD } from "../payments/simulated/testing.server";
import type { SimulatedGateway } from "../payments/simulated/gateway.server";
import { action, loader } from "../routes/me.community-loans._index";
import { settleDueJob } from "../settlement/job.server";
import { createTestDatabase } from "../test/db";
import { pledgedProject } from "../test/pledging";
import { cookieFor } from "../test/projects";
import { createTestServices, testContext } from "../test/services";
import type { DatabaseHandle } from "../utils/db.server";
import { saveLoanTermsTx } from "./community-loans.server";

let database: DatabaseHandle;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => database?.close());

const post = (fields: Record<string, string>, cookie: string) =>
  new Request("http://localhost/me/community-loans", {
    method: "POST",
    body: new URLSearchParams(fields),
    headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: cookie },
  });

describe("/me/community-loans: a lender connects the bank account their repayments go to", () => {
  it("offers to connect, sends them to the payment partner's onboarding, then shows the verified bank; a bad form is a 400", async () => {
    const made = createTestServices(database, { start: new Date("2026-12-01T10:00:00Z") });
    const { services, clock } = made;
    const gateway = made.gateway as SimulatedGateway;
    const context = testContext(services);
    const { project, backers } = await pledgedProject(services, gateway, {
      goalCents: 10_000,
      cards: [CARD.succeeds],
      amounts: [10_000],
      fundingModel: "community_loan",
    });
    await database.db.transaction().execute((trx) => saveLoanTermsTx(trx, project.id, { months: 6, annualRateBps: 0, method: "linear" }, clock.now()));
    clock.advance(10 * 86_400_000);
    await settleDueJob.run({ ...services, now: clock.now() }, {});
    const cookie = await cookieFor(services, backers[0]!.id);
    const page = () => loader({ request: new Request("http://localhost/me/community-loans", { headers: { Cookie: cookie } }), params: {}, context });

    const before = await page();
    expect(before.loans).toHaveLength(1);
    expect(before.loans[0]).toMatchObject({ owedCents: 0, paidOutCents: 0, payouts: [] });
    expect(before.account.status).toBe("none");

    const refused = await action({ request: post({ intent: "nonsense" }, cookie), params: {}, context });
    expect((refused as { init?: { status?: number } }).init?.status).toBe(400);
    expect(await database.db.selectFrom("payout_accounts").select("user_id").execute()).toEqual([]);

    const sent = (await action({ request: post({ intent: "payout_onboarding" }, cookie), params: {}, context })) as Response;
    expect(sent.status).toBe(302);
    const location = new URL(sent.headers.get("Location")!);
    expect(location.pathname).toMatch(/^\/pay\/sim\/connect\/ob_sim_/);
    const done = await gateway.onboarding.submit(location.pathname.split("/").pop()!, { holderName: "Lena", bank: "rabobank" });
    expect(done).toMatchObject({ ok: true, redirectTo: expect.stringMatching(/\/me\/community-loans\?payouts=returned$/) });

    const after = await page();
    expect(after.account).toEqual({ status: "verified", bankLast4: "5264", bankName: "Rabobank" });
  });
});
