import { sql } from "kysely";
import { markAllRead } from "../notifications/notifications.server";
import { createSimulatedGateway } from "../payments/simulated/gateway.server";
import {
  applyPayoutEvent,
  createMonthlyPayouts,
  getPayoutAccountRow,
  recordAccountStatusTx,
  sendPendingPayouts,
  startPayoutOnboarding,
} from "../payouts/payouts.server";
import { type Actor, applyProjectEvent, createProject } from "../projects/projects.server";
import { applyRecurringGatewayEventTx, chargeDueGifts, startMonthlyGift } from "../recurring/gifts.server";
import { createMemoryStorage } from "../storage/storage.server";
import { createLogger } from "../utils/logger.server";
import { extensions } from "../wiring.server";
import type { SeedContext } from "./context.server";

const DAY = 24 * 60 * 60 * 1000;
export const DEMO_ONGOING_SLUG = "buurtkeuken-oude-noorden";

/**
 * Monthly giving (issue 16, decision 077): Fatma's Buurtkeuken in het Oude Noorden runs
 * continuously on monthly gifts (the ongoing funding model, € 400 a month). Lotte and Daan give
 * monthly, saved on the simulated gateway's hosted page and charged by the gifts' own job on a clock
 * the seed moves back in time: three paid months each, every one a journal on the public ledger
 * with its fees. Fatma connected her bank account and the last month that is over was paid out to
 * her (decision 079); the project keeps running.
 * Built through the real functions; their notices are read. Idempotent: an existing project is left alone.
 */
export async function seedRecurring(ctx: SeedContext): Promise<void> {
  const { db, now } = ctx;
  if (await db.selectFrom("projects").select("id").where("slug", "=", DEMO_ONGOING_SLUG).executeTakeFirst()) return;
  const at = (days: number) => new Date(now.getTime() + days * DAY);
  const appUrl = process.env.APP_URL ?? "http://localhost:3000";
  let when = at(-100);
  const gateway = createSimulatedGateway({ db, clock: { now: () => when }, appUrl, logger: createLogger("silent") });
  const [fatma, kees] = await Promise.all([ctx.userId("fatma"), ctx.userId("kees")]);
  const created = await createProject(
    { db, storage: ctx.storage ?? createMemoryStorage() },
    {
      initiatorId: fatma,
      now: when,
      project: {
        title: "Buurtkeuken Oude Noorden",
        summary: "Elke week samen koken en eten met buren, voor € 3 per bord.",
        story: "De Buurtkeuken kookt elke donderdag voor wie wil aanschuiven. Maandelijkse steun betaalt de boodschappen, de huur van de keuken en het gas.",
        neighbourhoodId: "oude-noorden",
        category: "social",
        goal: 40_000,
        fundingModel: "ongoing",
        durationDays: 30,
        removeCover: false,
        lines: [
          { description: "Boodschappen per maand", amountCents: 25_000 },
          { description: "Huur keuken en gas per maand", amountCents: 15_000 },
        ],
      },
    },
  );
  if (!created.ok) throw new Error(`seed ongoing project: ${created.error}`);
  await db.updateTable("projects").set({ slug: DEMO_ONGOING_SLUG }).where("slug", "=", created.slug).execute();
  const { id: projectId } = await db.selectFrom("projects").select("id").where("slug", "=", DEMO_ONGOING_SLUG).executeTakeFirstOrThrow();
  const initiator: Actor = { id: fatma, role: "member" };
  const moderator: Actor = { id: kees, role: "moderator" };
  const steps: [Actor, Parameters<typeof applyProjectEvent>[1]["event"], number][] = [
    [initiator, { type: "submit" }, -99],
    [moderator, { type: "approve" }, -98],
    [initiator, { type: "launch", now: at(-97) }, -97],
  ];
  for (const [actor, event, day] of steps) {
    const r = await applyProjectEvent(db, { projectId, actor, event, now: at(day) }, extensions.projectTransitionEffects);
    if (!r.ok) throw new Error(`seed ongoing ${event.type}: ${r.error}`);
  }

  const givers = [
    { key: "lotte", amountCents: 1_500, day: -80 },
    { key: "daan", amountCents: 500, day: -75 },
  ];
  const services = { db, gateway, appUrl };
  for (const g of givers) {
    when = at(g.day);
    const giverId = await ctx.userId(g.key);
    const started = await startMonthlyGift(services, { giverId, projectId, amountCents: g.amountCents, locale: "nl", now: when });
    if (!started.ok) throw new Error(`seed monthly gift ${g.key}: ${started.error}`);
    const sessionId = new URL(started.url).pathname.split("/").pop()!;
    const saved = await gateway.hosted.submitCard(sessionId, { number: "4242 4242 4242 4242", expMonth: 12, expYear: 2099, cvc: "123" });
    if (!saved.ok) throw new Error(`seed monthly gift ${g.key}: card not saved`);
    const session = await gateway.getSession(sessionId);
    // The seed's gateway delivers no events: the saved method is applied as its event would be.
    await db
      .transaction()
      .execute((trx) =>
        applyRecurringGatewayEventTx(trx, { type: "setup.succeeded", metadata: { giftId: started.giftId }, paymentMethodId: session!.paymentMethodId! }, when),
      );
  }
  // The gifts' job, run on the seed's clock through three months.
  for (const day of [-75, -44, -13]) {
    when = at(day);
    await chargeDueGifts({ ...services, logger: createLogger("silent"), now: () => when });
  }
  await payOutClosedMonth(ctx, gateway, fatma, at(-2), (t) => (when = t));
  // The giver, the initiator and whoever heard of the project (the neighbourhood's moderators were told
  // it was submitted): the seeded history is read.
  const told = await db
    .selectFrom("notifications")
    .select("user_id")
    .distinct()
    .where("read_at", "is", null)
    .where(sql<string>`data->>'projectSlug'`, "=", DEMO_ONGOING_SLUG)
    .execute();
  const readers = new Set([fatma, ...(await Promise.all(givers.map((g) => ctx.userId(g.key)))), ...told.map((r) => r.user_id)]);
  for (const userId of readers) await markAllRead(db, userId, now);
}

/**
 * Fatma onboards on the simulated Connect page and the payout job pays the last month that is over;
 * the bank's "paid" is applied directly (the seed's gateway delivers no events).
 */
async function payOutClosedMonth(ctx: SeedContext, gateway: ReturnType<typeof createSimulatedGateway>, fatma: string, at: Date, setClock: (t: Date) => void) {
  const { db } = ctx;
  setClock(at);
  const appUrl = process.env.APP_URL ?? "http://localhost:3000";
  const deps = { db, gateway, logger: createLogger("silent"), now: () => at };
  const user = await db.selectFrom("users").select(["email", "display_name"]).where("id", "=", fatma).executeTakeFirstOrThrow();
  const existing = await getPayoutAccountRow(db, fatma, "simulated");
  if (existing?.status !== "verified") {
    const link = await startPayoutOnboarding(deps, { userId: fatma, email: user.email, returnUrl: appUrl, refreshUrl: appUrl });
    if (!link.ok) throw new Error(`seed monthly payout onboarding: ${link.error}`);
    const onboarded = await gateway.onboarding.submit(new URL(link.url).pathname.split("/").pop() ?? "", { holderName: user.display_name, bank: "rabobank" });
    if (!onboarded.ok) throw new Error(`seed monthly payout onboarding: ${onboarded.error}`);
    const row = await getPayoutAccountRow(db, fatma, "simulated");
    const account = row ? await gateway.getConnectedAccount(row.account_id) : null;
    if (!account) throw new Error("seed monthly payout: no connected account");
    await db.transaction().execute((trx) => recordAccountStatusTx(trx, account, at));
  }
  await createMonthlyPayouts(db, "simulated", at);
  await sendPendingPayouts(deps, extensions.projectTransitionEffects);
  const { id: projectId } = await db.selectFrom("projects").select("id").where("slug", "=", DEMO_ONGOING_SLUG).executeTakeFirstOrThrow();
  const payout = await db.selectFrom("payouts").select("id").where("project_id", "=", projectId).where("status", "=", "in_transit").executeTakeFirst();
  if (!payout) throw new Error("seed monthly payout: the payout was not sent");
  await applyPayoutEvent(db, { payoutId: payout.id, event: { type: "paid" }, now: at }, extensions.projectTransitionEffects);
}
