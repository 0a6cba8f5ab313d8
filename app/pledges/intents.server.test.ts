import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listJournals } from "../ledger/ledger.server";
import type { GatewayEvent } from "../payments/gateway";
import { ensureGatewayCustomer } from "../payments/customers.server";
import { applyGatewayEvent } from "../payments/events.server";
import type { SimulatedGateway } from "../payments/simulated/gateway.server";
import { CARD, saveTestCard } from "../payments/simulated/testing.server";
import { loader as backedLoader } from "../routes/projects.$slug.backed.$intentId";
import { action as pledgeAction } from "../routes/projects.$slug.pledge";
import type { AppServices } from "../services.server";
import { settleDueJob } from "../settlement/job.server";
import { createTestDatabase } from "../test/db";
import { createLiveProject, createUsers } from "../test/projects";
import { createTestServices, sessionCookieFor, testContext } from "../test/services";
import type { DatabaseHandle } from "../utils/db.server";
import { extensions } from "../wiring.server";
import { pledgeToProject } from "./pledges.server";

let database: DatabaseHandle;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => database?.close());

const start = new Date("2026-12-01T10:00:00Z");

async function world(
  o: {
    fundingModel?: "all_or_nothing" | "keep_what_you_raise";
    tiers?: { title: string; minCents: number; quantity: number | null }[];
    holdEvents?: boolean;
  } = {},
) {
  const held: GatewayEvent[] = [];
  const made = createTestServices(database, {
    start,
    ...(o.holdEvents ? { deliver: async (_s: AppServices, e: GatewayEvent) => void held.push(e) } : {}),
  });
  const { services } = made;
  const [initiator, moderator, backer, other] = await createUsers(services.db, `pi${Math.random().toString(36).slice(2, 7)}`, 4);
  const project = await createLiveProject(services.db, {
    initiatorId: initiator!,
    moderatorId: moderator!,
    now: start,
    goalCents: 10_000,
    durationDays: 10,
    fundingModel: o.fundingModel,
    tiers: o.tiers,
  });
  const ctx = testContext(services);
  const cookies = new Map<string, string>();
  const cookie = async (userId: string) => cookies.get(userId) ?? (cookies.set(userId, await sessionCookieFor(services, userId)), cookies.get(userId)!);
  /** The pledge form, posted as the browser would. */
  const back = async (userId: string, fields: Record<string, string>) => {
    const request = new Request(`http://localhost/projects/${project.slug}/pledge`, {
      method: "POST",
      body: new URLSearchParams({ intent: "pledge", visibility: "public", message: "", paymentMethod: "new", token: `t-${Math.random()}`, ...fields }),
      headers: { Cookie: await cookie(userId) },
    });
    const r = await pledgeAction({ request, context: ctx, params: { slug: project.slug } });
    if (r instanceof Response) return { status: r.status, location: r.headers.get("location"), body: null as unknown };
    const d = r as unknown as { data: unknown; init?: { status?: number } };
    return { status: d.init?.status ?? 200, location: null, body: d.data };
  };
  /** Where the gateway's page sends the backer back. */
  const landing = async (userId: string, intentId: string) => {
    try {
      return await backedLoader({
        request: new Request(`http://localhost/projects/${project.slug}/backed/${intentId}`, { headers: { Cookie: await cookie(userId) } }),
        context: ctx,
        params: { slug: project.slug, intentId },
      });
    } catch (thrown) {
      if (thrown instanceof Response) return { thrown: thrown.status, location: thrown.headers.get("location") };
      throw thrown;
    }
  };
  const intentOf = async (userId: string) =>
    services.db
      .selectFrom("pledge_intents")
      .selectAll()
      .where("backer_id", "=", userId)
      .where("project_id", "=", project.id)
      .orderBy("created_at", "desc")
      .executeTakeFirstOrThrow();
  const totals = async () =>
    services.db.selectFrom("projects").select(["pledged_cents", "backer_count"]).where("id", "=", project.id).executeTakeFirstOrThrow();
  return { ...made, gateway: made.gateway as SimulatedGateway, project, backer: backer!, other: other!, back, landing, intentOf, totals, held };
}

async function payOnHostedPage(gateway: SimulatedGateway, sessionId: string, number: string = CARD.succeeds) {
  const result = await gateway.hosted.submitCard(sessionId, { number, expMonth: 12, expYear: 2099, cvc: "123" });
  expect(result.ok).toBe(true);
}

describe("one step to back a project", () => {
  it("the pledge is made when the gateway saves the card — nothing counted before; the landing page confirms it, once", async () => {
    const w = await world();
    const sent = await w.back(w.backer, { amount: "12,50" });
    expect(sent.status).toBe(302);
    expect(sent.location).toMatch(/\/pay\/sim\//);
    const intent = await w.intentOf(w.backer);
    expect(intent).toMatchObject({ status: "open", amount_cents: 1_250, pledge_id: null });
    expect(await w.totals()).toEqual({ pledged_cents: 0, backer_count: 0 });
    // Before the page is finished, landing waits (and refreshes itself).
    expect(await w.landing(w.backer, intent.id)).toMatchObject({ view: { state: "waiting" } });

    await payOnHostedPage(w.gateway, intent.session_id!);
    const confirmed = await w.intentOf(w.backer);
    expect(confirmed.status).toBe("confirmed");
    expect(await w.totals()).toEqual({ pledged_cents: 1_250, backer_count: 1 });
    const page = await w.landing(w.backer, intent.id);
    expect(page).toMatchObject({ view: { state: "confirmed", pledgeId: confirmed.pledge_id }, amountCents: 1_250, pledgeStatus: "active" });
    // Reloading changes nothing; one pledge, one journal, the intent's own history.
    await w.landing(w.backer, intent.id);
    const pledges = await w.services.db.selectFrom("pledges").select(["id", "status", "visibility"]).where("backer_id", "=", w.backer).execute();
    expect(pledges).toEqual([{ id: confirmed.pledge_id, status: "active", visibility: "public" }]);
    expect((await listJournals(w.services.db, { refs: { pledgeId: confirmed.pledge_id! } })).map((j) => j.kind)).toEqual(["pledge.saved"]);
    const events = await w.services.db
      .selectFrom("pledge_intent_events")
      .select(["from_status", "to_status"])
      .where("intent_id", "=", intent.id)
      .orderBy("id")
      .execute();
    expect(events).toEqual([
      { from_status: null, to_status: "open" },
      { from_status: "open", to_status: "confirmed" },
    ]);
    // Nobody else's landing page.
    expect(await w.landing(w.other, intent.id)).toMatchObject({ thrown: 404 });
  });

  it("when the backer lands before the gateway's event, the session read back makes the pledge; the late event changes nothing", async () => {
    const w = await world({ holdEvents: true });
    await w.back(w.backer, { amount: "20" });
    const intent = await w.intentOf(w.backer);
    await payOnHostedPage(w.gateway, intent.session_id!);
    expect((await w.intentOf(w.backer)).status).toBe("open");
    const page = await w.landing(w.backer, intent.id);
    expect(page).toMatchObject({ view: { state: "confirmed" }, amountCents: 2_000 });
    const setup = w.held.find((e) => e.type === "setup.succeeded")!;
    expect(setup.metadata.intentId).toBe(intent.id);
    const late = await applyGatewayEvent(w.services, setup, extensions.gatewayEventHandlers);
    expect(late).toMatchObject({ status: "applied", outcome: "pledge intent confirmed" });
    expect(await w.totals()).toEqual({ pledged_cents: 2_000, backer_count: 1 });
    expect(await w.services.db.selectFrom("pledges").select("id").where("backer_id", "=", w.backer).execute()).toHaveLength(1);
  });

  it("a rule that fails before leaving is a message next to the field; one that fails by the time the card is saved (sold out) is said on landing, nothing counted", async () => {
    const w = await world({ tiers: [{ title: "Tegel met je naam", minCents: 2_500, quantity: 1 }] });
    const tierId = (await w.services.db.selectFrom("reward_tiers").select("id").where("project_id", "=", w.project.id).executeTakeFirstOrThrow()).id;
    const low = await w.back(w.backer, { amount: "10", tierId });
    expect(low.status).toBe(400);
    expect(low.body).toMatchObject({ errors: { amount: "pledges.error.BelowTierMinimum" } });
    expect(await w.services.db.selectFrom("pledge_intents").select("id").where("backer_id", "=", w.backer).execute()).toEqual([]);

    await w.back(w.backer, { amount: "25", tierId });
    const intent = await w.intentOf(w.backer);
    // Meanwhile another neighbour takes the last place with a saved card.
    const customerId = await ensureGatewayCustomer(w.services, { id: w.other, email: `o-${w.other}@test.nl`, displayName: "Other" });
    const card = await saveTestCard(w.gateway, { customerId, number: CARD.succeeds });
    const took = await pledgeToProject(w.services.db, {
      projectId: w.project.id,
      backerId: w.other,
      amountCents: 2_500,
      tierId,
      message: "",
      visibility: "public",
      token: "other-backer-token",
      paymentMethodRef: card!.id,
      now: w.clock.now(),
    });
    expect(took.ok).toBe(true);
    await payOnHostedPage(w.gateway, intent.session_id!);
    expect(await w.intentOf(w.backer)).toMatchObject({ status: "failed", error: "SoldOut", pledge_id: null });
    expect(await w.landing(w.backer, intent.id)).toMatchObject({ view: { state: "failed", error: "pledges.error.SoldOut" } });
    expect(await w.totals()).toEqual({ pledged_cents: 2_500, backer_count: 1 });
  });

  it("a page never finished expires with the sweep; a late completion then changes nothing", async () => {
    const w = await world({ holdEvents: true });
    await w.back(w.backer, { amount: "15" });
    const intent = await w.intentOf(w.backer);
    w.clock.advance(26 * 3_600_000);
    const run = await settleDueJob.run({ ...w.services, now: w.clock.now() }, {});
    expect((run.detail as { intentsExpired: number }).intentsExpired).toBeGreaterThanOrEqual(1);
    expect((await w.intentOf(w.backer)).status).toBe("expired");
    expect(await w.landing(w.backer, intent.id)).toMatchObject({ view: { state: "expired" } });
    // The gateway reports the page finished after all (late, or replayed): nothing is made.
    const session = (await w.gateway.getSession(intent.session_id!))!;
    const late = {
      id: `evt_late_${intent.id}`,
      gateway: "simulated",
      createdAt: w.clock.now().toISOString(),
      metadata: session.metadata,
      type: "setup.succeeded",
      session,
      paymentMethod: { id: "pm_late", customerId: session.customerId, type: "card", label: "Visa •••• 4242" },
    } as unknown as GatewayEvent;
    expect(await applyGatewayEvent(w.services, late, extensions.gatewayEventHandlers)).toMatchObject({ outcome: "pledge intent expired" });
    expect(await w.totals()).toEqual({ pledged_cents: 0, backer_count: 0 });
  });

  it("keep-what-you-raise: landing runs the charge while the backer is here", async () => {
    const w = await world({ fundingModel: "keep_what_you_raise" });
    await w.back(w.backer, { amount: "30" });
    const intent = await w.intentOf(w.backer);
    await payOnHostedPage(w.gateway, intent.session_id!);
    const page = await w.landing(w.backer, intent.id);
    expect(page).toMatchObject({ view: { state: "confirmed" }, pledgeStatus: "charged" });
    const pledgeId = (await w.intentOf(w.backer)).pledge_id!;
    expect((await listJournals(w.services.db, { refs: { pledgeId } })).map((j) => j.kind)).toEqual(["pledge.saved", "pledge.charged", "fee.processing"]);
  });
});
