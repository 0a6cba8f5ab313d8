import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { signUp } from "../auth/accounts.server";
import { loader as rootLoader } from "../root";
import { action as adminAction, loader as adminLoader } from "../routes/admin.notifications";
import { loader as mailboxLoader } from "../routes/dev.mailbox._index";
import { loader as mailboxHtmlLoader } from "../routes/dev.mailbox.$id.html";
import { action as notificationsAction, loader as notificationsLoader } from "../routes/notifications";
import { action as unsubscribeAction, loader as unsubscribeLoader } from "../routes/unsubscribe";
import { createTestDatabase, truncateAll } from "../test/db";
import { createTestServices, sessionCookieFor, testContext } from "../test/services";
import type { DatabaseHandle } from "../utils/db.server";
import { parseEnv } from "../utils/env.server";
import { MAX_ATTEMPTS } from "./delivery";
import { deliverDueEmails } from "./delivery.server";
import type { Mailer } from "./mailer.server";
import { notify } from "./notify.server";
import { getEmailPreferences } from "./preferences.server";

let database: DatabaseHandle;
const now = new Date("2026-11-28T10:00:00Z");

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => database?.close());
beforeEach(async () => {
  await truncateAll(database);
  await database.db.insertInto("neighbourhoods").values({ id: "lombok", name: "Lombok", city: "Utrecht", municipality: "Utrecht" }).execute();
});

async function makeUser(key: string, role: "member" | "admin" = "member") {
  const r = await signUp(
    database.db,
    { email: `${key}@example.nl`, displayName: key, password: "a-long-password", neighbourhoodId: "lombok", locale: "nl", role, emailVerified: true },
    now,
  );
  if (!r.ok) throw new Error(r.error);
  return r.user;
}

const loanData = { loanId: "l1", itemTitle: "Ladder", otherPartyName: "Mohammed", startsOn: "2026-12-01", endsOn: "2026-12-03" };
const req = (path: string, init: RequestInit & { cookie?: string } = {}) => {
  const headers = new Headers(init.headers);
  if (init.cookie) headers.set("Cookie", init.cookie);
  return new Request(`http://localhost${path}`, { ...init, headers });
};
const form = (fields: Record<string, string>) => ({ method: "POST", body: new URLSearchParams(fields) });
async function status(p: Promise<unknown>): Promise<number> {
  const r = await p.catch((e: unknown) => e);
  if (r instanceof Response) return r.status;
  const init = (r as { init?: { status?: number } })?.init;
  return init?.status ?? 200;
}

describe("unsubscribe link (no login)", () => {
  async function mailedUnsubscribeUrl() {
    const anna = await makeUser("anna");
    const { services } = createTestServices(database, { start: now });
    await database.db.transaction().execute((trx) => notify(trx, { userId: anna.id, kind: "loan.requested", data: loanData }));
    await deliverDueEmails(services, now);
    const mail = await database.db.selectFrom("mailbox_messages").select("headers").executeTakeFirstOrThrow();
    const url = new URL(mail.headers["List-Unsubscribe"]!.slice(1, -1));
    return { anna, services, path: `${url.pathname}${url.search}` };
  }

  it("shows a confirmation on GET (changing nothing) and unsubscribes only that category on POST", async () => {
    const { anna, services, path } = await mailedUnsubscribeUrl();
    const context = testContext(services);
    const page = (await unsubscribeLoader({ request: req(path), context, params: {} })) as unknown as {
      data: { category: string | null; token: string | null };
    };
    expect(page.data.category).toBe("loans");
    expect((await getEmailPreferences(database.db, anna.id)).loans).toBe(true);

    const token = new URL(`http://x${path}`).searchParams.get("token")!;
    const done = await unsubscribeAction({ request: req("/unsubscribe", form({ token })), context, params: {} });
    expect(done).toEqual({ ok: true, category: "loans" });
    expect(await getEmailPreferences(database.db, anna.id)).toEqual({
      projects_backed: true,
      my_projects: true,
      loans: false,
      reviews: true,
      moderation: true,
      ideas: true,
      digest: false,
    });

    // The next loan mail is not e-mailed, other categories still are.
    await database.db.transaction().execute(async (trx) => {
      await notify(trx, { userId: anna.id, kind: "loan.accepted", data: loanData });
      await notify(trx, { userId: anna.id, kind: "project.launched", data: { projectSlug: "tuin", projectTitle: "Tuin" } });
    });
    await deliverDueEmails(services, now);
    const subjects = (await database.db.selectFrom("mailbox_messages").select("subject").orderBy("id").execute()).map((m) => m.subject);
    expect(subjects).toEqual(["Mohammed wil Ladder lenen", "Je project staat live: Tuin"]);
  });

  it("accepts a mail provider's RFC 8058 one-click POST to the List-Unsubscribe URL", async () => {
    const { anna, services, path } = await mailedUnsubscribeUrl();
    const res = await unsubscribeAction({ request: req(path, form({ "List-Unsubscribe": "One-Click" })), context: testContext(services), params: {} });
    expect(res).toEqual({ ok: true, category: "loans" });
    expect((await getEmailPreferences(database.db, anna.id)).loans).toBe(false);
  });

  it("answers a tampered link with 400 and changes nothing", async () => {
    const { anna, services, path } = await mailedUnsubscribeUrl();
    const tampered = path.replace(".loans.", ".projects_backed.");
    const context = testContext(services);
    expect(await status(unsubscribeLoader({ request: req(tampered), context, params: {} }))).toBe(400);
    expect(await status(unsubscribeAction({ request: req(tampered, form({})), context, params: {} }))).toBe(400);
    expect(await status(unsubscribeAction({ request: req("/unsubscribe", form({ token: "nonsense" })), context, params: {} }))).toBe(400);
    expect(await getEmailPreferences(database.db, anna.id)).toMatchObject({ loans: true, projects_backed: true });
  });
});

describe("dev mailbox access", () => {
  const productionServices = () => {
    const { services } = createTestServices(database, { start: now });
    return { ...services, env: parseEnv({ NODE_ENV: "production", DATA_DIR: "/tmp/x", LOG_LEVEL: "silent" }) };
  };

  it("is open in development and test mode, admins only in production", async () => {
    const anna = await makeUser("anna");
    const admin = await makeUser("beheer", "admin");
    const open = createTestServices(database, { start: now }).services; // NODE_ENV=test, test hooks on
    expect(await status(mailboxLoader({ request: req("/dev/mailbox"), context: testContext(open), params: {} }))).toBe(200);

    const prod = productionServices();
    const context = testContext(prod);
    const anonymous = await mailboxLoader({ request: req("/dev/mailbox"), context, params: {} }).catch((e: unknown) => e);
    expect((anonymous as Response).status).toBe(302);
    expect((anonymous as Response).headers.get("Location")).toMatch(/^\/login\?/);
    expect(await status(mailboxLoader({ request: req("/dev/mailbox", { cookie: await sessionCookieFor(prod, anna.id, now) }), context, params: {} }))).toBe(
      403,
    );
    expect(
      await status(
        mailboxHtmlLoader({ request: req("/dev/mailbox/1/html", { cookie: await sessionCookieFor(prod, anna.id, now) }), context, params: { id: "1" } }),
      ),
    ).toBe(403);
    expect(await status(mailboxLoader({ request: req("/dev/mailbox", { cookie: await sessionCookieFor(prod, admin.id, now) }), context, params: {} }))).toBe(
      200,
    );
  });

  it("serves a message's HTML part sandboxed", async () => {
    const anna = await makeUser("anna");
    const { services } = createTestServices(database, { start: now });
    await database.db.transaction().execute((trx) => notify(trx, { userId: anna.id, kind: "loan.requested", data: loanData }));
    await deliverDueEmails(services, now);
    const [m] = await database.db.selectFrom("mailbox_messages").select("id").execute();
    const res = (await mailboxHtmlLoader({
      request: req(`/dev/mailbox/${m!.id}/html`),
      context: testContext(services),
      params: { id: String(m!.id) },
    })) as Response;
    expect(res.headers.get("Content-Security-Policy")).toMatch(/^sandbox /);
    expect(await res.text()).toContain("Mohammed wil Ladder lenen");
  });
});

describe("bell, notifications page and the admin's delivery page", () => {
  it("counts unread in the root loader and marks read through the page's action", async () => {
    const anna = await makeUser("anna");
    const { services } = createTestServices(database, { start: now });
    const context = testContext(services);
    const cookie = await sessionCookieFor(services, anna.id, now);
    await database.db.transaction().execute(async (trx) => {
      await notify(trx, { userId: anna.id, kind: "loan.requested", data: loanData });
      await notify(trx, { userId: anna.id, kind: "loan.accepted", data: loanData });
    });
    const root = async () =>
      (
        (await rootLoader({ request: req("/", { cookie }), context, params: {} })) as unknown as {
          data: { unreadCount: number; unverifiedEmail: string | null };
        }
      ).data;
    expect(await root()).toMatchObject({ unreadCount: 2, unverifiedEmail: null });
    const page = (await notificationsLoader({ request: req("/notifications", { cookie }), context, params: {} })) as { items: { id: string }[] };
    expect(page.items).toHaveLength(2);
    await notificationsAction({ request: req("/notifications", { ...form({ intent: "read", id: page.items[0]!.id }), cookie }), context, params: {} });
    expect((await root()).unreadCount).toBe(1);
    await notificationsAction({ request: req("/notifications", { ...form({ intent: "read-all" }), cookie }), context, params: {} });
    expect((await root()).unreadCount).toBe(0);
    expect(
      await status(notificationsAction({ request: req("/notifications", { ...form({ intent: "delete-everything" }), cookie }), context, params: {} })),
    ).toBe(400);
    // Not logged in: to the login page.
    expect(await status(notificationsLoader({ request: req("/notifications"), context, params: {} }))).toBe(302);
  });

  it("shows admins the failing deliveries with their last error and lets them retry; members get 403", async () => {
    const anna = await makeUser("anna");
    const admin = await makeUser("beheer", "admin");
    const broken: Mailer = { kind: "smtp", from: "x@y.nl", send: async () => Promise.reject(new Error("550 mailbox unavailable")), close: async () => {} };
    const { services, clock } = createTestServices(database, { start: now, mailer: broken });
    await database.db.transaction().execute((trx) => notify(trx, { userId: anna.id, kind: "loan.requested", data: loanData }));
    for (let i = 0; i < MAX_ATTEMPTS; i++) {
      await deliverDueEmails(services, clock.now());
      clock.advance(13 * 3600_000);
    }
    const context = testContext(services);
    const adminCookie = await sessionCookieFor(services, admin.id, clock.now());
    expect(
      await status(
        adminLoader({ request: req("/admin/notifications", { cookie: await sessionCookieFor(services, anna.id, clock.now()) }), context, params: {} }),
      ),
    ).toBe(403);
    const page = (await adminLoader({ request: req("/admin/notifications", { cookie: adminCookie }), context, params: {} })) as {
      problems: { notificationId: string; state: string; attempts: number; lastError: string; recipient: string }[];
      counts: { failed: number };
    };
    expect(page.counts.failed).toBe(1);
    expect(page.problems).toEqual([
      expect.objectContaining({ state: "failed", attempts: MAX_ATTEMPTS, lastError: "550 mailbox unavailable", recipient: "anna@example.nl" }),
    ]);
    expect(
      await adminAction({
        request: req("/admin/notifications", { ...form({ notificationId: page.problems[0]!.notificationId }), cookie: adminCookie }),
        context,
        params: {},
      }),
    ).toEqual({ ok: true });
    const d = await database.db.selectFrom("email_deliveries").select(["state", "attempts"]).executeTakeFirstOrThrow();
    expect(d).toEqual({ state: "pending", attempts: 0 });
    // Retrying something that is not failed is refused.
    expect(
      await status(
        adminAction({
          request: req("/admin/notifications", { ...form({ notificationId: page.problems[0]!.notificationId }), cookie: adminCookie }),
          context,
          params: {},
        }),
      ),
    ).toBe(409);
  });
});
