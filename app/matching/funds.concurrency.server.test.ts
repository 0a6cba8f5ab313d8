import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyLedger } from "../ledger/verify.server";
import type { SimulatedGateway } from "../payments/simulated/gateway.server";
import { CARD } from "../payments/simulated/testing.server";
import { startMonthlyGift } from "../recurring/gifts.server";
import { recurringChargesJob } from "../recurring/jobs.server";
import { createTestDatabase, truncateAll, usingServer } from "../test/db";
import { createUsers } from "../test/projects";
import { createTestServices } from "../test/services";
import type { DatabaseHandle } from "../utils/db.server";
import { extensions } from "../wiring.server";
import { readFundMoney, saveFund } from "./funds.server";
import { createVerifiedOrganisation } from "./organisations.server";
import { createPool } from "./pools.server";

/**
 * Pools funded from a neighbourhood fund never reserve more than the fund holds, also when they are
 * created at once (decision 080). On the Postgres server real parallel transactions (the fund row's
 * lock serialises them); on PGlite (one session) serialized, as a regression check.
 */
let database: DatabaseHandle;
const start = new Date("2026-12-07T10:00:00Z");

beforeAll(async () => {
  database = await createTestDatabase({ maxConnections: 12 });
});
afterAll(async () => database?.close());

describe(`fund reservations under concurrency (${usingServer() ? "Postgres server, parallel" : "PGlite, serialized"})`, () => {
  it("10 pools of € 30 created at once from a fund holding € 100: exactly 3 are created, the rest refused, ledger:verify clean", async () => {
    await truncateAll(database);
    const { services, gateway, clock } = createTestServices(database, { start });
    const [siteAdmin, orgAdmin, giver] = await createUsers(services.db, "fc", 3);
    const org = await createVerifiedOrganisation(services.db, {
      name: "Wijkfonds Parallel",
      kind: "fund",
      description: "",
      website: "",
      actor: { id: siteAdmin!, role: "admin" },
      adminUserId: orgAdmin!,
      now: start,
    });
    if (!org.ok) throw new Error(org.error);
    await saveFund(services.db, {
      organisationSlug: org.slug,
      actor: { id: orgAdmin!, role: "member" },
      story: "Een fonds om parallel uit te verdelen.",
      now: start,
    });
    const started = await startMonthlyGift(
      { db: services.db, gateway, appUrl: "http://buurtkracht.test" },
      { giverId: giver!, organisationId: org.id, amountCents: 10_000, locale: "nl", now: start },
    );
    if (!started.ok) throw new Error(started.error);
    const saved = await (gateway as SimulatedGateway).hosted.submitCard(new URL(started.url).pathname.split("/").pop()!, {
      number: CARD.succeeds,
      expMonth: 12,
      expYear: 2099,
      cvc: "123",
    });
    expect(saved.ok).toBe(true);
    await recurringChargesJob.run({ ...services, now: clock.now() }, {});
    // € 100 less the month's card fee (€ 1,75, decision 079): still room for three pools of € 30, not four.
    expect((await readFundMoney(database.db, org.id)).cashCents).toBe(9_825);

    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        createPool(database.db, {
          organisationSlug: org.slug,
          actor: { id: orgAdmin!, role: "member" },
          now: start,
          pool: {
            name: `Pot ${i}`,
            description: "",
            budget: 3_000,
            ratioPercent: 100,
            capPerProject: 1_000,
            neighbourhoodIds: [],
            categories: [],
            minBackers: 0,
            thresholdPercent: null,
            startsOn: "2026-12-06",
            endsOn: "2027-02-28",
            fromFund: true,
          },
        }),
      ),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(3);
    expect(results.filter((r) => !r.ok).map((r) => (r.ok ? null : r.error))).toEqual(Array(7).fill("FundTooSmall"));
    const pools = await database.db.selectFrom("matching_pools").select("budget_cents").where("fund_organisation_id", "=", org.id).execute();
    expect(pools.reduce((s, p) => s + p.budget_cents, 0)).toBe(9_000);
    const report = await verifyLedger(database.db, extensions.ledgerChecks);
    expect(report.results.filter((r) => r.problems.length || r.error)).toEqual([]);
  });
});
