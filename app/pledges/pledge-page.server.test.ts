import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CARD } from "../payments/simulated/testing.server";
import type { SimulatedGateway } from "../payments/simulated/gateway.server";
import { loader as pledgeLoader } from "../routes/projects.$slug.pledge";
import { createTestDatabase } from "../test/db";
import { pledgedProject } from "../test/pledging";
import { createTestServices, sessionCookieFor, testContext } from "../test/services";
import type { DatabaseHandle } from "../utils/db.server";

/** Issue 13 §7: the pledge page offers a withdrawal only when the pledge writer would take it. */
let database: DatabaseHandle;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => database?.close());

const HOUR = 3_600_000;

describe("withdrawing on the last day", () => {
  it("a withdrawal that would take the project under its goal is not offered, with the reason; one that keeps it is", async () => {
    const { services, gateway, clock } = createTestServices(database, { start: new Date("2026-12-01T10:00:00Z") });
    // Goal 30 000, pledged 20 000 + 5 000 + 10 000 = 35 000: without the 20 000 it drops under, without the 5 000 not.
    const r = await pledgedProject(services, gateway as SimulatedGateway, {
      goalCents: 30_000,
      cards: [CARD.succeeds, CARD.succeeds, CARD.succeeds],
      amounts: [20_000, 5_000, 10_000],
    });
    const [big, small] = r.backers;
    const load = async (userId: string) =>
      pledgeLoader({
        request: new Request(`http://localhost/projects/${r.project.slug}/pledge`, { headers: { Cookie: await sessionCookieFor(services, userId) } }),
        context: testContext(services),
        params: { slug: r.project.slug },
      });
    expect(await load(big!.id)).toMatchObject({ lastDay: false, withdrawal: "open" });
    clock.advance(10 * 24 * HOUR - 5 * HOUR);
    expect(await load(big!.id)).toMatchObject({ lastDay: true, withdrawal: "blocked" });
    expect(await load(small!.id)).toMatchObject({ lastDay: true, withdrawal: "open" });
  });
});

describe("the initiator hears of new backers (issue 13 §17)", () => {
  it("one notice per new pledge, with the name the backer allowed; an anonymous backer is 'a neighbour'", async () => {
    const { services, gateway } = createTestServices(database, { start: new Date("2026-12-01T10:00:00Z") });
    const r = await pledgedProject(services, gateway as SimulatedGateway, {
      goalCents: 30_000,
      cards: [CARD.succeeds, CARD.succeeds],
      amounts: [2_000, 3_000],
      visibilities: ["initiator", "anonymous"],
    });
    const notices = await database.db
      .selectFrom("notifications")
      .select(["kind", "data"])
      .where("user_id", "=", r.initiatorId)
      .where("kind", "=", "project.new_backer")
      .orderBy("created_at")
      .execute();
    const names = await database.db.selectFrom("users").select("display_name").where("id", "=", r.backers[0]!.id).executeTakeFirstOrThrow();
    expect(notices.map((n) => n.data)).toEqual([
      { projectSlug: r.project.slug, projectTitle: expect.any(String), amountCents: 2_000, backerName: names.display_name },
      { projectSlug: r.project.slug, projectTitle: expect.any(String), amountCents: 3_000 },
    ]);
  });
});
