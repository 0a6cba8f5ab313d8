import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { listJournals } from "../ledger/ledger.server";
import { verifyLedger } from "../ledger/verify.server";
import type { SimulatedGateway } from "../payments/simulated/gateway.server";
import { CARD } from "../payments/simulated/testing.server";
import { startMonthlyGift } from "../recurring/gifts.server";
import { recurringChargesJob } from "../recurring/jobs.server";
import { fundMonthly, getMyGift, listMyGifts } from "../recurring/reads.server";
import { action as newPoolAction } from "../routes/organisations.$slug.pools.new";
import { settleDueJob } from "../settlement/job.server";
import type { AppServices } from "../services.server";
import { createTestDatabase, truncateAll } from "../test/db";
import { addPool } from "../test/matching";
import { pledgedProject } from "../test/pledging";
import { cookieFor, createUsers } from "../test/projects";
import { createTestServices, testContext } from "../test/services";
import type { DatabaseHandle } from "../utils/db.server";
import { extensions } from "../wiring.server";
import { getFundPage, saveFund, readFundMoney } from "./funds.server";
import { createVerifiedOrganisation } from "./organisations.server";
import { createPool } from "./pools.server";

let database: DatabaseHandle;
const start = new Date("2026-12-07T10:00:00Z");
const DAY = 86_400_000;

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => database?.close());
beforeEach(async () => truncateAll(database));

const runGifts = (services: AppServices) => recurringChargesJob.run({ ...services, now: services.clock.now() }, {});
const runSettlement = (services: AppServices) => settleDueJob.run({ ...services, now: services.clock.now() }, {});

async function expectLedgerVerifies() {
  const report = await verifyLedger(database.db, extensions.ledgerChecks);
  expect(report.results.filter((r) => r.problems.length || r.error)).toEqual([]);
}

/** A verified organisation with an admin and an open fund. */
async function fundWorld() {
  const made = createTestServices(database, { start });
  const gateway = made.gateway as SimulatedGateway;
  const tag = Math.random().toString(36).slice(2, 7);
  const [siteAdmin, orgAdmin, lotte, daan] = await createUsers(made.services.db, `f${tag}`, 4);
  await made.services.db.updateTable("users").set({ role: "admin" }).where("id", "=", siteAdmin!).execute();
  const org = await createVerifiedOrganisation(made.services.db, {
    name: `Wijkfonds ${tag}`,
    kind: "fund",
    description: "",
    website: "",
    actor: { id: siteAdmin!, role: "admin" },
    adminUserId: orgAdmin!,
    now: start,
  });
  if (!org.ok) throw new Error(org.error);
  return { ...made, gateway, org, orgAdmin: orgAdmin!, givers: [lotte!, daan!] };
}

type World = Awaited<ReturnType<typeof fundWorld>>;

/** A neighbour gives monthly to the fund, saving a card on the simulated hosted page as in the browser. */
async function giveMonthly(w: World, giverId: string, amountCents: number) {
  const started = await startMonthlyGift(
    { db: w.services.db, gateway: w.services.gateway, appUrl: "http://buurtkracht.test" },
    { giverId, organisationId: w.org.id, amountCents, locale: "nl", now: w.clock.now() },
  );
  if (!started.ok) throw new Error(started.error);
  const sessionId = new URL(started.url).pathname.split("/").pop()!;
  const saved = await w.gateway.hosted.submitCard(sessionId, { number: CARD.succeeds, expMonth: 12, expYear: 2099, cvc: "123" });
  if (!saved.ok) throw new Error("card not saved");
  return started.giftId;
}

const openFund = (w: World) =>
  saveFund(w.services.db, {
    organisationSlug: w.org.slug,
    actor: { id: w.orgAdmin, role: "member" },
    story: "Buren geven elke maand; wij verdelen het over groene projecten in Oost.",
    now: w.clock.now(),
  });

const poolInput = (w: World, budget: number, over: Record<string, unknown> = {}) => ({
  name: "Groen uit het fonds",
  description: "",
  budget,
  ratioPercent: 50,
  capPerProject: Math.min(budget, 50_000),
  neighbourhoodIds: [],
  categories: [],
  minBackers: 0,
  thresholdPercent: null,
  startsOn: new Date(w.clock.now().getTime() - DAY).toISOString().slice(0, 10),
  endsOn: new Date(w.clock.now().getTime() + 60 * DAY).toISOString().slice(0, 10),
  fromFund: true,
  ...over,
});

describe("a neighbourhood fund: monthly gifts in, matches out through its pools", () => {
  it("two givers for two months → a pool funded from the fund → a project matched and succeeded → the match paid from the fund; ledger:verify clean", async () => {
    const w = await fundWorld();
    expect(await openFund(w)).toEqual({ ok: true, opened: true });
    const [lotte, daan] = w.givers as [string, string];
    const lotteGift = await giveMonthly(w, lotte, 5_000);
    await giveMonthly(w, daan, 2_500);
    await runGifts(w.services);
    w.clock.advance(31 * DAY);
    await runGifts(w.services);

    // Every paid month is a journal backer → the fund's account.
    const paidMonths = await listJournals(database.db, { kind: "recurring.paid" });
    expect(paidMonths).toHaveLength(4);
    for (const j of paidMonths) {
      expect(j.refs).toMatchObject({ organisationId: w.org.id });
      expect(j.entries).toEqual(expect.arrayContaining([expect.objectContaining({ account: `organisation_fund:${w.org.id}`, book: "cash" })]));
    }
    expect(await fundMonthly(database.db, w.org.id)).toEqual({ givers: 2, monthlyCents: 7_500, receivedCents: 15_000 });
    await expectLedgerVerifies();

    // "Mijn steun" names the fund and links to its page.
    const mine = await listMyGifts(database.db, lotte);
    expect(mine).toMatchObject([{ targetKind: "fund", targetTitle: expect.stringContaining("Wijkfonds"), targetPath: `/organisations/${w.org.slug}/fund` }]);
    expect(await getMyGift(database.db, lotteGift, lotte)).toMatchObject({ targetKind: "fund", paidMonths: 2, paidCents: 10_000 });
    const notice = await database.db
      .selectFrom("notifications")
      .select("data")
      .where("user_id", "=", lotte)
      .where("kind", "=", "recurring.started")
      .executeTakeFirstOrThrow();
    expect(notice.data).toMatchObject({ giftId: lotteGift, projectSlug: w.org.slug });

    // A pool funded from the fund reserves its budget: € 100 of the € 150.
    const pool = await createPool(database.db, {
      organisationSlug: w.org.slug,
      actor: { id: w.orgAdmin, role: "member" },
      pool: poolInput(w, 10_000),
      now: w.clock.now(),
    });
    if (!pool.ok) throw new Error(pool.error);
    // Each paid month's fees come out of the fund (decision 079): the card's processing fee here.
    const fees = 15_000 - (await readFundMoney(database.db, w.org.id)).cashCents;
    const feeJournals = [...(await listJournals(database.db, { kind: "fee.processing" })), ...(await listJournals(database.db, { kind: "fee.platform" }))];
    expect(fees).toBeGreaterThan(0);
    expect(
      feeJournals
        .flatMap((j) => j.entries)
        .filter((e) => e.account === `organisation_fund:${w.org.id}`)
        .reduce((sum, e) => sum - e.amountCents, 0),
    ).toBe(fees);
    let page = await getFundPage(database.db, w.org.slug, null, w.clock.now());
    expect(page?.fund).toMatchObject({
      cashCents: 15_000 - fees,
      receivedCents: 15_000 - fees,
      reservedCents: 10_000,
      unallocatedCents: 5_000 - fees,
      paidOutCents: 0,
    });

    // A project: the crowd pledges € 200 of € 300; 50% → € 100 matched, exactly the goal.
    const r = await pledgedProject(w.services, w.gateway, { goalCents: 30_000, cards: [CARD.succeeds, CARD.succeeds], amounts: [12_000, 8_000] });
    expect((await database.db.selectFrom("projects").select("matched_cents").where("id", "=", r.project.id).executeTakeFirstOrThrow()).matched_cents).toBe(
      10_000,
    );
    w.clock.advance(10 * DAY);
    await runSettlement(w.services);

    // Succeeded: the match is paid from the fund at once (no transfer, no charge).
    const match = await database.db.selectFrom("pool_matches").selectAll().where("pool_id", "=", pool.poolId).executeTakeFirstOrThrow();
    expect(match).toMatchObject({ status: "paid", cents: 10_000, paid_reference: "buurtfonds", charge_state: null });
    const [paid] = await listJournals(database.db, { kind: "matching.paid" });
    expect(paid!.entries).toEqual(
      expect.arrayContaining([
        { account: `organisation_fund:${w.org.id}`, amountCents: -10_000, book: "cash" },
        { account: `project:${r.project.id}`, amountCents: 10_000, book: "cash" },
      ]),
    );
    expect(paid!.entries.some((e) => e.account === `organisation:${w.org.id}` && e.book === "cash")).toBe(false);
    page = await getFundPage(database.db, w.org.slug, null, w.clock.now());
    expect(page?.fund).toMatchObject({
      cashCents: 5_000 - fees,
      receivedCents: 15_000 - fees,
      reservedCents: 0,
      paidOutCents: 10_000,
      unallocatedCents: 5_000 - fees,
    });
    expect(page?.fund?.paidMatches).toMatchObject([{ projectSlug: r.project.slug, cents: 10_000 }]);
    await expectLedgerVerifies();
  });

  it("over-reserving is refused with a clear message next to the budget, nothing written; a pool without a fund is refused too", async () => {
    const w = await fundWorld();
    // No fund yet: a pool cannot be paid from it.
    const none = await createPool(database.db, {
      organisationSlug: w.org.slug,
      actor: { id: w.orgAdmin, role: "member" },
      pool: poolInput(w, 100),
      now: w.clock.now(),
    });
    expect(none).toEqual({ ok: false, error: "NoFund" });
    await openFund(w);
    await giveMonthly(w, w.givers[0]!, 5_000);
    await runGifts(w.services);
    // € 50 in the fund: a pool of € 50,01 is refused, next to the budget field.
    const fields = {
      name: "Te groot",
      budget: "50,01",
      capPerProject: "10",
      ratioPercent: "100",
      minBackers: "0",
      startsOn: "2026-12-07",
      endsOn: "2027-01-31",
      fromFund: "on",
    };
    const request = new Request(`http://localhost/organisations/${w.org.slug}/pools/new`, {
      method: "POST",
      body: new URLSearchParams(fields),
      headers: { Cookie: await cookieFor(w.services, w.orgAdmin), "Content-Type": "application/x-www-form-urlencoded" },
    });
    const result = (await newPoolAction({ request, context: testContext(w.services), params: { slug: w.org.slug } })) as unknown as {
      data: { errors: Record<string, string>; values: Record<string, string> };
      init: { status: number };
    };
    expect(result.init.status).toBe(400);
    expect(result.data.errors).toEqual({ budget: "matching.error.FundTooSmall" });
    expect(result.data.values).toMatchObject({ name: "Te groot", budget: "50,01" });
    expect(await database.db.selectFrom("matching_pools").select("id").execute()).toHaveLength(0);
    // All of it is fine — € 50 less the month's card fee — then nothing is free for a second one.
    const held = (await readFundMoney(database.db, w.org.id)).cashCents;
    expect(held).toBeLessThan(5_000);
    await addPool(database.db, { organisationSlug: w.org.slug, memberId: w.orgAdmin, now: w.clock.now(), pool: { ...poolInput(w, held) } });
    const second = await createPool(database.db, {
      organisationSlug: w.org.slug,
      actor: { id: w.orgAdmin, role: "member" },
      pool: poolInput(w, 100),
      now: w.clock.now(),
    });
    expect(second).toEqual({ ok: false, error: "FundTooSmall" });
    // A pool the organisation pays itself is not limited by the fund.
    expect(
      (
        await createPool(database.db, {
          organisationSlug: w.org.slug,
          actor: { id: w.orgAdmin, role: "member" },
          pool: poolInput(w, 100_000, { fromFund: false }),
          now: w.clock.now(),
        })
      ).ok,
    ).toBe(true);
    await expectLedgerVerifies();
  });

  it("only the organisation's admins open the fund; the fund page is not found before; ledger:verify names a fund over-reserved behind the writer's back", async () => {
    const w = await fundWorld();
    const [outsider] = w.givers;
    expect(
      await saveFund(w.services.db, { organisationSlug: w.org.slug, actor: { id: outsider!, role: "member" }, story: "x".repeat(30), now: start }),
    ).toEqual({
      ok: false,
      error: "NotAllowed",
    });
    expect(await getFundPage(database.db, w.org.slug, null, start)).toBeNull();
    expect(await getFundPage(database.db, w.org.slug, { id: w.orgAdmin, role: "member" }, start)).toMatchObject({ fund: null, canEdit: true });
    const gift = await startMonthlyGift(
      { db: w.services.db, gateway: w.services.gateway, appUrl: "http://buurtkracht.test" },
      { giverId: outsider!, organisationId: w.org.id, amountCents: 1_000, locale: "nl", now: start },
    );
    expect(gift).toEqual({ ok: false, error: "recurring.error.noFund" });
    await openFund(w);
    await giveMonthly(w, outsider!, 1_000);
    await runGifts(w.services);
    const held = (await readFundMoney(database.db, w.org.id)).cashCents; // € 10 less the month's fees
    await addPool(database.db, { organisationSlug: w.org.slug, memberId: w.orgAdmin, now: w.clock.now(), pool: poolInput(w, held) });
    await expectLedgerVerifies();
    // A budget raised past the fund by hand: the check says so.
    await database.db
      .updateTable("matching_pools")
      .set({ budget_cents: held + 1 })
      .execute();
    const report = await verifyLedger(database.db, extensions.ledgerChecks);
    expect(report.results.flatMap((r) => r.problems)).toEqual([expect.stringContaining(`its pools reserve ${held + 1} cents, it holds ${held}`)]);
  });
});
