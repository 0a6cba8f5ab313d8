import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../test/db";
import { createLiveProject, createUsers } from "../test/projects";
import type { DatabaseHandle } from "../utils/db.server";
import { listOfferNeeds, listShiftVolunteers } from "./reads.server";
import { addNeed, answerOffer, changeOwnOffer } from "./offers.server";

let database: DatabaseHandle;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => database?.close());

const now = new Date("2027-06-01T10:00:00Z");

describe("skills and things: neighbours offer, the initiator accepts", () => {
  it("a trailer is found once; a second yes is refused while it is found; a withdrawal makes room; everyone is told", async () => {
    const [initiator, moderator, a, b] = await createUsers(database.db, `of${Math.random().toString(36).slice(2, 6)}`, 4);
    const project = await createLiveProject(database.db, { initiatorId: initiator!, moderatorId: moderator!, now });
    const added = await addNeed(database.db, {
      projectId: project.id,
      actorId: initiator!,
      need: { kind: "item", title: "Een aanhanger", description: "", neededOn: "2027-06-14", needed: 1 },
      now,
    });
    if (!added.ok) throw new Error(added.error);
    const needId = added.needId;
    const offer = (userId: string, type: "offer" | "cancel") =>
      changeOwnOffer(database.db, { projectId: project.id, needId, userId, event: { type }, note: "Staat bij mij in de schuur", now });

    expect(await offer(a!, "offer")).toEqual({ ok: true });
    expect(await offer(a!, "offer")).toEqual({ ok: false, error: "IllegalTransition" });
    expect(await offer(b!, "offer")).toEqual({ ok: true });
    const offers = (await listShiftVolunteers(database.db, project.id)).get(needId)!;
    const offerOf = (userId: string) => offers.find((o) => o.userId === userId)!.signupId;
    const answer = (userId: string, ans: "accept" | "decline") =>
      answerOffer(database.db, { projectId: project.id, offerId: offerOf(userId), answer: ans, actorId: initiator!, now });

    expect(await answer(a!, "accept")).toEqual({ ok: true });
    expect(await answer(b!, "accept")).toEqual({ ok: false, error: "NeedFilled" });
    expect((await listOfferNeeds(database.db, { projectId: project.id, viewerId: a! }))[0]).toMatchObject({
      filled: 1,
      needed: 1,
      mine: "accepted",
      neededOn: "2027-06-14",
    });
    expect(await offer(a!, "cancel")).toEqual({ ok: true });
    expect(await answer(b!, "accept")).toEqual({ ok: true });
    expect((await listOfferNeeds(database.db, { projectId: project.id, viewerId: b! }))[0]).toMatchObject({ filled: 1, mine: "accepted" });

    const kinds = await database.db
      .selectFrom("notifications")
      .select(["user_id", "kind"])
      .where("kind", "like", "need.%")
      .where("user_id", "in", [initiator!, a!, b!])
      .execute();
    expect(kinds.filter((k) => k.kind === "need.offered").map((k) => k.user_id)).toEqual([initiator, initiator]);
    expect(
      kinds
        .filter((k) => k.kind === "need.offer_accepted")
        .map((k) => k.user_id)
        .sort(),
    ).toEqual([a, b].sort());
    const events = await database.db.selectFrom("need_events").select("event").where("need_id", "=", needId).orderBy("id").execute();
    expect(events.map((e) => e.event)).toEqual(["added", "offer", "offer", "accept", "cancel", "accept"]);
  });
});
