import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listJournals } from "../ledger/ledger.server";
import { verifyLedger } from "../ledger/verify.server";
import { CARD } from "../payments/simulated/testing.server";
import { action as refundAction, loader as refundLoader } from "../routes/moderation.projects.$slug_.refunds";
import { loader as receiptLoader } from "../routes/me.pledges.$id._index";
import { settleDueJob } from "../settlement/job.server";
import { createTestDatabase } from "../test/db";
import { pledgedProject } from "../test/pledging";
import { createUsers } from "../test/projects";
import { createTestServices, sessionCookieFor, testContext } from "../test/services";
import type { DatabaseHandle } from "../utils/db.server";
import { extensions } from "../wiring.server";

let database: DatabaseHandle;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => database?.close());

const start = new Date("2026-12-01T10:00:00Z");

describe("a moderator refunds one pledge", () => {
  it("with a reason the backer sees; a reversing journal; refused without a reason, twice, or by a member", async () => {
    const made = createTestServices(database, { start });
    const { services, clock, gateway, jobs } = made;
    const { project, pledgeIds, backers } = await pledgedProject(services, gateway, {
      goalCents: 3_000,
      cards: [CARD.succeeds, CARD.succeeds],
      amounts: [2_000, 1_500],
    });
    clock.advance(10 * 86_400_000);
    await settleDueJob.run({ ...services, now: clock.now() }, {});
    const [moderator] = await createUsers(services.db, "refmod", 1, "moderator");
    const ctx = testContext(services);
    const post = async (userId: string, fields: Record<string, string>) => {
      const cookie = await sessionCookieFor(services, userId);
      const request = new Request(`http://localhost/moderation/projects/${project.slug}/refunds`, {
        method: "POST",
        body: new URLSearchParams(fields),
        headers: { Cookie: cookie },
      });
      let r: unknown;
      try {
        r = await refundAction({ request, context: ctx, params: { slug: project.slug } });
      } catch (thrown) {
        r = thrown;
      }
      // A redirect is a Response; `data(…)` is its body with an init.
      if (r instanceof Response) return { status: r.status, body: null as unknown };
      const d = r as { data: unknown; init?: { status?: number } };
      return { status: d.init?.status ?? 200, body: d.data };
    };

    // A member may not; an empty reason is a message next to the field.
    expect((await post(backers[0]!.id, { pledgeId: pledgeIds[0]!, reason: "x" })).status).toBe(403);
    const empty = await post(moderator!, { pledgeId: pledgeIds[0]!, reason: "  " });
    expect(empty.status).toBe(400);
    expect(empty.body).toMatchObject({ errors: { reason: "pledges.refund.reasonRequired" }, pledgeId: pledgeIds[0] });

    const asked = await post(moderator!, { pledgeId: pledgeIds[0]!, reason: "De workshop gaat niet door." });
    expect(asked.status).toBe(302);
    const again = await post(moderator!, { pledgeId: pledgeIds[0]!, reason: "Nog een keer" });
    expect(again.body).toMatchObject({ errors: { reason: "pledges.refund.alreadyAsked" } });
    expect(jobs.sent.map((j) => j.name)).toContain("projects.settle-due");

    await settleDueJob.run({ ...services, now: clock.now() }, {});
    const rows = await services.db.selectFrom("pledges").select(["id", "status"]).where("id", "in", pledgeIds).execute();
    expect(Object.fromEntries(rows.map((r) => [r.id, r.status]))).toEqual({ [pledgeIds[0]!]: "refunded", [pledgeIds[1]!]: "charged" });
    const refunded = (await listJournals(services.db, { refs: { pledgeId: pledgeIds[0]! } })).find((j) => j.kind === "pledge.refunded")!;
    expect(
      refunded.entries
        .filter((e) => e.book === "cash")
        .map((e) => [e.account.split(":")[0], e.amountCents])
        .sort(),
    ).toEqual([
      ["backer", 2_000],
      ["project", -2_000],
    ]);
    const events = await services.db
      .selectFrom("pledge_events")
      .select(["event", "actor_id", "note"])
      .where("pledge_id", "=", pledgeIds[0]!)
      .where("event", "=", "refund")
      .execute();
    expect(events).toEqual([{ event: "refund", actor_id: moderator, note: "De workshop gaat niet door." }]);
    const note = await services.db.selectFrom("notifications").select("data").where("kind", "=", "pledge.refunded").executeTakeFirstOrThrow();
    expect(note.data).toMatchObject({ reason: "De workshop gaat niet door.", amountCents: 2_000 });

    // The backer's receipt says why; the moderation list shows it too.
    const cookie = await sessionCookieFor(services, backers[0]!.id);
    const receipt = await receiptLoader({
      request: new Request(`http://localhost/me/pledges/${pledgeIds[0]}`, { headers: { Cookie: cookie } }),
      context: ctx,
      params: { id: pledgeIds[0]! },
    });
    expect(receipt.refundReason).toBe("De workshop gaat niet door.");
    const modCookie = await sessionCookieFor(services, moderator!);
    const list = await refundLoader({
      request: new Request(`http://localhost/moderation/projects/${project.slug}/refunds`, { headers: { Cookie: modCookie } }),
      context: ctx,
      params: { slug: project.slug },
    });
    expect(list.pledges.find((p) => p.id === pledgeIds[0])).toMatchObject({ status: "refunded", refundReason: "De workshop gaat niet door." });

    const report = await verifyLedger(services.db, extensions.ledgerChecks);
    expect(report.results.filter((r) => r.problems.length || r.error)).toEqual([]);
  });
});
