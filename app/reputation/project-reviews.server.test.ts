import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { SimulatedGateway } from "../payments/simulated/gateway.server";
import { applyProjectEvent } from "../projects/projects.server";
import { settleDueJob } from "../settlement/job.server";
import { createTestDatabase, truncateAll } from "../test/db";
import { fullyPledgedProject } from "../test/pledging";
import { createUsers } from "../test/projects";
import { createTestServices } from "../test/services";
import type { DatabaseHandle } from "../utils/db.server";
import { extensions } from "../wiring.server";
import { getStoredRecord } from "./projection.server";
import { getProjectReviewPanel, listPublishedReviews, submitProjectReview } from "./reviews.server";

/** Backers review the initiator of a succeeded project (issue 12, docs/reputation.md). */
let database: DatabaseHandle;
const start = new Date("2026-12-01T10:00:00Z");
const DAY = 86_400_000;

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => database?.close());
beforeEach(async () => truncateAll(database));

async function succeededProject() {
  const made = createTestServices(database, { start });
  const services = made.services;
  const world = await fullyPledgedProject(services, made.gateway as SimulatedGateway, [1_000, 2_500]);
  made.clock.advance(10 * DAY + 60_000);
  await settleDueJob.run({ ...services, now: made.clock.now() }, {});
  const status = await services.db.selectFrom("projects").select("status").where("id", "=", world.project.id).executeTakeFirstOrThrow();
  expect(status.status).toBe("succeeded");
  const { initiator_id } = await services.db.selectFrom("projects").select("initiator_id").where("id", "=", world.project.id).executeTakeFirstOrThrow();
  return { ...made, services, ...world, backers: world.backerIds.map((id) => ({ id })), initiatorId: initiator_id };
}

describe("project reviews", () => {
  it("open when the initiator marks it delivered; a charged backer reviews once, published at once, counted in the initiator's record", async () => {
    const { services, clock, project, backers, initiatorId } = await succeededProject();
    const db = services.db;
    const [stranger] = await createUsers(db, "stranger", 1);
    const [backer] = backers;
    const review = (reviewerId: string, stars = 4) =>
      submitProjectReview(db, { projectId: project.id, reviewerId, stars, body: "Mooie bankjes", answer: true, now: clock.now() });

    // Succeeded but not delivered: not yet (the window opens at delivery or 90 days after success).
    expect(await review(backer!.id)).toEqual({ ok: false, error: "NotReviewable" });
    expect(await getProjectReviewPanel(db, project.id, backer!.id, clock.now())).toMatchObject({ canReview: false, opensAt: expect.any(Date) });
    expect(
      await applyProjectEvent(
        db,
        { projectId: project.id, actor: { id: initiatorId, role: "member" }, event: { type: "mark_delivered" }, now: clock.now() },
        extensions.projectTransitionEffects,
      ),
    ).toMatchObject({ ok: true });
    expect((await getStoredRecord(db, initiatorId)).counts).toMatchObject({ projectsSucceeded: 1, projectsDelivered: 1, projectsReviewed: 0 });

    // Only backers whose pledge was charged, never the initiator; stars in range.
    expect(await review(stranger!)).toEqual({ ok: false, error: "NotAParty" });
    expect(await review(initiatorId)).toEqual({ ok: false, error: "NotAParty" });
    expect(await review(backer!.id, 6)).toEqual({ ok: false, error: "StarsOutOfRange" });
    expect(await getProjectReviewPanel(db, project.id, backer!.id, clock.now())).toMatchObject({ canReview: true, mine: null });

    expect(await review(backer!.id, 5)).toMatchObject({ ok: true, published: true });
    expect(await review(backer!.id, 1)).toEqual({ ok: false, error: "AlreadyPublished" });
    const onProfile = await listPublishedReviews(db, initiatorId, clock.now());
    expect(onProfile).toHaveLength(1);
    expect(onProfile[0]).toMatchObject({ stars: 5, question: "asPromised", evidence: { kind: "project", slug: project.slug } });
    const record = (await getStoredRecord(db, initiatorId)).counts;
    expect(record).toMatchObject({ projectsSucceeded: 1, projectsDelivered: 1, projectsReviewed: 1, reviewsCounted: 1, starsCounted: 5 });
    const events = await db.selectFrom("review_events").select("kind").execute();
    expect(events.map((e) => e.kind)).toEqual(["submitted"]);
  });

  it("open 90 days after success even when never marked delivered", async () => {
    const { services, clock, project, backers } = await succeededProject();
    const [, second] = backers;
    clock.advance(91 * DAY);
    expect(
      await submitProjectReview(services.db, { projectId: project.id, reviewerId: second!.id, stars: 2, body: "", answer: false, now: clock.now() }),
    ).toMatchObject({ ok: true });
  });
});
