import { listShiftVolunteers } from "../needs/reads.server";
import { addShift, changeOwnSignup, markAttendance } from "../needs/shifts.server";
import { addNeed, answerOffer, changeOwnOffer } from "../needs/offers.server";
import { amsterdamParts } from "../needs/time";
import { markAllRead } from "../notifications/notifications.server";
import type { SeedContext } from "./context.server";

const DAY = 24 * 60 * 60 * 1000;

/**
 * Time, not only money (issue 11): the vegetable garden asks for volunteers — a building morning
 * coming up with neighbours signed up, a sowing afternoon, and a past clean-up where Eva and
 * Mohammed came (their record). Through the same writer as the pages; idempotent.
 */
export async function seedNeeds(ctx: SeedContext): Promise<void> {
  const { db, now } = ctx;
  const project = await db
    .selectFrom("projects")
    .select(["id", "initiator_id"])
    .where("slug", "=", "moestuin-op-het-javaplein")
    .where("status", "=", "live")
    .executeTakeFirst();
  if (!project) return;
  // Shifts mark a first run (the lending seed already adds the planks the library lends: app/demo/lending.server.ts).
  const already = await db
    .selectFrom("project_needs")
    .select("id")
    .where("project_id", "=", project.id)
    .where("kind", "=", "shift")
    .limit(1)
    .executeTakeFirst();
  if (already) return;
  const [eva, mohammed, sanne] = await Promise.all([ctx.userId("eva"), ctx.userId("mohammed"), ctx.userId("sanne")]);
  const dayIn = (n: number) => amsterdamParts(new Date(now.getTime() + n * DAY)).day;
  const shift = async (
    at: Date,
    s: { title: string; day: string; startTime: string; endTime: string; place: string; skills: string; needed: number; description?: string },
  ) => {
    const added = await addShift(db, { projectId: project.id, actorId: project.initiator_id, shift: { description: "", ...s }, now: at });
    if (!added.ok) throw new Error(`demo shift ${s.title}: ${added.error}`);
    return added.needId;
  };
  const signUp = (needId: string, userId: string, at: Date, note = "") =>
    changeOwnSignup(db, { projectId: project.id, needId, userId, event: { type: "sign_up" }, note, now: at });

  // Two weeks ago: clearing the plot; Eva and Mohammed came.
  const past = new Date(now.getTime() - 20 * DAY);
  const clearing = await shift(past, {
    title: "Het plein vrijmaken",
    day: dayIn(-14),
    startTime: "10:00",
    endTime: "12:00",
    place: "Javaplein",
    skills: "",
    needed: 4,
  });
  await signUp(clearing, eva, past);
  await signUp(clearing, mohammed, past, "Ik neem een kruiwagen mee.");
  for (const v of (await listShiftVolunteers(db, project.id)).get(clearing) ?? []) {
    await markAttendance(db, { projectId: project.id, signupId: v.signupId, outcome: "attended", actorId: project.initiator_id, now });
  }

  const building = await shift(new Date(now.getTime() - 2 * DAY), {
    title: "Plantenbakken bouwen",
    day: dayIn(6),
    startTime: "10:00",
    endTime: "13:00",
    place: "Javaplein, bij de speeltuin",
    skills: "zagen, schroeven",
    needed: 6,
    description: "We bouwen de twaalf bakken van lariks. Gereedschap is er; neem werkhandschoenen mee.",
  });
  await signUp(building, eva, new Date(now.getTime() - DAY));
  await signUp(building, sanne, new Date(now.getTime() - DAY), "Ik kan tot half één.");
  // Things and skills: a trailer (Mohammed has one: found) and someone for the flyer.
  const trailer = await addNeed(db, {
    projectId: project.id,
    actorId: project.initiator_id,
    need: { kind: "item", title: "Een aanhanger voor de aarde", description: "Om de aarde van de kwekerij te halen.", neededOn: dayIn(5), needed: 1 },
    now: new Date(now.getTime() - 3 * DAY),
  });
  if (trailer.ok) {
    await changeOwnOffer(db, {
      projectId: project.id,
      needId: trailer.needId,
      userId: mohammed,
      event: { type: "offer" },
      note: "Mijn aanhanger staat in de Balistraat.",
      now: new Date(now.getTime() - 2 * DAY),
    });
    const offer = (await listShiftVolunteers(db, project.id)).get(trailer.needId)?.[0];
    if (offer)
      await answerOffer(db, {
        projectId: project.id,
        offerId: offer.signupId,
        answer: "accept",
        actorId: project.initiator_id,
        now: new Date(now.getTime() - DAY),
      });
  }
  await addNeed(db, {
    projectId: project.id,
    actorId: project.initiator_id,
    need: {
      kind: "skill",
      title: "Iemand die een flyer kan ontwerpen",
      description: "Voor de opening; tekst en foto's hebben we.",
      effort: "2 uur",
      needed: 1,
    },
    now: new Date(now.getTime() - 3 * DAY),
  });
  // Still wanted: Eva has one in her lending library (the lend form fills this need: docs/needs.md).
  await addNeed(db, {
    projectId: project.id,
    actorId: project.initiator_id,
    need: { kind: "item", title: "Een grote soeppan voor de opening", description: "Voor de erwtensoep op de openingsdag.", neededOn: dayIn(20), needed: 1 },
    now: new Date(now.getTime() - 3 * DAY),
  });
  await shift(new Date(now.getTime() - DAY), {
    title: "Zaaien met de kinderen",
    day: dayIn(13),
    startTime: "14:00",
    endTime: "16:00",
    place: "Javaplein",
    skills: "",
    needed: 4,
  });
  // The offers' notices are history, already read, so the demo starts with a quiet bell (as the other seeds do).
  for (const userId of [project.initiator_id, eva, mohammed, sanne]) await markAllRead(db, userId, now);
}
