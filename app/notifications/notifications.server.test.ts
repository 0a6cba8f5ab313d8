import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { signUp } from "../auth/accounts.server";
import { createTestDatabase, truncateAll } from "../test/db";
import { createTestServices } from "../test/services";
import type { DatabaseHandle } from "../utils/db.server";
import { LEASE_MS, MAX_ATTEMPTS } from "./delivery";
import { applyDeliveryEvent, claimDueDeliveries, composeEmail, deliverDueEmails, deliverNotificationsJob, messageIdFor } from "./delivery.server";
import { buildWeeklyDigests, type DigestSection } from "./digest.server";
import { createMailboxMailer, type Mailer, type OutgoingMail } from "./mailer.server";
import { countUnread, listNotifications, markAllRead, markRead } from "./notifications.server";
import { notify, notifyModerators } from "./notify.server";
import { getEmailPreferences, parseUnsubscribeToken, setEmailPreference, unsubscribe, unsubscribeToken } from "./preferences.server";

let database: DatabaseHandle;
const start = new Date("2026-11-28T10:00:00Z");

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => database?.close());
beforeEach(async () => {
  await truncateAll(database);
  await database.db
    .insertInto("neighbourhoods")
    .values([
      { id: "lombok", name: "Lombok", city: "Utrecht", municipality: "Utrecht" },
      { id: "oost", name: "Oost", city: "Amsterdam", municipality: "Amsterdam" },
    ])
    .execute();
});

async function makeUser(key: string, extra: { locale?: "nl" | "en"; role?: "member" | "moderator" | "admin"; neighbourhoodId?: string } = {}) {
  const r = await signUp(
    database.db,
    {
      email: `${key}@example.nl`,
      displayName: key[0]!.toUpperCase() + key.slice(1),
      password: "a-long-password",
      neighbourhoodId: extra.neighbourhoodId ?? "lombok",
      locale: extra.locale ?? "nl",
      role: extra.role,
      emailVerified: true,
    },
    start,
  );
  if (!r.ok) throw new Error(r.error);
  return r.user;
}

const pledgeData = { pledgeId: "p1", projectSlug: "buurtmoestuin", projectTitle: "Buurtmoestuin Lombok", amountCents: 2500 };
const loanData = { loanId: "l1", itemTitle: "Ladder", otherPartyName: "Mohammed", startsOn: "2026-12-01", endsOn: "2026-12-03" };

const mailbox = () => database.db.selectFrom("mailbox_messages").selectAll().orderBy("id").execute();
const deliveries = () => database.db.selectFrom("email_deliveries").selectAll().execute();

/** A mailer that fails (or succeeds) on command and records what it sent. */
function scriptedMailer(inner: Mailer) {
  const sent: OutgoingMail[] = [];
  let failWith: string | null = null;
  const mailer: Mailer & { sent: OutgoingMail[]; fail(message: string | null): void } = {
    kind: "mailbox",
    from: inner.from,
    sent,
    fail: (message) => void (failWith = message),
    async send(mail) {
      if (failWith) throw new Error(failWith);
      sent.push(mail);
      await inner.send(mail);
    },
    close: async () => {},
  };
  return mailer;
}

describe("notify (the outbox)", () => {
  it("writes nothing when the feature's transaction rolls back, so nothing is ever sent", async () => {
    const anna = await makeUser("anna");
    const { services } = createTestServices(database, { start });
    await expect(
      database.db.transaction().execute(async (trx) => {
        await notify(trx, { userId: anna.id, kind: "pledge.saved", data: pledgeData });
        throw new Error("the pledge failed after all");
      }),
    ).rejects.toThrow("the pledge failed");
    expect(await database.db.selectFrom("notifications").selectAll().execute()).toEqual([]);
    expect(await deliverDueEmails(services, start)).toEqual({ sent: 0, failed: 0 });
    expect(await mailbox()).toEqual([]);
  });

  it("delivers a committed notification once, in the recipient's language, with a deterministic Message-ID", async () => {
    const daan = await makeUser("daan", { locale: "en" });
    const { services } = createTestServices(database, { start });
    await database.db.transaction().execute((trx) => notify(trx, { userId: daan.id, kind: "pledge.charged", data: pledgeData }));
    expect(await deliverDueEmails(services, start)).toEqual({ sent: 1, failed: 0 });
    // A redelivered job (pg-boss may run it again) finds nothing to send.
    expect(await deliverNotificationsJob.run({ ...services, now: start }, {})).toEqual({ processed: 0, detail: { sent: 0, failed: 0 } });
    const [mail, ...rest] = await mailbox();
    expect(rest).toEqual([]);
    const [n] = await database.db.selectFrom("notifications").select("id").execute();
    expect(mail).toMatchObject({
      to_address: "daan@example.nl",
      subject: "€25.00 charged for Buurtmoestuin Lombok",
      message_id: messageIdFor("http://localhost:3000", n!.id),
    });
    expect(mail!.message_id).toBe(`<n-${n!.id}@localhost>`);
    expect(mail!.text_body).toContain("Hello Daan,");
    expect(mail!.text_body).toContain("http://localhost:3000/me/pledges");
    expect(mail!.html_body).toContain('<html lang="en">');
    const [d] = await deliveries();
    expect(d).toMatchObject({ state: "sent", attempts: 1, sent_at: start });
    const events = await database.db.selectFrom("email_delivery_events").select(["from_state", "to_state"]).orderBy("id").execute();
    expect(events).toEqual([
      { from_state: "pending", to_state: "sending" },
      { from_state: "sending", to_state: "sent" },
    ]);
  });

  it("makes repeated calls with one dedupe key a no-op, per user and kind", async () => {
    const anna = await makeUser("anna");
    const eva = await makeUser("eva");
    await database.db.transaction().execute(async (trx) => {
      for (let i = 0; i < 3; i++) await notify(trx, { userId: anna.id, kind: "loan.requested", data: loanData, dedupeKey: "loan:l1:requested" });
      await notify(trx, { userId: anna.id, kind: "loan.accepted", data: loanData, dedupeKey: "loan:l1:requested" });
      await notify(trx, { userId: eva.id, kind: "loan.requested", data: loanData, dedupeKey: "loan:l1:requested" });
      // Without a key every call counts.
      await notify(trx, { userId: eva.id, kind: "loan.overdue", data: { loanId: "l1", itemTitle: "Ladder", otherPartyName: "Anna", date: "2026-12-03" } });
      await notify(trx, { userId: eva.id, kind: "loan.overdue", data: { loanId: "l1", itemTitle: "Ladder", otherPartyName: "Anna", date: "2026-12-04" } });
    });
    expect(await database.db.selectFrom("notifications").select("id").execute()).toHaveLength(5);
    expect(await deliveries()).toHaveLength(5);
  });

  it("refuses data of the wrong shape (a programming error), rolling back the caller", async () => {
    const anna = await makeUser("anna");
    await expect(
      database.db
        .transaction()
        .execute((trx) =>
          notify(trx, { userId: anna.id, kind: "pledge.payment_failed", data: { ...pledgeData, fixPath: "https://evil.example/pay", fixUntil: "2026-12-05" } }),
        ),
    ).rejects.toThrow(/fixPath/);
    await expect(
      database.db.transaction().execute((trx) => notify(trx, { userId: anna.id, kind: "pledge.saved", data: { ...pledgeData, amountCents: 12.5 } })),
    ).rejects.toThrow(/amountCents/);
    expect(await database.db.selectFrom("notifications").select("id").execute()).toEqual([]);
  });

  it("notifies a neighbourhood's moderators, or the admins when it has none", async () => {
    const kees = await makeUser("kees", { role: "moderator", neighbourhoodId: "oost" });
    const admin = await makeUser("beheer", { role: "admin" });
    await makeUser("anna", { neighbourhoodId: "oost" });
    const data = { projectSlug: "tuin", projectTitle: "Tuin" };
    expect(await database.db.transaction().execute((trx) => notifyModerators(trx, { neighbourhoodId: "oost", kind: "project.submitted", data }))).toBe(1);
    expect(await database.db.transaction().execute((trx) => notifyModerators(trx, { neighbourhoodId: "lombok", kind: "project.submitted", data }))).toBe(1);
    const rows = await database.db.selectFrom("notifications").select(["user_id", "category"]).execute();
    expect(rows.map((r) => r.user_id).sort()).toEqual([kees.id, admin.id].sort());
    expect(rows.every((r) => r.category === "moderation")).toBe(true);
  });
});

describe("delivery: crashes, retries, failures", () => {
  it("a job retried after a crash between sending and recording sends the e-mail once", async () => {
    const anna = await makeUser("anna");
    const { services, clock } = createTestServices(database, { start });
    await database.db.transaction().execute((trx) => notify(trx, { userId: anna.id, kind: "pledge.saved", data: pledgeData }));

    // Worker 1 claims and sends, then the process dies before it records the outcome.
    const claimed = await claimDueDeliveries(database.db, { now: clock.now(), limit: 10 });
    expect(claimed).toHaveLength(1);
    await services.mailer.send(await composeEmail(services, claimed[0]!, clock.now()));
    expect(await mailbox()).toHaveLength(1);

    // While the lease holds, a rerun leaves the row alone.
    expect(await deliverDueEmails(services, clock.now())).toEqual({ sent: 0, failed: 0 });
    // After the lease expires the job is retried: it delivers again with the same Message-ID.
    clock.advance(LEASE_MS);
    expect(await deliverDueEmails(services, clock.now())).toEqual({ sent: 1, failed: 0 });
    expect(await mailbox()).toHaveLength(1);
    const [d] = await deliveries();
    expect(d).toMatchObject({ state: "sent", attempts: 2 });
    // And once recorded, further runs send nothing.
    clock.advance(LEASE_MS);
    expect(await deliverDueEmails(services, clock.now())).toEqual({ sent: 0, failed: 0 });
    expect(await mailbox()).toHaveLength(1);
  });

  it("two sweeps running at once send each message once", async () => {
    const users = await Promise.all(["a1", "a2", "a3"].map((k) => makeUser(k)));
    await database.db.transaction().execute(async (trx) => {
      for (const u of users) for (let i = 0; i < 4; i++) await notify(trx, { userId: u.id, kind: "pledge.saved", data: { ...pledgeData, pledgeId: `p${i}` } });
    });
    const mailer = scriptedMailer(createMailboxMailer(database.db, { from: "test@buurtkracht.local" }));
    const a = createTestServices(database, { start, mailer }).services;
    const b = createTestServices(database, { start, mailer }).services;
    const [ra, rb] = await Promise.all([deliverDueEmails(a, start, { batchSize: 2 }), deliverDueEmails(b, start, { batchSize: 2 })]);
    expect(ra.sent + rb.sent).toBe(12);
    expect(mailer.sent).toHaveLength(12);
    expect(new Set(mailer.sent.map((m) => m.messageId)).size).toBe(12);
    expect(await mailbox()).toHaveLength(12);
  });

  it("retries failures with backoff, gives up after the last attempt, and lets an admin retry", async () => {
    const anna = await makeUser("anna");
    const mailer = scriptedMailer(createMailboxMailer(database.db, { from: "test@buurtkracht.local" }));
    const { services, clock } = createTestServices(database, { start, mailer });
    await database.db.transaction().execute((trx) => notify(trx, { userId: anna.id, kind: "pledge.saved", data: pledgeData }));
    mailer.fail("421 4.3.0 smtp.example.nl: try again later");

    expect(await deliverDueEmails(services, clock.now())).toEqual({ sent: 0, failed: 1 });
    let [d] = await deliveries();
    expect(d).toMatchObject({ state: "pending", attempts: 1, last_error: "421 4.3.0 smtp.example.nl: try again later" });
    expect(d!.next_attempt_at!.getTime() - clock.now().getTime()).toBe(60_000);
    // Not due yet: nothing happens.
    clock.advance(59_000);
    expect(await deliverDueEmails(services, clock.now())).toEqual({ sent: 0, failed: 0 });
    // Keep failing until it is given up.
    for (let i = 1; i < MAX_ATTEMPTS; i++) {
      [d] = await deliveries();
      clock.advance(Math.max(0, d!.next_attempt_at!.getTime() - clock.now().getTime()));
      expect(await deliverDueEmails(services, clock.now())).toEqual({ sent: 0, failed: 1 });
    }
    [d] = await deliveries();
    expect(d).toMatchObject({ state: "failed", attempts: MAX_ATTEMPTS });
    clock.advance(24 * 3600_000);
    expect(await deliverDueEmails(services, clock.now())).toEqual({ sent: 0, failed: 0 });

    // An admin retries once the mail server is back.
    mailer.fail(null);
    const retried = await database.db.transaction().execute((trx) => applyDeliveryEvent(trx, d!.notification_id, { type: "retry", now: clock.now() }, anna.id));
    expect(retried.ok).toBe(true);
    expect(await deliverDueEmails(services, clock.now())).toEqual({ sent: 1, failed: 0 });
    expect(mailer.sent).toHaveLength(1);
    const events = await database.db.selectFrom("email_delivery_events").select(["to_state", "actor_id"]).orderBy("id").execute();
    expect(events.filter((e) => e.to_state === "failed")).toHaveLength(1);
    expect(events.find((e) => e.actor_id === anna.id)?.to_state).toBe("pending");
  });
});

describe("preferences and unsubscribe", () => {
  it("skips e-mail for a category the user switched off, but still lists the notification in the app", async () => {
    const anna = await makeUser("anna");
    const { services } = createTestServices(database, { start });
    await setEmailPreference(database.db, anna.id, "loans", false, start);
    await database.db.transaction().execute(async (trx) => {
      await notify(trx, { userId: anna.id, kind: "loan.requested", data: loanData });
      await notify(trx, { userId: anna.id, kind: "pledge.saved", data: pledgeData });
    });
    expect(await deliverDueEmails(services, start)).toEqual({ sent: 1, failed: 0 });
    expect((await mailbox()).map((m) => m.subject)).toEqual(["Je steun voor Buurtmoestuin Lombok is vastgelegd"]);
    const states = await database.db
      .selectFrom("email_deliveries as d")
      .innerJoin("notifications as n", "n.id", "d.notification_id")
      .select(["n.kind", "d.state"])
      .orderBy("n.kind")
      .execute();
    expect(states).toEqual([
      { kind: "loan.requested", state: "skipped" },
      { kind: "pledge.saved", state: "sent" },
    ]);
    expect(await countUnread(database.db, anna.id)).toBe(2);
  });

  it("always sends money-transactional and account mail, whatever the preferences", async () => {
    const anna = await makeUser("anna");
    const { services } = createTestServices(database, { start });
    for (const c of ["projects_backed", "my_projects"] as const) await setEmailPreference(database.db, anna.id, c, false, start);
    await database.db.transaction().execute(async (trx) => {
      await notify(trx, { userId: anna.id, kind: "pledge.payment_failed", data: { ...pledgeData, fixPath: "/me/pledges/p1/fix", fixUntil: "2026-12-05" } });
      await notify(trx, { userId: anna.id, kind: "pledge.refunded", data: pledgeData });
      await notify(trx, { userId: anna.id, kind: "payout.sent", data: { projectSlug: "tuin", projectTitle: "Tuin", amountCents: 100_000 } });
      await notify(trx, { userId: anna.id, kind: "pledge.charged", data: pledgeData });
    });
    await deliverDueEmails(services, start);
    const mails = await mailbox();
    // "Afgeschreven" is a receipt for money taken (issue 13 §17): sent whatever the preferences, linking to the receipt.
    expect(mails.map((m) => m.headers["X-Buurtkracht-Kind"]).sort()).toEqual(["payout.sent", "pledge.charged", "pledge.payment_failed", "pledge.refunded"]);
    const receipt = mails.find((m) => m.headers["X-Buurtkracht-Kind"] === "pledge.charged")!;
    expect(receipt.text_body).toContain(`http://localhost:3000/me/pledges/${pledgeData.pledgeId}`);
    expect(receipt.headers["List-Unsubscribe"]).toBeUndefined();
    const failed = mails.find((m) => m.headers["X-Buurtkracht-Kind"] === "pledge.payment_failed")!;
    expect(failed.text_body).toContain("http://localhost:3000/me/pledges/p1/fix");
    expect(failed.text_body).toContain("5 december 2026");
    // No unsubscribe for mail that cannot be switched off.
    expect(failed.headers["List-Unsubscribe"]).toBeUndefined();
    expect(failed.text_body).toContain("Meldingen instellen: http://localhost:3000/settings/notifications");
  });

  it("puts a signed one-click unsubscribe link for the category in the mail and its headers", async () => {
    const anna = await makeUser("anna");
    const { services } = createTestServices(database, { start });
    await database.db.transaction().execute((trx) => notify(trx, { userId: anna.id, kind: "loan.requested", data: loanData }));
    await deliverDueEmails(services, start);
    const [mail] = await mailbox();
    const header = mail!.headers["List-Unsubscribe"]!;
    expect(mail!.headers["List-Unsubscribe-Post"]).toBe("List-Unsubscribe=One-Click");
    const url = new URL(header.slice(1, -1));
    expect(url.pathname).toBe("/unsubscribe");
    expect(mail!.text_body).toContain(url.toString());
    expect(mail!.html_body).toContain(url.toString().replace(/&/g, "&amp;"));
    expect(parseUnsubscribeToken(services.signer, url.searchParams.get("token"))).toEqual({ userId: anna.id, category: "loans" });

    // Unsubscribing turns off that category only.
    expect(await unsubscribe(database.db, services.signer, url.searchParams.get("token"), start)).toEqual({ ok: true, category: "loans" });
    expect(await getEmailPreferences(database.db, anna.id)).toEqual({
      projects_backed: true,
      my_projects: true,
      loans: false,
      reviews: true,
      moderation: true,
      ideas: true,
      digest: false,
    });
  });

  it("refuses forged or altered unsubscribe tokens", async () => {
    const anna = await makeUser("anna");
    const eva = await makeUser("eva");
    const { services } = createTestServices(database, { start });
    const token = unsubscribeToken(services.signer, anna.id, "loans");
    const [, , sig] = token.split(".");
    for (const bad of [
      `${eva.id}.loans.${sig}`,
      `${anna.id}.projects_backed.${sig}`,
      `${anna.id}.account.${sig}`,
      `${anna.id}.loans`,
      "",
      null,
      `${token}.x`,
    ]) {
      expect(await unsubscribe(database.db, services.signer, bad, start)).toEqual({ ok: false, error: "InvalidLink" });
    }
    const otherSecret = createTestServices(database, { start }).services;
    expect(parseUnsubscribeToken(otherSecret.signer, token)).not.toBeNull(); // same test secret
    expect(await database.db.selectFrom("notification_preferences").selectAll().execute()).toEqual([]);
  });
});

describe("in-app notifications", () => {
  it("lists in-app notifications newest first, counts unread, and marks read for their owner only", async () => {
    const anna = await makeUser("anna");
    const eva = await makeUser("eva");
    await database.db.transaction().execute(async (trx) => {
      await notify(trx, { userId: anna.id, kind: "pledge.saved", data: pledgeData });
      await notify(trx, { userId: anna.id, kind: "loan.requested", data: loanData });
      await notify(trx, { userId: anna.id, kind: "account.password_reset", data: { token: "x".repeat(43) } });
      await notify(trx, { userId: eva.id, kind: "pledge.saved", data: pledgeData });
    });
    expect(await countUnread(database.db, anna.id)).toBe(2); // the reset mail is not in-app
    const { items, nextBefore } = await listNotifications(database.db, anna.id, { locale: "nl" });
    expect(nextBefore).toBeNull();
    expect(items.map((i) => i.title)).toEqual(["Mohammed wil Ladder lenen", "Je steun voor Buurtmoestuin Lombok is vastgelegd"]);
    expect(items[0]).toMatchObject({ path: "/loans/l1", read: false, kind: "loan.requested" });

    const evaItem = (await listNotifications(database.db, eva.id, { locale: "en" })).items[0]!;
    expect(evaItem.title).toBe("Your pledge to Buurtmoestuin Lombok is saved");
    expect(await markRead(database.db, anna.id, evaItem.id, start)).toBe(false);
    expect(await markRead(database.db, anna.id, "not-a-uuid", start)).toBe(false);
    expect(await markRead(database.db, anna.id, items[0]!.id, start)).toBe(true);
    expect(await countUnread(database.db, anna.id)).toBe(1);
    expect(await markAllRead(database.db, anna.id, start)).toBe(1);
    expect(await countUnread(database.db, anna.id)).toBe(0);
    expect(await countUnread(database.db, eva.id)).toBe(1);
  });

  it("pages through long lists and caps the unread count", async () => {
    const anna = await makeUser("anna");
    await database.db.transaction().execute(async (trx) => {
      for (let i = 0; i < 35; i++) await notify(trx, { userId: anna.id, kind: "pledge.saved", data: { ...pledgeData, pledgeId: `p${i}` } });
    });
    expect(await countUnread(database.db, anna.id, 20)).toBe(20);
    const first = await listNotifications(database.db, anna.id, { locale: "nl" });
    expect(first.items).toHaveLength(30);
    const second = await listNotifications(database.db, anna.id, { locale: "nl", before: first.nextBefore });
    expect(second.items).toHaveLength(5);
    expect(second.nextBefore).toBeNull();
    expect(new Set([...first.items, ...second.items].map((i) => i.id)).size).toBe(35);
  });

  it("drops the token from a sent account mail's stored data", async () => {
    const anna = await makeUser("anna");
    const { services } = createTestServices(database, { start });
    await database.db.transaction().execute((trx) => notify(trx, { userId: anna.id, kind: "account.password_reset", data: { token: "t".repeat(43) } }));
    await deliverDueEmails(services, start);
    const [row] = await database.db.selectFrom("notifications").select("data").execute();
    expect(row!.data).toEqual({});
    expect((await mailbox())[0]!.text_body).toContain(`/reset-password?token=${"t".repeat(43)}`);
  });
});

describe("weekly digest", () => {
  const section: DigestSection = {
    key: "test.new-things",
    titleKey: "notifications.category.loans",
    async collect(_db, ctx) {
      return ctx.neighbourhoodId === "lombok" ? [{ title: "Boormachine", path: "/items/1", detail: ctx.weekOf }] : [];
    },
  };

  it("goes only to users who opted in, once per week, and skips empty digests", async () => {
    const anna = await makeUser("anna");
    const daan = await makeUser("daan", { locale: "en" });
    const eva = await makeUser("eva", { neighbourhoodId: "oost" });
    await makeUser("piet"); // did not opt in
    for (const u of [anna, daan, eva]) await setEmailPreference(database.db, u.id, "digest", true, start);
    const { services } = createTestServices(database, { start });

    expect(await buildWeeklyDigests(database.db, { now: start, sections: [section] })).toEqual({ created: 2, empty: 1 });
    expect(await buildWeeklyDigests(database.db, { now: new Date(start.getTime() + 3600_000), sections: [section] })).toEqual({ created: 0, empty: 1 });
    await deliverDueEmails(services, start);
    const mails = await mailbox();
    expect(mails.map((m) => m.to_address).sort()).toEqual(["anna@example.nl", "daan@example.nl"]);
    const daanMail = mails.find((m) => m.to_address === "daan@example.nl")!;
    expect(daanMail.subject).toBe("This week in Lombok");
    expect(daanMail.text_body).toContain("Lending and borrowing");
    expect(daanMail.text_body).toContain("- Boormachine (2026-11-23): http://localhost:3000/items/1");
    expect(daanMail.headers["List-Unsubscribe"]).toMatch(/unsubscribe\?token=.*\.digest\./);
    // Not in the bell list.
    expect(await countUnread(database.db, daan.id)).toBe(0);
    // Next week: a new digest.
    expect(await buildWeeklyDigests(database.db, { now: new Date(start.getTime() + 7 * 86_400_000), sections: [section] })).toEqual({ created: 2, empty: 1 });
  });

  it("leaves out a failing section without losing the others", async () => {
    const anna = await makeUser("anna");
    await setEmailPreference(database.db, anna.id, "digest", true, start);
    const errors: string[] = [];
    const broken: DigestSection = { key: "broken", titleKey: "notifications.title", collect: async () => Promise.reject(new Error("no table")) };
    expect(await buildWeeklyDigests(database.db, { now: start, sections: [broken, section], onSectionError: (k) => errors.push(k) })).toEqual({
      created: 1,
      empty: 0,
    });
    expect(errors).toEqual(["broken"]);
  });
});
