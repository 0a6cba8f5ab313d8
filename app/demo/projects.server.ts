import { markAllRead } from "../notifications/notifications.server";
import {
  applyPayoutEvent,
  createDuePayouts,
  getPayoutAccountRow,
  recordAccountStatusTx,
  sendPendingPayouts,
  startPayoutOnboarding,
} from "../payouts/payouts.server";
import { seedSimulatedCustomer } from "../payments/simulated/seed.server";
import { createSimulatedGateway } from "../payments/simulated/gateway.server";
import { type PaymentDeps, runPaymentAttempt } from "../pledges/payment-attempts.server";
import { chargeDuePledges } from "../settlement/charges.server";
import { cancelPledge, pledgeToProject } from "../pledges/pledges.server";
import { ensureShareCode, recordTouch, setShowPublicly } from "../ambassadors/ambassadors.server";
import type { FundingModel, ProjectCategory, ProjectEvent } from "../projects/project";
import { dropExpiredPledges, settleDueProjects } from "../settlement/deadline.server";
import { createLogger } from "../utils/logger.server";
import { type Actor, applyProjectEvent, createProject } from "../projects/projects.server";
import { saveTier } from "../projects/tiers.server";
import { postComment, postUpdate } from "../projects/updates.server";
import { createMemoryStorage } from "../storage/storage.server";
import { extensions } from "../wiring.server";
import { saveLoanTermsTx } from "../community-loans/community-loans.server";
import type { SeedContext } from "./context.server";

const effects = extensions.projectTransitionEffects;
import { svgToJpeg, titleText } from "./draw.server";

/**
 * Demo projects in every state of the lifecycle (docs/projects-lifecycle.md), taken through the
 * real functions with back-dated times so their histories read naturally: pledges, charges at the
 * deadline (through the simulated gateway), failed payments, drops and the payout. Idempotent: a
 * project whose slug exists is left alone.
 */

const DAY = 86_400_000;

const coverPalette: Record<ProjectCategory, [string, string]> = {
  green: ["#1f6f43", "#a7e3b8"],
  social: ["#8a3b12", "#f6c89f"],
  culture: ["#4b2a7a", "#d3b8f5"],
  sport: ["#0f4c81", "#a9d2f5"],
  playground: ["#a4461b", "#ffd27a"],
  safety: ["#374151", "#fbbf24"],
  other: ["#334155", "#cbd5e1"],
};

/** A drawn cover (1200 × 900, the card's 4:3) with the project's title, so the demo has images. */
async function drawCover(title: string, category: ProjectCategory): Promise<Buffer> {
  const [bg, fg] = coverPalette[category];
  const text = titleText(title, { width: 22, cx: 600, cy: 475, fontSize: 68, lineHeight: 80 });
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="900">
    <rect width="1200" height="900" fill="${bg}"/>
    <circle cx="180" cy="130" r="260" fill="${fg}" opacity="0.3"/>
    <circle cx="1080" cy="800" r="230" fill="${fg}" opacity="0.25"/>
    ${text}
  </svg>`;
  return svgToJpeg(svg);
}

export interface DemoProject {
  slug: string;
  initiator: string;
  neighbourhood: string;
  title: string;
  summary: string;
  story: string;
  category: ProjectCategory;
  goalCents: number;
  fundingModel: FundingModel;
  durationDays: number;
  lines: [string, number][];
  tiers?: { title: string; description: string; minCents: number; quantity: number | null; pickupNote: string }[];
  /** Where the project ends up, with day offsets (negative = in the past) for each step. */
  path: (
    | { step: "submit"; at: number }
    | { step: "request_changes"; at: number; message: string }
    | { step: "approve"; at: number }
    | { step: "launch"; at: number }
    | { step: "cancel"; at: number; reason: string }
  )[];
  createdAt: number;
  updates?: { at: number; title: string; body: string }[];
  /** Pledges (day offsets), made with the backer's seeded simulated card; `cancelAt` withdraws it. */
  pledges?: DemoPledge[];
  /** An admin marks the project paid out (after settlement) on this day. */
  paidOutAt?: number;
  /** A community loan's terms (app/community-loans), saved with the project. */
  loanTerms?: { months: number; annualRateBps: number; method: "annuity" | "linear" };
}

export interface DemoPledge {
  backer: string;
  amount: number;
  at: number;
  tier?: number;
  visibility?: "public" | "initiator" | "anonymous";
  message?: string;
  /** The test card it is saved with: "4242" succeeds, "0341" saves fine but every charge is declined. */
  card?: "4242" | "0341";
  cancelAt?: number;
  /**
   * Came through this demo user's share link (issue 16): the backer opened it the day before, so the
   * pledge is credited to them as it is made; `viaShown`: the ambassador agreed to be thanked by name.
   */
  via?: string;
  viaShown?: boolean;
}

export const demoProjects: DemoProject[] = [
  {
    slug: "moestuin-op-het-javaplein",
    initiator: "anna",
    neighbourhood: "indische-buurt",
    title: "Moestuin op het Javaplein",
    summary: "Twaalf plantenbakken en een watertappunt, zodat iedereen op het plein kan tuinieren.",
    story:
      "## Waarom\nHet Javaplein is prachtig, maar grijs. Met twaalf grote plantenbakken maken we er een **buurtmoestuin** van waar kinderen, ouderen en nieuwe buren samen groenten kweken.\n\n## Wat we doen\n- twaalf bakken van duurzaam hout\n- een watertappunt met het stadsdeel\n- elke zaterdag een tuinochtend\n\nDoe je mee? Je bent welkom, ook zonder groene vingers.",
    category: "green",
    goalCents: 250_000,
    fundingModel: "all_or_nothing",
    durationDays: 30,
    lines: [
      ["Twaalf plantenbakken van lariks", 144_000],
      ["Aarde, compost en zaden", 41_000],
      ["Watertappunt (aandeel bewoners)", 50_000],
      ["Gereedschap voor de tuinochtenden", 15_000],
    ],
    tiers: [
      {
        title: "Zakje zaden",
        description: "Een zakje zaden uit de buurtmoestuin.",
        minCents: 1_000,
        quantity: null,
        pickupNote: "Op een tuinochtend, zaterdag 10–12 uur",
      },
      {
        title: "Eigen plantenbak",
        description: "Een seizoen lang jouw eigen bak, met je naam erop.",
        minCents: 7_500,
        quantity: 12,
        pickupNote: "Uitreiking bij de opening in het voorjaar",
      },
      { title: "Naambordje op de bank", description: "Je naam op de nieuwe tuinbank.", minCents: 25_000, quantity: 3, pickupNote: "" },
    ],
    path: [
      { step: "submit", at: -20 },
      {
        step: "request_changes",
        at: -19,
        message: "Mooi plan! Kun je het watertappunt apart opnemen in de begroting? Dan zien backers wat het stadsdeel bijdraagt.",
      },
      { step: "submit", at: -18 },
      { step: "approve", at: -17 },
      { step: "launch", at: -10 },
    ],
    createdAt: -21,
    updates: [
      { at: -4, title: "Het hout is uitgezocht", body: "We hebben bij de houthandel aan de Zeeburgerdijk lariks uitgezocht. Dank aan iedereen die al steunt!" },
    ],
    pledges: [
      { backer: "eva", amount: 7_500, tier: 1, at: -9, visibility: "public", message: "Ik help graag mee op zaterdag!" },
      { backer: "mohammed", amount: 2_500, tier: 0, at: -8 },
      { backer: "wijkfonds", amount: 50_000, at: -7, visibility: "public", message: "Wijkfonds Oost draagt graag bij aan meer groen." },
      { backer: "kees", amount: 25_000, tier: 2, at: -6, visibility: "anonymous" },
      { backer: "daan", amount: 1_000, tier: 0, at: -5, visibility: "public", message: "Great idea!", via: "eva" },
      { backer: "lotte", amount: 1_500, at: -5, cancelAt: -3 },
      { backer: "sanne", amount: 7_500, tier: 1, at: -2, via: "kees", viaShown: true },
    ],
  },
  {
    slug: "buurtbibliotheek-kanaalstraat",
    initiator: "sanne",
    neighbourhood: "lombok",
    title: "Buurtbibliotheek Kanaalstraat",
    summary: "Een minibieb in een oude telefooncel: boeken halen en brengen, voor iedereen.",
    story: "We bouwen een oude telefooncel om tot **minibibliotheek** met planken, licht en een bankje ernaast.",
    category: "culture",
    goalCents: 80_000,
    fundingModel: "all_or_nothing",
    durationDays: 21,
    lines: [
      ["Telefooncel en transport", 35_000],
      ["Planken, verf en verlichting", 30_000],
      ["Bankje", 15_000],
    ],
    tiers: [
      { title: "Boekenlegger met je naam", description: "Handgemaakt door de buurtkinderen.", minCents: 1_500, quantity: 40, pickupNote: "Bij de opening" },
    ],
    path: [
      { step: "submit", at: -25 },
      { step: "approve", at: -24 },
      { step: "launch", at: -19 },
    ],
    createdAt: -26,
    pledges: [
      { backer: "pieter", amount: 25_000, at: -18, visibility: "public", message: "Eindelijk!" },
      { backer: "daan", amount: 15_000, tier: 0, at: -15, visibility: "public" },
      { backer: "eva", amount: 10_000, tier: 0, at: -12 },
      { backer: "joost", amount: 20_000, at: -4 },
    ],
  },
  {
    slug: "speeltuin-sumatraplantsoen",
    initiator: "anna",
    neighbourhood: "indische-buurt",
    title: "Speeltuin Sumatraplantsoen opknappen",
    summary: "Nieuwe schommels en een zandbak voor de kleinsten.",
    story: "Nog een concept: we zijn offertes aan het vergelijken.",
    category: "playground",
    goalCents: 600_000,
    fundingModel: "all_or_nothing",
    durationDays: 45,
    lines: [["Schommels", 300_000]],
    path: [],
    createdAt: -2,
  },
  {
    slug: "bankjes-voor-de-javastraat",
    initiator: "mohammed",
    neighbourhood: "indische-buurt",
    title: "Bankjes voor de Javastraat",
    summary: "Vier bankjes zodat ouderen onderweg naar de markt even kunnen uitrusten.",
    story: "Veel oudere buren lopen naar de Dappermarkt. Onderweg is er nergens een plek om te zitten. Wij plaatsen vier stevige bankjes.",
    category: "social",
    goalCents: 320_000,
    fundingModel: "all_or_nothing",
    durationDays: 30,
    lines: [
      ["Vier bankjes", 280_000],
      ["Plaatsing", 40_000],
    ],
    path: [{ step: "submit", at: -1 }],
    createdAt: -3,
  },
  {
    slug: "rommelmarkt-lombok",
    initiator: "pieter",
    neighbourhood: "lombok",
    title: "Rommelmarkt op het Moskeeplein",
    summary: "Een jaarlijkse rommelmarkt met kramen voor iedereen uit de wijk.",
    story: "Kramen huren, vergunning, een geluidsinstallatie.",
    category: "social",
    goalCents: 120_000,
    fundingModel: "keep_what_you_raise",
    durationDays: 20,
    lines: [["Kramen en vergunning", 120_000]],
    path: [
      { step: "submit", at: -5 },
      { step: "request_changes", at: -4, message: "Kun je de kramen en de vergunning apart begroten? En wat kost de geluidsinstallatie?" },
    ],
    createdAt: -6,
  },
  {
    slug: "repair-cafe-uitbreiding",
    initiator: "fatma",
    neighbourhood: "oude-noorden",
    title: "Repair Café: een tweede werkbank",
    summary: "Meer reparaties per zaterdag met een tweede werkbank en gereedschap.",
    story: "Elke zaterdag staan er mensen te wachten. Met een tweede werkbank helpen we twee keer zoveel buren.",
    category: "social",
    goalCents: 150_000,
    fundingModel: "all_or_nothing",
    durationDays: 30,
    lines: [
      ["Werkbank", 60_000],
      ["Soldeerstation en gereedschap", 90_000],
    ],
    path: [
      { step: "submit", at: -3 },
      { step: "approve", at: -2 },
    ],
    createdAt: -4,
  },
  {
    slug: "geveltuinen-oude-noorden",
    initiator: "fatma",
    neighbourhood: "oude-noorden",
    title: "Geveltuinen in het Oude Noorden",
    summary: "Vijftig geveltuintjes: tegels eruit, planten erin.",
    story: "Samen met de gemeente halen we tegels weg en planten we klimrozen en lavendel.",
    category: "green",
    goalCents: 60_000,
    fundingModel: "all_or_nothing",
    durationDays: 14,
    lines: [
      ["Planten", 40_000],
      ["Aarde en grind", 20_000],
    ],
    tiers: [{ title: "Klimroos voor je gevel", description: "We planten hem samen.", minCents: 2_500, quantity: 20, pickupNote: "Plantdag in april" }],
    path: [
      { step: "submit", at: -30 },
      { step: "approve", at: -29 },
      { step: "launch", at: -16 },
    ],
    createdAt: -31,
    updates: [{ at: -1, title: "Gelukt!", body: "Het doel is gehaald. De plantdag volgt in april." }],
    pledges: [
      { backer: "lotte", amount: 25_000, tier: 0, at: -15, visibility: "public", message: "Onze straat doet mee!" },
      { backer: "joost", amount: 20_000, tier: 0, at: -12 },
      // Saved fine, declined when charged at the deadline: Pieter can still fix it (My pledges).
      { backer: "pieter", amount: 15_000, at: -6, card: "0341" },
    ],
  },
  {
    slug: "zonnepanelen-buurthuis",
    initiator: "joost",
    neighbourhood: "oude-noorden",
    title: "Zonnepanelen op het buurthuis",
    summary: "Het buurthuis op zonne-energie.",
    story: "Twintig panelen op het platte dak van het buurthuis.",
    category: "green",
    goalCents: 900_000,
    fundingModel: "all_or_nothing",
    durationDays: 20,
    lines: [["Twintig panelen en omvormer", 900_000]],
    path: [
      { step: "submit", at: -40 },
      { step: "approve", at: -39 },
      { step: "launch", at: -30 },
    ],
    createdAt: -41,
    pledges: [
      { backer: "lotte", amount: 10_000, at: -28 },
      { backer: "sanne", amount: 5_000, at: -25, visibility: "public" },
    ],
  },
  {
    slug: "hondenuitlaatveld",
    initiator: "lotte",
    neighbourhood: "oude-noorden",
    title: "Omheind hondenuitlaatveld",
    summary: "Een hek rond het grasveld aan de Bergweg.",
    story: "Een hek zodat honden los kunnen lopen.",
    category: "other",
    goalCents: 200_000,
    fundingModel: "all_or_nothing",
    durationDays: 30,
    lines: [["Hekwerk", 200_000]],
    path: [
      { step: "submit", at: -12 },
      { step: "approve", at: -11 },
      { step: "launch", at: -10 },
      { step: "cancel", at: -6, reason: "Het veld is gemeentegrond; de gemeente plaatst zelf een hek. Het project is daarom niet meer nodig." },
    ],
    createdAt: -13,
    pledges: [{ backer: "joost", amount: 5_000, at: -9 }],
  },
  {
    slug: "kerstverlichting-zwaanshals",
    initiator: "joost",
    neighbourhood: "oude-noorden",
    title: "Kerstverlichting op de Zwaanshals",
    summary: "Lichtjes boven de winkelstraat, betaald door de buurt.",
    story: "Vorig jaar was de Zwaanshals donker. Dit jaar niet.",
    category: "culture",
    goalCents: 40_000,
    fundingModel: "keep_what_you_raise",
    durationDays: 10,
    lines: [["Lichtsnoeren en ophangen", 40_000]],
    path: [
      { step: "submit", at: -60 },
      { step: "approve", at: -59 },
      { step: "launch", at: -58 },
    ],
    createdAt: -61,
    // Keep-what-you-raise: charged at pledge time.
    pledges: [
      { backer: "lotte", amount: 10_000, at: -57, visibility: "public", message: "Gezellig!" },
      { backer: "fatma", amount: 15_000, at: -55 },
      { backer: "daan", amount: 2_000, at: -54, card: "0341" },
      { backer: "mohammed", amount: 8_000, at: -52, visibility: "public" },
    ],
    paidOutAt: -35,
  },
  // Community loans (buurtlening, app/community-loans): one that succeeded and is being repaid (its first
  // installment paid by app/demo/community-loans.server.ts), one live to lend to.
  {
    slug: "oven-buurtcafe-de-kroon",
    initiator: "sanne",
    neighbourhood: "lombok",
    title: "Een nieuwe oven voor buurtcafé De Kroon",
    summary: "Buurtgenoten lenen het buurtcafé een oven, terug in 24 maanden tegen 2%.",
    story:
      "De oude oven van De Kroon is op. Met een nieuwe bakken we weer brood en taart voor de buurt. Jullie lenen ons het geld; wij betalen het in twee jaar terug, met 2% rente.",
    category: "social",
    goalCents: 500_000,
    fundingModel: "community_loan",
    durationDays: 30,
    lines: [
      ["Oven", 430_000],
      ["Aansluiten", 70_000],
    ],
    loanTerms: { months: 24, annualRateBps: 200, method: "annuity" },
    path: [
      { step: "submit", at: -82 },
      { step: "approve", at: -81 },
      { step: "launch", at: -80 },
    ],
    createdAt: -84,
    pledges: [
      { backer: "eva", amount: 100_000, at: -78, visibility: "public", message: "Voor de taart!" },
      { backer: "pieter", amount: 100_000, at: -76 },
      { backer: "daan", amount: 100_000, at: -74 },
      { backer: "lotte", amount: 100_000, at: -70 },
      { backer: "mohammed", amount: 100_000, at: -66 },
    ],
  },
  {
    slug: "deelbakfiets-lombok",
    initiator: "pieter",
    neighbourhood: "lombok",
    title: "Een deelbakfiets voor Lombok",
    summary: "Leen ons € 3.000 voor een elektrische deelbakfiets; terug in 12 maanden, zonder rente.",
    story: "Boodschappen, een verhuisdoos, de kinderen naar school: met een deelbakfiets hoeft niet iedereen er een te kopen. De huur betaalt de lening terug.",
    category: "other",
    goalCents: 300_000,
    fundingModel: "community_loan",
    durationDays: 30,
    lines: [["Elektrische bakfiets", 300_000]],
    loanTerms: { months: 12, annualRateBps: 0, method: "linear" },
    path: [
      { step: "submit", at: -6 },
      { step: "approve", at: -5 },
      { step: "launch", at: -4 },
    ],
    createdAt: -7,
    pledges: [{ backer: "daan", amount: 50_000, at: -3 }],
  },
];

const DEMO_CARDS = { "4242": "4242 4242 4242 4242", "0341": "4000 0000 0000 0341", "4444": "5555 5555 5555 4444" } as const;
/**
 * Eva's card list belongs to the payments walk-through (e2e/payments-simulated.spec.ts saves a Visa
 * 4242 for her): her seeded pledges use a Mastercard.
 */
const cardOf = (backer: string, card: "4242" | "0341") => (backer === "eva" && card === "4242" ? "4444" : card);

/**
 * The demo's payments go through a simulated gateway on a clock the seed moves along its timeline,
 * so pledges, charges at the deadline and failed payments are real in the simulator (its events
 * wait in sim_events and are delivered — as no-ops — once the app runs).
 */
function seedGateway(db: SeedContext["db"], start: Date) {
  let at = start;
  const clock = { now: () => at };
  const gateway = createSimulatedGateway({ db, clock, appUrl: process.env.APP_URL ?? "http://localhost:3000", logger: createLogger("silent") });
  return {
    gateway,
    setTime: (t: Date) => {
      at = t;
    },
    deps: (): PaymentDeps => ({ db, gateway, logger: createLogger("silent"), appUrl: process.env.APP_URL ?? "http://localhost:3000", now: () => at }),
  };
}

export async function seedProjects(ctx: SeedContext): Promise<void> {
  const { db, now } = ctx;
  const at = (days: number) => new Date(now.getTime() + days * DAY);
  const moderatorId = await ctx.userId("kees");
  const sim = seedGateway(db, now);
  const methods = new Map<string, Map<string, string>>();
  const methodOf = async (key: string, wanted: "4242" | "0341") => {
    const card = cardOf(key, wanted);
    if (!methods.has(key)) {
      const userId = await ctx.userId(key);
      const user = await db.selectFrom("users").select(["email", "display_name"]).where("id", "=", userId).executeTakeFirstOrThrow();
      const cards = key === "eva" ? [DEMO_CARDS["4444"]] : [DEMO_CARDS["4242"], DEMO_CARDS["0341"]];
      const seeded = await seedSimulatedCustomer(db, { userId, email: user.email, name: user.display_name, now: at(-90), cards });
      methods.set(key, new Map(seeded.methods.flatMap((m) => (m.card ? [[m.card.last4, m.id] as const] : []))));
    }
    return methods.get(key)!.get(card)!;
  };
  let seededAny = false;

  for (const p of demoProjects) {
    const exists = await db.selectFrom("projects").select("id").where("slug", "=", p.slug).executeTakeFirst();
    if (exists) continue;
    seededAny = true;
    const initiatorId = await ctx.userId(p.initiator);
    const created = await createProject(
      { db, storage: ctx.storage ?? createMemoryStorage() },
      {
        initiatorId,
        now: at(p.createdAt),
        // Covers only where the seed has real storage (npm start, db:seed); tests skip the drawing.
        cover: ctx.storage ? await drawCover(p.title, p.category) : undefined,
        project: {
          title: p.title,
          summary: p.summary,
          story: p.story,
          neighbourhoodId: p.neighbourhood,
          category: p.category,
          goal: p.goalCents,
          fundingModel: p.fundingModel,
          durationDays: p.durationDays,
          removeCover: false,
          lines: p.lines.map(([description, amountCents]) => ({ description, amountCents })),
        },
        companion: p.loanTerms ? async (trx, projectId) => (await saveLoanTermsTx(trx, projectId, p.loanTerms!, at(p.createdAt)), null) : undefined,
      },
    );
    if (!created.ok) throw new Error(`seed project ${p.slug}: ${created.error}`);
    // The slug is derived from the title; the demo wants stable, documented slugs.
    await db.updateTable("projects").set({ slug: p.slug }).where("slug", "=", created.slug).execute();
    const { id } = await db.selectFrom("projects").select("id").where("slug", "=", p.slug).executeTakeFirstOrThrow();
    const tierIds: string[] = [];
    for (const tier of p.tiers ?? []) {
      const saved = await saveTier(db, {
        projectId: id,
        actorId: initiatorId,
        now: at(p.createdAt),
        tier: { title: tier.title, description: tier.description, minAmount: tier.minCents, quantity: tier.quantity, pickupNote: tier.pickupNote },
      });
      if (!saved.ok) throw new Error(`seed tier ${p.slug}: ${saved.error}`);
      tierIds.push(saved.tierId);
    }
    const initiator: Actor = { id: initiatorId, role: "member" };
    const moderator: Actor = { id: moderatorId, role: "moderator" };
    type Step = { at: number; run: () => Promise<void> };
    const steps: Step[] = p.path.map((s) => ({
      at: s.at,
      run: async () => {
        const when = at(s.at);
        const [actor, event]: [Actor, ProjectEvent] =
          s.step === "submit"
            ? [initiator, { type: "submit" }]
            : s.step === "request_changes"
              ? [moderator, { type: "request_changes", message: s.message }]
              : s.step === "approve"
                ? [moderator, { type: "approve" }]
                : s.step === "launch"
                  ? [initiator, { type: "launch", now: when }]
                  : [moderator, { type: "cancel", by: "moderator", reason: s.reason }];
        const result = await applyProjectEvent(db, { projectId: id, actor, event, now: when }, effects);
        if (!result.ok) throw new Error(`seed ${p.slug} ${s.step}: ${result.error}`);
      },
    }));
    for (const pledge of p.pledges ?? []) {
      let pledgeId = "";
      steps.push({
        at: pledge.at,
        run: async () => {
          const when = at(pledge.at);
          sim.setTime(when);
          const backerId = await ctx.userId(pledge.backer);
          if (pledge.via)
            await seedShareVisit(db, {
              projectId: id,
              ambassadorId: await ctx.userId(pledge.via),
              backerId,
              shown: pledge.viaShown ?? false,
              at: at(pledge.at - 1),
            });
          const made = await pledgeToProject(db, {
            projectId: id,
            backerId,
            amountCents: pledge.amount,
            tierId: pledge.tier === undefined ? null : tierIds[pledge.tier]!,
            message: pledge.message ?? "",
            visibility: pledge.visibility ?? "initiator",
            token: `seed-${p.slug}-${pledge.backer}`,
            paymentMethodRef: await methodOf(pledge.backer, pledge.card ?? "4242"),
            now: when,
          });
          if (!made.ok) throw new Error(`seed pledge ${p.slug}/${pledge.backer}: ${made.error}`);
          pledgeId = made.pledgeId;
          if (made.chargeAttemptId) await runPaymentAttempt(sim.deps(), made.chargeAttemptId);
        },
      });
      if (pledge.cancelAt !== undefined) {
        const cancelAt = pledge.cancelAt;
        steps.push({
          at: cancelAt,
          run: async () => {
            const r = await cancelPledge(db, { pledgeId, backerId: await ctx.userId(pledge.backer), now: at(cancelAt) });
            if (!r.ok) throw new Error(`seed cancel ${p.slug}/${pledge.backer}: ${r.error}`);
          },
        });
      }
    }
    for (const u of p.updates ?? []) {
      steps.push({
        at: u.at,
        run: async () => {
          const posted = await postUpdate(db, { projectId: id, actorId: initiatorId, title: u.title, body: u.body, now: at(u.at) });
          if (!posted.ok) throw new Error(`seed update ${p.slug}: ${posted.error}`);
        },
      });
    }
    steps.sort((x, y) => x.at - y.at);
    for (const step of steps) {
      // The deadline may pass between two steps: settle exactly when it does, as the job would.
      await settleIfDue(db, sim, id, at(step.at));
      await step.run();
    }
    await settleIfDue(db, sim, id, now);
    if (p.paidOutAt !== undefined) {
      const when = at(p.paidOutAt);
      await dropExpiredPledges(db, when);
      await payOutDemoProject(db, sim, id, initiatorId, when);
    }
  }
  await dropExpiredPledges(db, now);
  if (seededAny) await markDemoHistoryRead(db, now);
}

/**
 * The seeded projects are history: their notifications are in everyone's list, already read, so
 * the demo starts with a quiet bell (as the lending seed does).
 */
async function markDemoHistoryRead(db: SeedContext["db"], now: Date): Promise<void> {
  const users = await db.selectFrom("users").select("id").where("email", "like", "%@demo.buurtkracht.nl").execute();
  for (const u of users) await markAllRead(db, u.id, now);
}

/**
 * The payout, as an initiator does it: onboarding on the simulated Connect page, the payout job,
 * and the bank's "paid" (applied directly: the seed's gateway delivers no events, and running the
 * simulator's sweep here would settle other demo payments too).
 */
async function payOutDemoProject(
  db: SeedContext["db"],
  sim: ReturnType<typeof seedGateway>,
  projectId: string,
  initiatorId: string,
  when: Date,
): Promise<void> {
  sim.setTime(when);
  const user = await db.selectFrom("users").select(["email", "display_name"]).where("id", "=", initiatorId).executeTakeFirstOrThrow();
  const deps = { db, gateway: sim.gateway, logger: createLogger("silent"), now: () => when };
  const appUrl = process.env.APP_URL ?? "http://localhost:3000";
  const link = await startPayoutOnboarding(deps, { userId: initiatorId, email: user.email, returnUrl: appUrl, refreshUrl: appUrl });
  if (!link.ok) throw new Error(`seed payout onboarding: ${link.error}`);
  const token = new URL(link.url).pathname.split("/").pop() ?? "";
  const onboarded = await sim.gateway.onboarding.submit(token, { holderName: user.display_name, bank: "rabobank" });
  if (!onboarded.ok) throw new Error(`seed payout onboarding: ${onboarded.error}`);
  const row = await getPayoutAccountRow(db, initiatorId, "simulated");
  const account = row ? await sim.gateway.getConnectedAccount(row.account_id) : null;
  if (!account) throw new Error("seed payout: no connected account");
  await db.transaction().execute((trx) => recordAccountStatusTx(trx, account, when));
  await createDuePayouts(db, "simulated", when);
  await sendPendingPayouts(deps, effects);
  const payout = await db.selectFrom("payouts").select("id").where("project_id", "=", projectId).where("status", "=", "in_transit").executeTakeFirst();
  if (!payout) throw new Error("seed payout: the payout was not sent");
  await applyPayoutEvent(db, { payoutId: payout.id, event: { type: "paid" }, now: when }, effects);
}

/** Runs settlement for one project if its deadline lies before `until` (at the deadline itself). */
async function settleIfDue(db: SeedContext["db"], sim: ReturnType<typeof seedGateway>, projectId: string, until: Date): Promise<void> {
  const row = await db.selectFrom("projects").select(["status", "ends_at", "funding_model"]).where("id", "=", projectId).executeTakeFirstOrThrow();
  if (!row.ends_at || row.ends_at > until) return;
  if (row.status === "live") {
    sim.setTime(row.ends_at);
    await settleDueProjects(db, row.ends_at, effects);
  }
  const status = (await db.selectFrom("projects").select("status").where("id", "=", projectId).executeTakeFirstOrThrow()).status;
  if (status === "succeeded") {
    sim.setTime(row.ends_at);
    await chargeDuePledges(sim.deps());
  }
}

/** Comments need backers: run after the pledges. */
export async function seedComments(ctx: SeedContext): Promise<void> {
  const { db, now } = ctx;
  let posted = false;
  const comments: { slug: string; author: string; body: string; at: number; hidden?: boolean }[] = [
    { slug: "moestuin-op-het-javaplein", author: "eva", body: "Wat een goed idee! Mag ik meehelpen met zaaien?", at: -6 },
    { slug: "moestuin-op-het-javaplein", author: "anna", body: "Natuurlijk Eva, zaterdag om 10 uur op het plein!", at: -5 },
    { slug: "geveltuinen-oude-noorden", author: "lotte", body: "Onze straat doet mee, we hebben al acht adressen.", at: -8 },
  ];
  for (const c of comments) {
    const project = await db.selectFrom("projects").select("id").where("slug", "=", c.slug).executeTakeFirst();
    if (!project) continue;
    const authorId = await ctx.userId(c.author);
    const exists = await db
      .selectFrom("project_comments")
      .select("id")
      .where("project_id", "=", project.id)
      .where("author_id", "=", authorId)
      .where("body", "=", c.body)
      .executeTakeFirst();
    if (exists) continue;
    await postComment(db, { projectId: project.id, authorId, body: c.body, now: new Date(now.getTime() + c.at * DAY) });
    posted = true;
  }
  if (posted) await markDemoHistoryRead(db, now);
}

/**
 * A demo visit through an ambassador's share link (issue 16), through the ambassadors' own functions:
 * the code, the touch (a fixed visitor id per backer), the opt-in to be thanked.
 */
async function seedShareVisit(db: SeedContext["db"], v: { projectId: string; ambassadorId: string; backerId: string; shown: boolean; at: Date }) {
  const code = await ensureShareCode(db, { userId: v.ambassadorId, projectId: v.projectId, now: v.at });
  await recordTouch(db, { code, projectId: v.projectId, visitorId: `demo${v.backerId.replace(/-/g, "")}`.slice(0, 24), userId: v.backerId, now: v.at });
  if (v.shown) await setShowPublicly(db, { userId: v.ambassadorId, projectId: v.projectId, show: true, now: v.at });
}
