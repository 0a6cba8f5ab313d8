import { createHash } from "node:crypto";
import { addDays, startOfDay, today } from "../lending/days";
import type { ItemAudience, ItemCategory, ItemCondition } from "../lending/item";
import type { LoanEvent } from "../lending/loan";
import { applyLoanEvent, confirmHandover, fileClaim, lendItemToProject, requestLoan } from "../lending/loans.server";
import { postLoanMessage } from "../lending/messages.server";
import { postWanted } from "../lending/wanted.server";
import { offerLoanForNeed } from "../needs/loan-needs.server";
import { addNeed } from "../needs/offers.server";
import { markAllRead } from "../notifications/notifications.server";
import { applyDepositEvent } from "../lending/deposit-records.server";
import { seedSimulatedCustomer } from "../payments/simulated/seed.server";
import { CARD } from "../payments/simulated/testing.server";
import { storeImage } from "../storage/images.server";
import { createMemoryStorage } from "../storage/storage.server";
import type { SeedContext } from "./context.server";
import { svgToJpeg, titleText } from "./draw.server";

/**
 * The demo lending library: 42 items across every category in the three demo neighbourhoods,
 * photos drawn with sharp, wanted posts, and loans in every state — made with the same functions
 * the pages use, at past moments, so the lending ledger is what it would have been.
 * Idempotent: items have fixed ids; loans and wanted posts are only made on a first run.
 */
type SeedItem = [
  key: string,
  owner: string,
  title: string,
  description: string,
  category: ItemCategory,
  condition: ItemCondition,
  deposit: number,
  fee: number,
  maxDays: number,
  audience?: ItemAudience,
];

const items: SeedItem[] = [
  [
    "drill",
    "mohammed",
    "Bosch boormachine (klopboor)",
    "Klopboormachine met snoer, boort door beton en steen. Een borenset zit erbij.",
    "tools",
    "good",
    0,
    0,
    7,
  ],
  ["ladder", "mohammed", "Aluminium ladder 3-delig", "Reformladder, 3 x 9 treden, tot ongeveer 6 meter werkhoogte.", "tools", "good", 0, 0, 5],
  ["jigsaw", "mohammed", "Decoupeerzaag Makita", "Met drie zaagbladen voor hout en één voor metaal.", "tools", "as_new", 0, 0, 7],
  ["tilecutter", "mohammed", "Tegelsnijder 60 cm", "Handmatige tegelsnijder voor wand- en vloertegels.", "tools", "fair", 20, 0, 7],
  ["sander", "mohammed", "Schuurmachine (vlakschuurder)", "Vlakschuurmachine met stofzak en een stapel schuurpapier.", "tools", "good", 0, 0, 7],
  ["screwdriver", "mohammed", "Accuschroefmachine 18V", "Met twee accu's en een lader. Bitset zit erbij.", "tools", "good", 0, 0, 7],
  ["level", "mohammed", "Waterpas en laserafstandsmeter", "Waterpas van 120 cm en een Bosch laserafstandsmeter.", "tools", "as_new", 0, 0, 7],
  ["planks", "mohammed", "Steigerplanken (4 stuks)", "Vier steigerplanken van 2,5 meter. Zwaar: neem hulp mee.", "other", "worn", 0, 0, 14],
  ["mower", "anna", "Elektrische grasmaaier", "Grasmaaier met snoer van 20 meter, maaibreedte 37 cm.", "garden", "good", 0, 0, 3],
  ["hedge", "anna", "Heggenschaar op accu", "Lichte heggenschaar, accu gaat ongeveer een uur mee.", "garden", "good", 0, 0, 3],
  ["wheelbarrow", "anna", "Kruiwagen", "Stevige kruiwagen met luchtband.", "garden", "worn", 0, 0, 7],
  ["karcher", "anna", "Hogedrukreiniger Kärcher", "Voor terras, fietsen en schuttingen. Met terrasreiniger.", "garden", "good", 50, 0, 3],
  ["fondue", "eva", "Fondueset voor 8 personen", "Elektrische fondue met acht vorkjes.", "kitchen", "as_new", 0, 0, 4],
  ["gourmet", "eva", "Gourmetstel", "Gourmetstel voor zes personen met grillplaat.", "kitchen", "good", 0, 0, 4],
  ["souppan", "eva", "Grote soeppan (20 liter)", "Voor de buurtmaaltijd of een feest.", "kitchen", "good", 0, 0, 7],
  ["raclette", "eva", "Raclette-grill", "Raclette met steengrillplaat, voor acht.", "kitchen", "fair", 0, 0, 4],
  ["bikeseat", "kees", "Kinderfietszitje (achter)", "Past op de meeste bagagedragers, tot 22 kilo.", "kids", "good", 0, 0, 30],
  ["tent4", "kees", "Tent voor 4 personen", "Koepeltent, in tien minuten opgezet.", "travel", "good", 40, 0, 14],
  ["roofbox", "kees", "Dakkoffer Thule (420 liter)", "Met dakdragers voor de meeste auto's.", "travel", "good", 75, 2, 21],
  [
    "partytent36",
    "wijkfonds",
    "Partytent 3x6 meter",
    "Witte partytent met zijwanden, voor straatfeesten in de buurt.",
    "party",
    "good",
    50,
    0,
    4,
    "neighbourhood",
  ],
  ["standtables", "wijkfonds", "Statafels (4 stuks)", "Inklapbare statafels met witte rokken.", "party", "good", 0, 0, 4, "neighbourhood"],
  [
    "sound",
    "wijkfonds",
    "Geluidsinstallatie met microfoon",
    "Twee speakers, mengpaneel en een draadloze microfoon.",
    "electronics",
    "good",
    150,
    5,
    3,
    "neighbourhood",
  ],
  ["partytent33", "sanne", "Partytent 3x3", "Groene partytent, makkelijk op te zetten met twee personen.", "party", "good", 0, 0, 4],
  ["chairs", "sanne", "Klapstoelen (10 stuks)", "Tien houten klapstoelen.", "party", "fair", 0, 0, 5],
  ["lanterns", "sanne", "Slingers en lampionnen", "Een doos vol slingers, vlaggetjes en lampionnen.", "party", "worn", 0, 0, 7],
  ["popcorn", "sanne", "Popcornmachine", "Voor kinderfeestjes en filmavonden.", "kitchen", "good", 0, 3, 3],
  [
    "trailer",
    "pieter",
    "Aanhangwagen (750 kg)",
    "Geremde aanhanger met huif, voor verhuizingen en het grofvuil.",
    "travel",
    "good",
    200,
    10,
    3,
    "previous_borrowers",
  ],
  ["chainsaw", "pieter", "Kettingzaag", "Benzine kettingzaag. Alleen voor wie ermee kan werken.", "garden", "fair", 100, 0, 2, "previous_borrowers"],
  ["hammerdrill", "pieter", "Klopboor Bosch GSB", "Lichte klopboor voor in huis.", "tools", "good", 0, 0, 7],
  ["crowbar", "pieter", "Koevoet en breekijzer", "Voor sloopwerk en het lichten van tegels.", "tools", "worn", 0, 0, 14],
  ["beamer", "daan", "Beamer met scherm", "Full HD beamer met een opklapbaar scherm van 2 meter.", "electronics", "good", 100, 0, 3],
  ["console", "daan", "Spelcomputer met 2 controllers", "Met een paar spellen voor de hele familie.", "electronics", "good", 0, 0, 7],
  ["goals", "daan", "Voetbaldoeltjes (2)", "Twee opvouwbare doeltjes voor op het veldje.", "sports", "good", 0, 0, 14],
  ["badminton", "daan", "Badmintonset", "Vier rackets, shuttles en een net.", "sports", "fair", 0, 0, 14],
  ["sewing", "fatma", "Naaimachine Singer", "Voor zomen, gordijnen en kleine reparaties.", "other", "good", 0, 0, 14],
  ["solder", "fatma", "Soldeerbout en multimeter", "Uit het repaircafé: soldeerstation en multimeter.", "electronics", "good", 0, 0, 7],
  ["waffle", "fatma", "Wafelijzer", "Voor Brusselse wafels.", "kitchen", "good", 0, 0, 4],
  ["ladder4", "joost", "Ladder 4 meter", "Enkele ladder van 4 meter, aluminium.", "tools", "good", 0, 0, 5],
  ["pram", "joost", "Kinderwagen", "Kinderwagen met reiswieg, voor logeerpartijen.", "kids", "good", 50, 0, 30],
  ["carseat", "lotte", "Autostoeltje (groep 1)", "Voor kinderen van 9 tot 18 kilo, isofix.", "kids", "as_new", 0, 0, 30],
  ["skate", "lotte", "Skateboard en helm", "Skateboard met helm en beschermers.", "sports", "fair", 0, 0, 14],
  ["suitcase", "lotte", "Rolkoffer groot", "Harde rolkoffer van 90 liter.", "travel", "good", 0, 0, 21],
];

const palette: Record<ItemCategory, [string, string]> = {
  tools: ["#0f5132", "#e8772e"],
  garden: ["#2f6b1f", "#f2d06b"],
  kitchen: ["#7c2d12", "#fde68a"],
  party: ["#6d28d9", "#fbcfe8"],
  sports: ["#1d4ed8", "#bfdbfe"],
  kids: ["#be185d", "#fce7f3"],
  electronics: ["#1f2937", "#93c5fd"],
  travel: ["#0e7490", "#cffafe"],
  other: ["#44403c", "#e7e5e4"],
};

/** A stable uuid for a seed key, so reruns find the same rows. */
export function seedUuid(key: string): string {
  const h = createHash("sha256").update(`buurtkracht-seed:${key}`).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

async function drawPhoto(title: string, category: ItemCategory, variant = 0): Promise<Buffer> {
  const [bg, fg] = palette[category];
  // 800 × 600 (the card size): drawing and resizing stay fast enough for a first start.
  const text = titleText(title, { width: 18, cx: 400, cy: 290, fontSize: 50, lineHeight: 60 });
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="800" height="600">
    <rect width="800" height="600" fill="${bg}"/>
    <circle cx="${130 + variant * 200}" cy="120" r="170" fill="${fg}" opacity="0.35"/>
    <rect x="510" y="370" width="350" height="350" rx="40" fill="${fg}" opacity="0.25" transform="rotate(${15 + variant * 10} 670 530)"/>
    ${text}
  </svg>`;
  return svgToJpeg(svg);
}

/** Made-up street addresses in each demo neighbourhood (issue 13 §18: not "Adres van fatma"). */
const demoStreets: Record<string, readonly string[]> = {
  "indische-buurt": ["Javastraat", "Sumatrastraat", "Balistraat", "Celebesstraat", "Molukkenstraat"],
  lombok: ["Kanaalstraat", "Damstraat", "Bankastraat", "Billitonkade", "Riouwstraat"],
  "oude-noorden": ["Zaagmolenstraat", "Bergweg", "Jacob Loisstraat", "Zwaanshals", "Schiekade"],
};

function pickupAddress(owner: string, neighbourhoodId: string | null, postcode4: string | null): string {
  if (owner === "wijkfonds") return "Buurthuis, Javaplein 21, 1094 HW Amsterdam";
  const streets = demoStreets[neighbourhoodId ?? ""] ?? ["Dorpsstraat"];
  const n = [...owner].reduce((sum, c) => sum + c.charCodeAt(0), 0);
  const letters = ["AB", "CK", "EH", "GL", "KM", "RS"][n % 6];
  return `${streets[n % streets.length]} ${(n % 140) + 3}, ${postcode4 ?? "1000"} ${letters}`;
}

export async function seedLending(ctx: SeedContext): Promise<void> {
  const { db, now } = ctx;
  const users: Record<string, string> = {};
  for (const key of new Set(items.map((i) => i[1]).concat(["eva", "anna", "kees", "pieter", "daan", "joost", "lotte", "fatma", "mohammed", "sanne"])))
    users[key] = await ctx.userId(key);
  const ids: Record<string, string> = {};
  const listedAt = new Date(now.getTime() - 60 * 86_400_000);

  for (const [key, owner, title, description, category, condition, deposit, fee, maxDays, audience] of items) {
    const id = seedUuid(`item:${key}`);
    ids[key] = id;
    const ownerRow = await db.selectFrom("users").select(["neighbourhood_id", "postcode4"]).where("id", "=", users[owner]!).executeTakeFirstOrThrow();
    const inserted = await db
      .insertInto("items")
      .values({
        id,
        owner_id: users[owner]!,
        title,
        description,
        category,
        condition,
        // Twice the deposit: what a new member (trust level 0) may borrow stays within the gates (€ 100).
        replacement_value_cents: deposit > 0 ? deposit * 200 : null,
        deposit_cents: deposit * 100,
        fee_per_day_cents: fee * 100,
        max_loan_days: maxDays,
        audience: audience ?? "everyone",
        neighbourhood_id: ownerRow.neighbourhood_id,
        postcode4: ownerRow.postcode4,
        pickup_address: pickupAddress(owner, ownerRow.neighbourhood_id, ownerRow.postcode4),
        status: "listed",
        created_at: listedAt,
        updated_at: listedAt,
      })
      .onConflict((oc) => oc.column("id").doNothing())
      .returning("id")
      .executeTakeFirst();
    if (inserted) {
      await db
        .insertInto("item_events")
        .values({ item_id: id, actor_id: users[owner]!, kind: "listed", from_status: null, to_status: "listed", occurred_at: listedAt })
        .execute();
    }
    if (ctx.storage) {
      const hasPhoto = await db.selectFrom("item_photos").select("upload_id").where("item_id", "=", id).executeTakeFirst();
      if (!hasPhoto) {
        const stored = await storeImage(db, ctx.storage, {
          ownerId: users[owner]!,
          purpose: "item_photo",
          data: await drawPhoto(title, category, key.length % 3),
          now: ctx.now,
        });
        if (!stored.ok) throw new Error(`seed photo for ${key}: ${stored.error}`);
        await db.insertInto("item_photos").values({ item_id: id, upload_id: stored.image.id, position: 0 }).execute();
      }
    }
  }

  const anyLoan = await db.selectFrom("loans").select("id").where("item_id", "in", Object.values(ids)).limit(1).executeTakeFirst();
  if (!anyLoan) await seedLoans(ctx, users, ids);
  const anyWanted = await db
    .selectFrom("wanted_posts")
    .select("id")
    .where("author_id", "in", [users.eva!, users.daan!, users.lotte!])
    .limit(1)
    .executeTakeFirst();
  if (!anyWanted) await seedWanted(ctx, users);
  if (!anyLoan || !anyWanted) {
    // The seeded loans and wanted matches are history: their notifications are in everyone's
    // list, already read, so the demo starts with a quiet bell.
    for (const userId of Object.values(users)) await markAllRead(db, userId, now);
  }
}

/**
 * Items lent to live projects: after the projects (seedLending runs before them, so that the
 * initiators' completed loans give them the trust level a project needs; docs/reputation.md).
 */
export async function seedProjectLending(ctx: SeedContext): Promise<void> {
  const { db, now } = ctx;
  const users: Record<string, string> = {};
  for (const key of new Set(items.map((i) => i[1]).concat(["eva", "anna", "kees", "pieter", "daan", "joost", "lotte", "fatma", "mohammed", "sanne"])))
    users[key] = await ctx.userId(key);
  const ids: Record<string, string> = Object.fromEntries(items.map(([key]) => [key, seedUuid(`item:${key}`)]));
  const projectLoans = await seedProjectLoans(ctx, users, ids);
  if (projectLoans > 0) for (const userId of Object.values(users)) await markAllRead(db, userId, now);
}

async function seedLoans(ctx: SeedContext, users: Record<string, string>, ids: Record<string, string>) {
  const { db, now } = ctx;
  const storage = ctx.storage ?? createMemoryStorage();
  const day0 = today(now);
  const d = (n: number) => addDays(day0, n);
  /** A moment on day n (Amsterdam), at `hour` o'clock — never after now. */
  const at = (n: number, hour: number) => {
    const t = new Date(startOfDay(d(n)).getTime() + hour * 3_600_000);
    return t.getTime() > now.getTime() ? new Date(now.getTime() - 60_000) : t;
  };
  const ok = <T extends { ok: boolean }>(what: string, r: T): T => {
    if (!r.ok) throw new Error(`seed loan ${what}: ${JSON.stringify(r)}`);
    return r;
  };
  const ask = async (what: string, item: string, borrower: string, from: number, to: number, when: Date, message = "") => {
    const r = ok(what, await requestLoan(db, { itemId: ids[item]!, borrowerId: users[borrower]!, startsOn: d(from), endsOn: d(to), message, now: when }));
    return (r as { loanId: string }).loanId;
  };
  const act = (what: string, loanId: string, who: string | null, event: LoanEvent, when: Date, note?: string) =>
    applyLoanEvent(db, loanId, who ? { kind: "user", userId: users[who]!, isModerator: who === "kees" } : { kind: "system" }, event, { now: when, note }).then(
      (r) => ok(what, r),
    );
  const handover = async (what: string, loanId: string, owner: string, borrower: string, when: Date, note?: string) => {
    ok(what, await confirmHandover(db, storage, { loanId, by: { userId: users[owner]! }, note, now: when }));
    ok(what, await confirmHandover(db, storage, { loanId, by: { userId: users[borrower]! }, now: new Date(when.getTime() + 5 * 60_000) }));
  };

  // Closed loans: the track records neighbours see.
  const drill = await ask("closed drill", "drill", "eva", -28, -26, at(-30, 20), "Mag ik je boormachine lenen voor de nieuwe planken?");
  await act("closed drill", drill, "mohammed", { type: "accept" }, at(-29, 9));
  await handover("closed drill", drill, "mohammed", "eva", at(-28, 10), "Werkt prima, boren in de koffer.");
  await act("closed drill", drill, "mohammed", { type: "confirm_return" }, at(-26, 17), "Netjes terug, dank je!");
  await act("closed drill", drill, "mohammed", { type: "close" }, at(-26, 17));

  const ladder = await ask("closed ladder", "ladder", "anna", -20, -19, at(-22, 12));
  await act("closed ladder", ladder, "mohammed", { type: "accept" }, at(-22, 18));
  await handover("closed ladder", ladder, "mohammed", "anna", at(-20, 9));
  await act("closed ladder", ladder, "mohammed", { type: "confirm_return" }, at(-19, 19));
  await act("closed ladder", ladder, null, { type: "close" }, at(-17, 20));

  const chairs = await ask("closed chairs", "chairs", "pieter", -15, -14, at(-18, 10), "Voor de verjaardag van mijn dochter.");
  await act("closed chairs", chairs, "sanne", { type: "accept" }, at(-18, 14));
  await handover("closed chairs", chairs, "sanne", "pieter", at(-15, 9));
  await act("closed chairs", chairs, "sanne", { type: "confirm_return" }, at(-14, 20));
  await act("closed chairs", chairs, "sanne", { type: "close" }, at(-14, 20));

  const waffle = await ask("closed waffle", "waffle", "joost", -12, -11, at(-13, 10));
  await act("closed waffle", waffle, "fatma", { type: "accept" }, at(-13, 12));
  await handover("closed waffle", waffle, "fatma", "joost", at(-12, 10));
  await act("closed waffle", waffle, "fatma", { type: "confirm_return" }, at(-11, 18));
  await act("closed waffle", waffle, "fatma", { type: "close" }, at(-11, 18));

  // Brought back a day late: overdue first, then returned and closed.
  const ladder4 = await ask("late ladder", "ladder4", "lotte", -10, -9, at(-11, 9));
  await act("late ladder", ladder4, "joost", { type: "accept" }, at(-11, 11));
  await handover("late ladder", ladder4, "joost", "lotte", at(-10, 9));
  await act("late ladder", ladder4, null, { type: "mark_overdue" }, at(-8, 1));
  await act("late ladder", ladder4, "joost", { type: "confirm_return" }, at(-8, 15), "Een dag te laat, maar in orde.");
  await act("late ladder", ladder4, "joost", { type: "close" }, at(-8, 15));

  // Requested: waiting for the owner.
  const jigsaw = await ask(
    "requested jigsaw",
    "jigsaw",
    "eva",
    2,
    4,
    new Date(now.getTime() - 2 * 3_600_000),
    "Hoi Mohammed, ik wil een boekenkast op maat zagen. Gaat het lukken dit weekend?",
  );
  await postLoanMessage(db, { loanId: jigsaw, authorId: users.eva!, body: "Ik kan hem zaterdagochtend ophalen.", now: new Date(now.getTime() - 90 * 60_000) });
  await ask("requested popcorn", "popcorn", "daan", 5, 6, new Date(now.getTime() - 5 * 3_600_000), "For my son's birthday party!");

  // Accepted: pickup tomorrow; and one with a deposit still to arrange.
  const sander = await ask("accepted sander", "sander", "anna", 1, 2, at(-1, 10));
  await act("accepted sander", sander, "mohammed", { type: "accept" }, at(-1, 14));
  const tent = await ask("accepted partytent", "partytent36", "kees", 7, 8, at(-2, 10), "Voor het straatfeest in de Balistraat.");
  await act("accepted partytent", tent, "wijkfonds", { type: "accept" }, at(-1, 9));
  // Kees arranged the € 100 deposit with a saved card (in the simulated gateway); the hold is
  // placed for real at pickup.
  const kees = await db.selectFrom("users").select(["email", "display_name"]).where("id", "=", users.kees!).executeTakeFirstOrThrow();
  const card = await seedSimulatedCustomer(db, { userId: users.kees!, email: kees.email, name: kees.display_name, now: at(-1, 10), cards: [CARD.succeeds] });
  const method = card.methods[0]!;
  await db
    .transaction()
    .execute((trx) =>
      applyDepositEvent(
        trx,
        tent,
        "method_saved",
        { customer_id: card.customerId, payment_method_id: method.id, method_type: method.type, method_label: method.label },
        at(-1, 10),
        { seeded: true },
      ),
    );

  // Declined, with a note.
  const tiles = await ask("declined tiles", "tilecutter", "kees", 3, 3, at(-1, 8));
  await act("declined tiles", tiles, "mohammed", { type: "decline" }, at(-1, 12), "Sorry Kees, die heb ik zelf nodig deze week.");

  // Expired: nobody answered within 48 hours.
  const mower = await ask("expired mower", "mower", "eva", -2, -1, at(-5, 10));
  await act("expired mower", mower, null, { type: "expire" }, at(-3, 11));

  // Cancelled after acceptance, with a reason.
  const tent33 = await ask("cancelled tent", "partytent33", "pieter", 10, 11, at(-3, 9));
  await act("cancelled tent", tent33, "sanne", { type: "accept" }, at(-3, 12));
  await act(
    "cancelled tent",
    tent33,
    "sanne",
    { type: "cancel", reason: "Ik heb hem zelf nodig voor een verjaardag, sorry!" },
    at(-2, 9),
    "Ik heb hem zelf nodig voor een verjaardag, sorry!",
  );

  // Picked up, with an extension waiting for the owner.
  const hammer = await ask("picked up drill", "hammerdrill", "daan", -1, 3, at(-2, 9), "Need to hang some shelves.");
  await act("picked up drill", hammer, "pieter", { type: "accept" }, at(-2, 13));
  await handover("picked up drill", hammer, "pieter", "daan", at(-1, 10), "Kleine kras op de behuizing.");
  await postLoanMessage(db, { loanId: hammer, authorId: users.daan!, body: "Thanks Pieter! Could I keep it two more days?", now: at(0, 8) });
  await act("picked up drill", hammer, "daan", { type: "request_extension", newEndsOn: d(5) }, at(0, 8), "The shelves take longer than planned.");

  // Overdue: the last day has passed.
  const solder = await ask("overdue solder", "solder", "joost", -6, -2, at(-7, 10));
  await act("overdue solder", solder, "fatma", { type: "accept" }, at(-7, 12));
  await handover("overdue solder", solder, "fatma", "joost", at(-6, 11));
  await act("overdue solder", solder, null, { type: "mark_overdue" }, at(-1, 0));

  // Returned: the claim window is still open.
  const sewing = await ask("returned sewing", "sewing", "lotte", -4, -2, at(-5, 9));
  await act("returned sewing", sewing, "fatma", { type: "accept" }, at(-5, 10));
  await handover("returned sewing", sewing, "fatma", "lotte", at(-4, 10));
  await act("returned sewing", sewing, "fatma", { type: "confirm_return" }, new Date(now.getTime() - 3 * 3_600_000));

  // Claimed: damage reported (no deposit on this item: a € 0 report, for the record).
  const photo = await drawPhoto("Beschadigd", "garden", 1);
  const hedge = await ask("claimed hedge", "hedge", "eva", -3, -2, at(-4, 9));
  await act("claimed hedge", hedge, "anna", { type: "accept" }, at(-4, 11));
  await handover("claimed hedge", hedge, "anna", "eva", at(-3, 9));
  await act("claimed hedge", hedge, "anna", { type: "confirm_return" }, new Date(now.getTime() - 30 * 3_600_000));
  ok(
    "claimed hedge",
    await fileClaim(db, storage, {
      loanId: hedge,
      by: { userId: users.anna! },
      amountCents: 0,
      description: "Het mes is bot en de beschermkap is kwijt.",
      photos: [photo],
      now: new Date(now.getTime() - 20 * 3_600_000),
    }),
  );
  await act(
    "claimed hedge",
    hedge,
    "eva",
    { type: "dispute_claim" },
    new Date(now.getTime() - 10 * 3_600_000),
    "De kap zat er al niet op toen ik hem ophaalde.",
  );

  // Resolved: the borrower accepted the claim.
  const gourmet = await ask("resolved gourmet", "gourmet", "anna", -14, -13, at(-15, 9));
  await act("resolved gourmet", gourmet, "eva", { type: "accept" }, at(-15, 12));
  await handover("resolved gourmet", gourmet, "eva", "anna", at(-14, 16));
  await act("resolved gourmet", gourmet, "eva", { type: "confirm_return" }, at(-13, 11));
  ok(
    "resolved gourmet",
    await fileClaim(db, storage, {
      loanId: gourmet,
      by: { userId: users.eva! },
      amountCents: 0,
      description: "Eén grillpannetje is gebroken.",
      photos: [photo],
      now: at(-13, 15),
    }),
  );
  await act("resolved gourmet", gourmet, "anna", { type: "accept_claim" }, at(-12, 10), "Klopt, sorry! Ik koop een nieuw pannetje.");
}

/** Items for projects: Mohammed lends his scaffolding planks to the vegetable garden project. */
async function seedProjectLoans(ctx: SeedContext, users: Record<string, string>, ids: Record<string, string>): Promise<number> {
  const { db, now } = ctx;
  const project = await db
    .selectFrom("projects")
    .select(["id", "initiator_id"])
    .where("slug", "=", "moestuin-op-het-javaplein")
    .where("status", "=", "live")
    .executeTakeFirst();
  if (!project) return 0;
  const already = await db.selectFrom("loans").select("id").where("borrower_project_id", "=", project.id).limit(1).executeTakeFirst();
  if (already) return 0;
  const day0 = today(now);
  // A material need filled from the lending library (issue 11): the planks are lent FOR it, so the
  // need shows as found once Anna accepts the loan.
  const need = await addNeed(db, {
    projectId: project.id,
    actorId: project.initiator_id,
    need: { kind: "item", title: "Steigerplanken voor de bakken", description: "Oud hout is prima.", neededOn: addDays(day0, 5), needed: 1 },
    now: new Date(now.getTime() - 3 * 3_600_000),
  });
  if (!need.ok) throw new Error(`seed project need: ${need.error}`);
  const lentAt = new Date(now.getTime() - 2 * 3_600_000);
  const offered = await lendItemToProject(
    db,
    {
      ownerId: users.mohammed!,
      itemId: ids.planks!,
      project: { id: project.id, contactUserId: project.initiator_id },
      startsOn: addDays(day0, 5),
      endsOn: addDays(day0, 7),
      message: "Voor de plantenbakken: zaag ze gerust op maat, ze zijn oud.",
      now: lentAt,
    },
    offerLoanForNeed({ projectId: project.id, needId: need.needId, ownerId: users.mohammed!, itemTitle: "Steigerplanken (4 stuks)", now: lentAt }),
  );
  if (!offered.ok) throw new Error(`seed project loan: ${offered.error}`);
  const accepted = await applyLoanEvent(
    db,
    offered.loanId,
    { kind: "user", userId: project.initiator_id },
    { type: "accept" },
    { now: new Date(now.getTime() - 3_600_000), note: "Top, dank je wel!" },
  );
  if (!accepted.ok) throw new Error(`seed project loan: ${JSON.stringify(accepted)}`);
  return 1;
}

async function seedWanted(ctx: SeedContext, users: Record<string, string>) {
  const { db, now } = ctx;
  const day0 = today(now);
  const when = new Date(now.getTime() - 3_600_000);
  const posts: [string, string, string, ItemCategory | null, number, number][] = [
    ["eva", "Wie heeft er een ladder?", "Ik wil de dakgoot schoonmaken. Twee dagen is genoeg.", "tools", 3, 4],
    ["daan", "Wie heeft er een aanhanger?", "Moving a sofa to my new place in Lombok.", "travel", 6, 6],
    ["lotte", "Kinderfietszitje gezocht", "Voor een logeerweekend met mijn nichtje.", "kids", 8, 10],
  ];
  for (const [author, title, description, category, from, to] of posts) {
    const r = await postWanted(db, {
      authorId: users[author]!,
      post: { title, description, category, neededFrom: addDays(day0, from), neededUntil: addDays(day0, to) },
      now: when,
    });
    if (!r.ok) throw new Error(`seed wanted ${title}: ${r.error}`);
  }
}
