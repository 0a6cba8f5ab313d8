/**
 * The world the route drills act in: the demo neighbourhood (app/demo, the same one `npm start`
 * shows), its people by key, a fresh member and a spare account to suspend, and the ids the routes
 * take (a pledge of each kind, a loan, an item, a mailbox message, a hosted payment page, an
 * upload, a calendar feed).
 */
import { circleInviteToken, createCircle, joinCircle } from "../../app/lending/circles.server";
import { fileReport } from "../../app/moderation/reports.server";
import { makeCircleItem } from "../../app/test/lending-fixtures";
import { seedDemo } from "../../app/demo/seed.server";
import { calendarFeedToken, createCalendarFeed } from "../../app/notifications/calendar.server";
import { ensureGatewayCustomer } from "../../app/payments/customers.server";
import type { AppServices } from "../../app/services.server";
import { createUsers } from "../../app/test/projects";
import { changeTeam } from "../../app/projects/team.server";
import { sessionCookieFor } from "../../app/test/services";

export const demoKeys = ["anna", "mohammed", "eva", "kees", "sanne", "pieter", "daan", "fatma", "joost", "lotte", "admin", "wijkfonds", "ilse"] as const;
export type Person = (typeof demoKeys)[number] | "newbie" | "banned";

export interface Fixtures {
  pledge: { eva: string; mohammed: string; pieterFailed: string; joostCharged: string };
  loan: { annaFromMohammed: string };
  item: { mohammedSander: string };
  /** Anna's first update on her Moestuin op het Javaplein (live). */
  update: { annaMoestuin: string };
  /** Mohammed's problem on the board (Indische Buurt) and the municipality that answers it (Ilse is its member). */
  idea: { mohammedSchommel: string; gemeente: string };
  /** Questions to Anna about her Moestuin (issue 15): Kees's open one, Sanne's private one. */
  question: { keesOpen: string; sannePrivate: string; evaAnswered: string };
  /** An open report (Eva about Mohammed's sander) in the moderation queue. */
  reportId: string;
  /** Eva's circle (Anna is a member), its invite link's token, and Eva's item lent to it only (decision 061). */
  circle: { evaFriends: string; inviteToken: string; evaCircleItem: string };
  mailboxId: string;
  simSessionId: string;
  uploadKey: string;
  calendarToken: string;
  /** Lotte's monthly gift to the ongoing Buurtkeuken (issue 16, app/demo/recurring.server.ts). */
  monthly: { lotte: string };
}

export interface DemoWorld {
  people: Record<Person, string>;
  fixtures: Fixtures;
  /** A fresh session cookie ("name=value") for a person. */
  cookie: (person: Person) => Promise<string>;
}

export async function buildDemoWorld(services: AppServices): Promise<DemoWorld> {
  const { db } = services;
  const now = services.clock.now();
  await seedDemo(db, { now });
  const people = {} as Record<Person, string>;
  for (const key of demoKeys) {
    people[key] = (await db.selectFrom("users").select("id").where("email", "=", `${key}@demo.buurtkracht.nl`).executeTakeFirstOrThrow()).id;
  }
  people.newbie = (await createUsers(db, "newbie", 1))[0]!;
  people.banned = (await createUsers(db, "banned", 1))[0]!;

  const pledgeOf = async (key: string, slug: string) =>
    (
      await db
        .selectFrom("pledges")
        .innerJoin("users", "users.id", "pledges.backer_id")
        .innerJoin("projects", "projects.id", "pledges.project_id")
        .select("pledges.id")
        .where("users.email", "=", `${key}@demo.buurtkracht.nl`)
        .where("projects.slug", "=", slug)
        .executeTakeFirstOrThrow()
    ).id;
  const loan = await db
    .selectFrom("loans")
    .select("id")
    .where("borrower_user_id", "=", people.anna)
    .where("owner_id", "=", people.mohammed)
    .where("state", "=", "accepted")
    .executeTakeFirstOrThrow();
  const update = await db
    .selectFrom("project_updates")
    .innerJoin("projects", "projects.id", "project_updates.project_id")
    .select("project_updates.id")
    .where("projects.slug", "=", "moestuin-op-het-javaplein")
    .orderBy("project_updates.created_at")
    .executeTakeFirstOrThrow();
  const idea = await db.selectFrom("ideas").select("id").where("title", "=", "Schommel in de speeltuin Celebesstraat kapot").executeTakeFirstOrThrow();
  const questionOf = async (key: string, status: "asked" | "answered" = "asked") =>
    (
      await db
        .selectFrom("project_questions as q")
        .innerJoin("users as u", "u.id", "q.asker_id")
        .innerJoin("projects as p", "p.id", "q.project_id")
        .select("q.id")
        .where("u.email", "=", `${key}@demo.buurtkracht.nl`)
        .where("p.slug", "=", "moestuin-op-het-javaplein")
        .where("q.status", "=", status)
        .executeTakeFirstOrThrow()
    ).id;
  const question = { keesOpen: await questionOf("kees"), sannePrivate: await questionOf("sanne"), evaAnswered: await questionOf("eva", "answered") };
  const gemeente = await db.selectFrom("organisations").select("id").where("slug", "=", "gemeente-amsterdam").executeTakeFirstOrThrow();
  const item = await db.selectFrom("items").select("id").where("owner_id", "=", people.mohammed).orderBy("created_at").executeTakeFirstOrThrow();
  await services.mailer.send({
    messageId: "<drill@test>",
    from: "drill@test.nl",
    to: "eva@demo.buurtkracht.nl",
    subject: "Drill",
    text: "x",
    html: "<p>x</p>",
    headers: {},
    date: now,
  });
  const mailbox = await db.selectFrom("mailbox_messages").select("id").executeTakeFirstOrThrow();
  const customerId = await ensureGatewayCustomer(services, { id: people.eva, email: "eva@demo.buurtkracht.nl", displayName: "Eva" });
  const sim = await services.gateway.createSetupSession({
    customerId,
    returnUrl: "http://localhost/back",
    cancelUrl: "http://localhost/cancel",
    metadata: { purpose: "test" },
    idempotencyKey: "drill-setup",
  });
  await services.storage.put("drill/photo.webp", Buffer.from("RIFF"), "image/webp");
  const feed = await createCalendarFeed(db, people.eva, now);
  const report = await fileReport(db, services.extensions.reportables, {
    reporterId: people.eva,
    kind: "item",
    id: item.id,
    reason: "other",
    details: "Drill: a report in the queue.",
    now,
  });
  if (!report.ok) throw new Error(`drill report: ${report.error}`);
  const circle = await createCircle(db, { ownerId: people.eva, name: "Vrienden van Eva", now });
  if (!circle.ok) throw new Error(`drill circle: ${circle.error}`);
  const nonce = await db.selectFrom("circles").select("invite_nonce").where("id", "=", circle.circleId).executeTakeFirstOrThrow();
  const inviteToken = circleInviteToken(services.signer, { id: circle.circleId, nonce: nonce.invite_nonce });
  const joined = await joinCircle(db, services.signer, { token: inviteToken, userId: people.anna, now });
  if (!joined.ok) throw new Error(`drill circle join: ${joined.error}`);
  const evaCircleItem = await makeCircleItem(db, people.eva, [circle.circleId], { title: "Partytent (alleen voor vrienden)" }, now);
  // The Moestuin's team (app/demo/team.server.ts) on Anna's draft too, so the matrix's draft rows have a team (decision 071).
  const draft = await db.selectFrom("projects").select("id").where("slug", "=", "speeltuin-sumatraplantsoen").executeTakeFirstOrThrow();
  for (const [key, role] of [
    ["daan", "co_initiator"],
    ["joost", "helper"],
  ] as const) {
    const invited = await changeTeam(db, { projectId: draft.id, actorId: people.anna, subject: { userId: people[key] }, event: { type: "invite", role }, now });
    const accepted = await changeTeam(db, { projectId: draft.id, actorId: people[key], subject: { userId: people[key] }, event: { type: "accept" }, now });
    if (!invited.ok || !accepted.ok) throw new Error(`drill team ${key}`);
  }
  return {
    people,
    fixtures: {
      pledge: {
        eva: await pledgeOf("eva", "moestuin-op-het-javaplein"),
        mohammed: await pledgeOf("mohammed", "moestuin-op-het-javaplein"),
        pieterFailed: await pledgeOf("pieter", "geveltuinen-oude-noorden"),
        joostCharged: await pledgeOf("joost", "geveltuinen-oude-noorden"),
      },
      loan: { annaFromMohammed: loan.id },
      item: { mohammedSander: item.id },
      update: { annaMoestuin: update.id },
      idea: { mohammedSchommel: idea.id, gemeente: gemeente.id },
      question,
      reportId: report.reportId,
      circle: { evaFriends: circle.circleId, inviteToken, evaCircleItem },
      mailboxId: String(mailbox.id),
      simSessionId: sim.id,
      uploadKey: "drill/photo.webp",
      calendarToken: calendarFeedToken(services.signer, feed.id),
      monthly: {
        lotte: (
          await db.selectFrom("recurring_gifts").select("id").where("giver_id", "=", people.lotte).where("status", "=", "active").executeTakeFirstOrThrow()
        ).id,
      },
    },
    cookie: (person) => sessionCookieFor(services, people[person]),
  };
}
