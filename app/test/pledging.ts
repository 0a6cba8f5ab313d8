import { ensureGatewayCustomer } from "../payments/customers.server";
import type { SimulatedGateway } from "../payments/simulated/gateway.server";
import { CARD, saveTestCard } from "../payments/simulated/testing.server";
import type { PledgeVisibility } from "../pledges/pledge";
import { pledgeToProject } from "../pledges/pledges.server";
import type { AppServices } from "../services.server";
import { createLiveProject, createUsers } from "./projects";

/** Backers with a saved card each, on the simulated gateway. */
export async function backersWithCards(services: AppServices, gateway: SimulatedGateway, cards: string[]) {
  const ids = await createUsers(services.db, `b${Math.random().toString(36).slice(2, 7)}`, cards.length);
  const out: { id: string; methodId: string }[] = [];
  for (const [i, id] of ids.entries()) {
    const customerId = await ensureGatewayCustomer(services, { id, email: `backer${i}-${id}@test.nl`, displayName: `Backer ${i}` });
    const method = await saveTestCard(gateway, { customerId, number: cards[i]! });
    if (!method) throw new Error(`card ${cards[i]} was not saved`);
    out.push({ id, methodId: method.id });
  }
  return out;
}

/** A live project (10 days) with one pledge per card, each saved with its card. */
export async function pledgedProject(
  services: AppServices,
  gateway: SimulatedGateway,
  o: {
    goalCents: number;
    cards: string[];
    amounts: number[];
    fundingModel?: "all_or_nothing" | "keep_what_you_raise" | "community_loan";
    visibilities?: PledgeVisibility[];
    platformFeeBps?: number;
  },
) {
  const [initiator] = await createUsers(services.db, `i${Math.random().toString(36).slice(2, 7)}`, 1);
  const [moderator] = await createUsers(services.db, `m${Math.random().toString(36).slice(2, 7)}`, 1, "moderator");
  const project = await createLiveProject(services.db, {
    initiatorId: initiator!,
    moderatorId: moderator!,
    now: services.clock.now(),
    goalCents: o.goalCents,
    durationDays: 10,
    fundingModel: o.fundingModel,
  });
  const backers = await backersWithCards(services, gateway, o.cards);
  const pledgeIds: string[] = [];
  for (const [i, b] of backers.entries()) {
    const r = await pledgeToProject(services.db, {
      projectId: project.id,
      backerId: b.id,
      amountCents: o.amounts[i]!,
      tierId: null,
      message: "",
      visibility: o.visibilities?.[i] ?? "initiator",
      token: `token-${b.id}`,
      paymentMethodRef: b.methodId,
      platformFeeBps: o.platformFeeBps,
      now: services.clock.now(),
    });
    if (!r.ok) throw new Error(r.error);
    pledgeIds.push(r.pledgeId);
  }
  return { project, backers, pledgeIds, initiatorId: initiator!, moderatorId: moderator! };
}

/**
 * A live all-or-nothing project whose goal is exactly the sum of `amounts`, with one backer per
 * amount who saved `card` (default: always succeeds) and pledged it: at the deadline every pledge is due.
 */
export async function fullyPledgedProject(services: AppServices, gateway: SimulatedGateway, amounts: number[], card: string = CARD.succeeds) {
  const r = await pledgedProject(services, gateway, { goalCents: amounts.reduce((a, b) => a + b, 0), cards: amounts.map(() => card), amounts });
  return { project: r.project, pledgeIds: r.pledgeIds, backerIds: r.backers.map((b) => b.id) };
}
