import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { deliverDueEmails } from "../notifications/delivery.server";
import { GatewayRequestError, type GatewayEvent } from "../payments/gateway";
import type { SimulatedGateway } from "../payments/simulated/gateway.server";
import { paymentDeps } from "../pledges/payment-attempts.server";
import { action as adminAction, loader as adminLoader } from "../routes/admin.reconciliation";
import type { AppServices } from "../services.server";
import { chargeDuePledges } from "../settlement/charges.server";
import { settleDueProjects } from "../settlement/deadline.server";
import { settleDueJob } from "../settlement/job.server";
import { createTestDatabase, truncateAll } from "../test/db";
import { fullyPledgedProject } from "../test/pledging";
import { createUsers } from "../test/projects";
import { createTestServices, sessionCookieFor, testContext } from "../test/services";
import type { DatabaseHandle } from "../utils/db.server";
import { extensions } from "../wiring.server";
import { reconciliationJob } from "./job.server";
import { describeItem } from "./report";
import { listReconciliationRuns } from "./runs.server";
import type { ReconciliationRunView } from "./views";

/**
 * The hourly job: it stores each run, alerts the admins once per run when money disagrees (not
 * every hour for the same difference), shows what was resolved, and its page lists the runs.
 */

let database: DatabaseHandle;
const start = new Date("2026-12-01T10:00:00Z");
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => database?.close());
beforeEach(async () => truncateAll(database));

function world() {
  const made = createTestServices(database, { start, deliver: async (_s: AppServices, _e: GatewayEvent) => undefined });
  return { ...made, gateway: made.gateway as SimulatedGateway };
}

const runJob = (services: AppServices) => reconciliationJob.run({ ...services, now: services.clock.now() }, {});
const alerts = () =>
  database.db
    .selectFrom("notifications")
    .select(["user_id", "kind", "data", "dedupe_key"])
    .where("kind", "=", "reconciliation.alert")
    .orderBy("created_at")
    .execute();

/** A charge made at the gateway whose bookkeeping died with its worker (and whose events were lost). */
async function unbookedCharge(services: AppServices, gateway: SimulatedGateway) {
  const { pledgeIds } = await fullyPledgedProject(services, gateway, [1_500, 500]);
  services.clock.advance(10 * DAY);
  await settleDueProjects(services.db, services.clock.now(), extensions.projectTransitionEffects);
  let crashed = false;
  await expect(
    chargeDuePledges(paymentDeps(services), {
      hooks: {
        afterGatewayCall: () => {
          if (crashed) return;
          crashed = true;
          throw new Error("worker died");
        },
      },
    }),
  ).rejects.toThrow(/worker died/);
  return pledgeIds;
}

describe("the hourly reconciliation job", () => {
  it("stores a run, alerts each admin once per run, not again for the same difference, and shows the sweep's healing", async () => {
    const { services, gateway, clock } = world();
    const admins = await createUsers(services.db, "beheer", 2, "admin");
    await createUsers(services.db, "lid", 1);
    await unbookedCharge(services, gateway);
    clock.advance(10 * MINUTE);

    const first = await runJob(services);
    expect(first).toMatchObject({ processed: 1, detail: { differences: 1, notified: 2 } });
    // The same hour again (run-due every minute, a second worker): nothing.
    expect(await runJob(services)).toEqual({ processed: 0, detail: { skipped: 1 } });
    const sent = await alerts();
    expect(sent.map((a) => a.user_id).sort()).toEqual([...admins].sort());
    expect(sent[0]).toMatchObject({ dedupe_key: `reconciliation:run:${first.detail!.run}` });
    expect(sent[0]!.data).toEqual({ runId: String(first.detail!.run), outcome: "differences", differences: 1, newDifferences: 1, gateway: "simulated" });
    // The alert is e-mailed (always: it is about money), in the admin's language, with the link.
    await deliverDueEmails(services, clock.now());
    const mails = await database.db
      .selectFrom("mailbox_messages")
      .select(["to_address", "subject", "text_body"])
      .where("subject", "like", "%grootboek%")
      .orderBy("id")
      .execute();
    expect(mails.map((m) => m.to_address).sort()).toEqual(["beheer-0@test.nl", "beheer-1@test.nl"]);
    expect(mails[0]!.subject).toBe("1 verschil tussen de betaalprovider en het grootboek");
    expect(mails[0]!.text_body).toContain(`/admin/reconciliation#run-${first.detail!.run}`);

    // An hour later the difference is still there: stored, but no second alert for it.
    clock.advance(HOUR);
    const second = await runJob(services);
    expect(second).toMatchObject({ processed: 1, detail: { differences: 1, notified: 0 } });
    expect(await alerts()).toHaveLength(2);

    // The settlement sweep heals it; the next run is clean and says what was resolved and healed.
    await settleDueJob.run({ ...services, now: clock.now() }, {});
    clock.advance(HOUR);
    expect(await runJob(services)).toMatchObject({ processed: 1, detail: { differences: 0, healed: 1, notified: 0 } });
    const runs = await listReconciliationRuns(services.db);
    expect(runs.map((r) => [r.status, r.counts.differences, r.counts.newDifferences, r.notified])).toEqual([
      ["clean", 0, 0, 0],
      ["differences", 1, 0, 0],
      ["differences", 1, 1, 2],
    ]);
    expect(runs[0]!.resolved).toMatchObject([{ code: "not_booked", what: "charge", status: "difference" }]);
    expect(runs[0]!.items).toMatchObject([{ status: "healed", code: "booked_late" }]);
    expect(describeItem(runs[0]!.items[0]!, "nl")).toMatch(
      /: pas 1 h 10 min na de betaalprovider geboekt \(#\d+ pledge\.charged(, #\d+ fee\.processing)?\); hersteld$/,
    );
  });

  it("reminds the admins after a day when a difference stays, alerts once when the gateway cannot be read, keeps 90 days", async () => {
    const { services, gateway, clock } = world();
    await createUsers(services.db, "beheer", 1, "admin");
    await unbookedCharge(services, gateway);
    clock.advance(10 * MINUTE);
    await runJob(services);
    for (let h = 0; h < 23; h++) {
      clock.advance(HOUR);
      await runJob(services);
    }
    expect(await alerts()).toHaveLength(1);
    clock.advance(HOUR);
    expect(await runJob(services)).toMatchObject({ detail: { notified: 1 } });
    expect(await alerts()).toHaveLength(2);

    // An outage: the run fails, the admins hear it once, not every hour.
    const down: AppServices = {
      ...services,
      gateway: {
        ...services.gateway,
        listActivity: async () => {
          throw new GatewayRequestError("unavailable", "Stripe payment list: connection refused");
        },
      },
    };
    clock.advance(HOUR);
    expect(await runJob(down)).toMatchObject({ processed: 1, detail: { notified: 1 } });
    clock.advance(HOUR);
    expect(await runJob(down)).toMatchObject({ processed: 1, detail: { notified: 0 } });
    const [latest] = await listReconciliationRuns(services.db, 1);
    expect(latest).toMatchObject({ status: "failed", error: "Stripe payment list: connection refused" });
    expect((await alerts()).map((a) => (a.data as { outcome: string }).outcome)).toEqual(["differences", "differences", "failed"]);

    // Runs are kept for 90 days.
    expect(await listReconciliationRuns(services.db, 100)).toHaveLength(27);
    clock.advance(91 * DAY);
    await runJob(services);
    expect((await listReconciliationRuns(services.db, 100)).map((r) => r.status)).toEqual(["clean"]);
  });
});

describe("/admin/reconciliation", () => {
  const req = (init: RequestInit & { cookie?: string } = {}) => {
    const headers = new Headers(init.headers);
    if (init.cookie) headers.set("Cookie", init.cookie);
    return new Request("http://localhost/admin/reconciliation", { ...init, headers });
  };
  const status = async (p: Promise<unknown>) => {
    const r = await p.catch((e: unknown) => e);
    if (r instanceof Response) return r.status;
    return (r as { init?: { status?: number } })?.init?.status ?? 200;
  };

  it("shows admins the latest runs with their differences in words, runs a check on demand, and refuses members", async () => {
    const { services, gateway, clock } = world();
    const [admin] = await createUsers(services.db, "beheer", 1, "admin");
    const [member] = await createUsers(services.db, "lid", 1);
    await unbookedCharge(services, gateway);
    clock.advance(10 * MINUTE);
    await runJob(services);
    const context = testContext(services);
    const cookie = await sessionCookieFor(services, admin!, clock.now());

    expect(await status(adminLoader({ request: req({ cookie: await sessionCookieFor(services, member!, clock.now()) }), context, params: {} }))).toBe(403);
    expect(await status(adminAction({ request: req({ method: "POST", body: new URLSearchParams({ intent: "run" }) }), context, params: {} }))).toBe(302);
    expect(await listReconciliationRuns(services.db)).toHaveLength(1); // the anonymous post went to the login page

    const page = (await adminLoader({ request: req({ cookie }), context, params: {} })) as { runs: ReconciliationRunView[] };
    expect(page.runs).toHaveLength(1);
    expect(page.runs[0]).toMatchObject({ trigger: "schedule", status: "differences", counts: { differences: 1 } });
    expect(describeItem(page.runs[0]!.items[0]!, "en")).toMatch(/charged at the gateway \(succeeded, .+\), but no journal books it$/);

    const ran = await adminAction({ request: req({ method: "POST", body: new URLSearchParams({ intent: "run" }), cookie }), context, params: {} });
    expect(ran).toBeInstanceOf(Response);
    expect((ran as Response).headers.get("Location")).toBe("/admin/reconciliation");
    const after = await listReconciliationRuns(services.db);
    expect(after.map((r) => r.trigger)).toEqual(["manual", "schedule"]);
    // The same difference as the scheduled run: stored, not alerted again.
    expect(after[0]).toMatchObject({ status: "differences", counts: { newDifferences: 0 }, notified: 0 });
    expect(await status(adminAction({ request: req({ method: "POST", body: new URLSearchParams({ intent: "delete" }), cookie }), context, params: {} }))).toBe(
      400,
    );
  });
});
