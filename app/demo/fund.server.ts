import { saveFund } from "../matching/funds.server";
import { markAllRead } from "../notifications/notifications.server";
import { createSimulatedGateway } from "../payments/simulated/gateway.server";
import { applyRecurringGatewayEventTx, chargeDueGifts, startMonthlyGift } from "../recurring/gifts.server";
import { createLogger } from "../utils/logger.server";
import type { SeedContext } from "./context.server";

const DAY = 24 * 60 * 60 * 1000;

/**
 * Wijkfonds Oost's neighbourhood fund (decision 080): opened by its admin, with two monthly givers
 * (Anna and Joost) saved on the simulated gateway's hosted page and charged by the gifts' own job
 * on a clock the seed moves back in time — two paid months each, every one a journal into
 * `organisation_fund:<id>`. Built through the real functions; the givers' notices are read.
 * Idempotent: an organisation that has a fund is left alone.
 */
export async function seedFund(ctx: SeedContext): Promise<void> {
  const { db, now } = ctx;
  const org = await db.selectFrom("organisations").select(["id", "slug"]).where("slug", "=", "wijkfonds-oost").executeTakeFirst();
  if (!org) return;
  if (await db.selectFrom("organisation_funds").select("organisation_id").where("organisation_id", "=", org.id).executeTakeFirst()) return;
  const at = (days: number) => new Date(now.getTime() + days * DAY);
  const appUrl = process.env.APP_URL ?? "http://localhost:3000";
  let when = at(-60);
  const gateway = createSimulatedGateway({ db, clock: { now: () => when }, appUrl, logger: createLogger("silent") });
  const opened = await saveFund(db, {
    organisationSlug: org.slug,
    actor: { id: await ctx.userId("wijkfonds"), role: "member" },
    story:
      "Het buurtfonds van Wijkfonds Oost: buren geven elke maand een vast bedrag, en wij verdelen het geld over bewonersinitiatieven in Oost.\n\nWe vullen via matchingpotten aan wat buren zelf bijeenbrengen, zodat elke euro van de buurt verder komt. Op deze pagina zie je wat er binnenkwam en waar het naartoe ging.",
    now: when,
  });
  if (!opened.ok) throw new Error(`seed fund: ${opened.error}`);

  const givers = [
    { key: "anna", amountCents: 2_000, day: -58 },
    { key: "joost", amountCents: 1_000, day: -52 },
  ];
  const services = { db, gateway, appUrl };
  const giverIds: string[] = [];
  for (const g of givers) {
    when = at(g.day);
    const giverId = await ctx.userId(g.key);
    giverIds.push(giverId);
    const started = await startMonthlyGift(services, { giverId, organisationId: org.id, amountCents: g.amountCents, locale: "nl", now: when });
    if (!started.ok) throw new Error(`seed fund gift ${g.key}: ${started.error}`);
    const sessionId = new URL(started.url).pathname.split("/").pop()!;
    const saved = await gateway.hosted.submitCard(sessionId, { number: "4242 4242 4242 4242", expMonth: 12, expYear: 2099, cvc: "123" });
    if (!saved.ok) throw new Error(`seed fund gift ${g.key}: card not saved`);
    const session = await gateway.getSession(sessionId);
    // The seed's gateway delivers no events: the saved method is applied as its event would be.
    await db
      .transaction()
      .execute((trx) =>
        applyRecurringGatewayEventTx(trx, { type: "setup.succeeded", metadata: { giftId: started.giftId }, paymentMethodId: session!.paymentMethodId! }, when),
      );
  }
  // The gifts' job, run on the seed's clock through two months.
  for (const day of [-52, -21]) {
    when = at(day);
    await chargeDueGifts({ ...services, logger: createLogger("silent"), now: () => when });
  }
  for (const userId of giverIds) await markAllRead(db, userId, now);
}
