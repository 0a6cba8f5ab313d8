import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { deliverDueEmails } from "../notifications/delivery.server";
import { action as forgotAction } from "../routes/forgot-password";
import { action as resetAction, loader as resetLoader } from "../routes/reset-password";
import { action as signupAction } from "../routes/signup";
import { action as verifyAction } from "../routes/verify-email";
import { action as resendAction } from "../routes/verify-email.resend";
import { createTestDatabase, truncateAll } from "../test/db";
import { createTestServices, sessionCookieFor, testContext } from "../test/services";
import type { DatabaseHandle } from "../utils/db.server";
import {
  MAX_RESET_MAILS_PER_HOUR,
  MAX_VERIFY_MAILS_PER_HOUR,
  requestPasswordReset,
  resendVerificationEmail,
  resetPassword,
  verifyEmail,
} from "./account-tokens.server";
import { signUp, verifyLogin } from "./accounts.server";
import { getOptionalUser } from "./guards.server";

let database: DatabaseHandle;
const start = new Date("2026-11-28T10:00:00Z");

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => database?.close());
beforeEach(async () => {
  await truncateAll(database);
  await database.db.insertInto("neighbourhoods").values({ id: "lombok", name: "Lombok", city: "Utrecht", municipality: "Utrecht" }).execute();
});

const input = { email: "marieke@example.nl", displayName: "Marieke", password: "een-goed-wachtwoord", neighbourhoodId: "lombok", locale: "nl" as const };
const post = (path: string, fields: Record<string, string>, cookie?: string) =>
  new Request(`http://localhost${path}`, { method: "POST", body: new URLSearchParams(fields), headers: cookie ? { Cookie: cookie } : {} });

/** The token in the newest mailbox message's link to `path`. */
async function tokenFromMail(path: "/verify-email" | "/reset-password"): Promise<string> {
  const mail = await database.db.selectFrom("mailbox_messages").select("text_body").orderBy("id", "desc").executeTakeFirstOrThrow();
  const match = mail.text_body.match(new RegExp(`http://localhost:3000${path}\\?token=([A-Za-z0-9_-]+)`));
  if (!match) throw new Error(`no ${path} link in: ${mail.text_body}`);
  return match[1]!;
}

describe("e-mail verification", () => {
  it("sign-up queues the verification mail in its own transaction; the link verifies once and logs in", async () => {
    const { services, jobs, clock } = createTestServices(database, { start });
    const context = testContext(services);
    const res = (await signupAction({ request: post("/signup", { ...input, redirectTo: "/projects/moestuin" }), context, params: {} })) as Response;
    expect(res.status).toBe(302);
    // Sign-up does not log in (that would tell who has an account): the link does.
    expect(res.headers.get("Location")).toBe("/signup/check-email?email=marieke%40example.nl");
    expect(res.headers.get("Set-Cookie")).toBeNull();
    expect(jobs.sent).toEqual([{ name: "notifications.deliver", data: {} }]);

    await deliverDueEmails(services, clock.now());
    const token = await tokenFromMail("/verify-email");
    const mail = await database.db.selectFrom("mailbox_messages").selectAll().executeTakeFirstOrThrow();
    expect(mail).toMatchObject({ to_address: "marieke@example.nl", subject: "Bevestig je e-mailadres" });
    expect(mail.headers["List-Unsubscribe"]).toBeUndefined();
    // Only a hash of the token is stored.
    const stored = await database.db.selectFrom("account_tokens").select("token_hash").executeTakeFirstOrThrow();
    expect(stored.token_hash).not.toContain(token);

    const verified = (await verifyAction({ request: post("/verify-email", { token }), context, params: {} })) as Response;
    expect(verified.status).toBe(302);
    expect(verified.headers.get("Location")).toBe("/projects/moestuin");
    const cookie = verified.headers.get("Set-Cookie")!.split(";")[0]!;
    expect((await getOptionalUser(context, new Request("http://localhost/", { headers: { Cookie: cookie } })))?.emailVerified).toBe(true);
    expect((await verifyEmail(database.db, token, clock.now())).ok).toBe(false); // single use
    const events = await database.db.selectFrom("user_events").select("kind").orderBy("id").execute();
    expect(events.map((e) => e.kind)).toEqual(["signed_up", "email_verified"]);
  });

  it("sends nothing when the sign-up fails", async () => {
    await signUp(database.db, { ...input, emailVerified: true }, start);
    const again = await signUp(database.db, { ...input, displayName: "Tweede" }, start);
    expect(again.ok).toBe(false);
    expect(await database.db.selectFrom("notifications").select("id").execute()).toEqual([]);
    expect(await database.db.selectFrom("account_tokens").select("id").execute()).toEqual([]);
  });

  it("refuses expired, unknown and malformed tokens", async () => {
    const r = await signUp(database.db, input, start);
    if (!r.ok) throw new Error(r.error);
    const { services } = createTestServices(database, { start });
    await deliverDueEmails(services, start);
    const token = await tokenFromMail("/verify-email");
    for (const bad of ["x".repeat(43), "", null, `${token}a`, token.replace(/^./, (c) => (c === "A" ? "B" : "A"))]) {
      expect(await verifyEmail(database.db, bad, start)).toEqual({ ok: false, error: "InvalidToken" });
    }
    expect(await verifyEmail(database.db, token, new Date(start.getTime() + 7 * 86_400_000))).toEqual({ ok: false, error: "InvalidToken" });
    expect((await verifyEmail(database.db, token, new Date(start.getTime() + 7 * 86_400_000 - 1000))).ok).toBe(true);
  });

  it("resends on request, a limited number of times per hour, and not once verified", async () => {
    const r = await signUp(database.db, input, start);
    if (!r.ok) throw new Error(r.error);
    for (let i = 1; i < MAX_VERIFY_MAILS_PER_HOUR; i++) expect(await resendVerificationEmail(database.db, r.user.id, start)).toEqual({ ok: true });
    expect(await resendVerificationEmail(database.db, r.user.id, start)).toEqual({ ok: false, error: "TooMany" });
    expect(await resendVerificationEmail(database.db, r.user.id, new Date(start.getTime() + 3601_000))).toEqual({ ok: true });

    const { services, jobs } = createTestServices(database, { start: new Date(start.getTime() + 3601_000) });
    const cookie = await sessionCookieFor(services, r.user.id);
    const res = (await resendAction({
      request: post("/verify-email/resend", { redirectTo: "/profile" }, cookie),
      context: testContext(services),
      params: {},
    })) as Response;
    expect(res.headers.get("Location")).toBe("/profile");
    expect(jobs.sent.map((j) => j.name)).toEqual(["notifications.deliver"]);
    await database.db.updateTable("users").set({ email_verified_at: start }).execute();
    expect(await resendVerificationEmail(database.db, r.user.id, start)).toEqual({ ok: false, error: "AlreadyVerified" });
  });
});

describe("password reset", () => {
  async function account() {
    const r = await signUp(database.db, { ...input, emailVerified: true }, start);
    if (!r.ok) throw new Error(r.error);
    return r.user;
  }

  it("answers the same for known and unknown addresses, and mails only the known one", async () => {
    await account();
    const { services, jobs } = createTestServices(database, { start });
    const context = testContext(services);
    const known = await forgotAction({ request: post("/forgot-password", { email: "Marieke@Example.nl" }), context, params: {} });
    const unknown = await forgotAction({ request: post("/forgot-password", { email: "niemand@example.nl" }), context, params: {} });
    expect(known).toEqual({ ok: true });
    expect(unknown).toEqual(known);
    expect(jobs.sent).toHaveLength(1);
    await deliverDueEmails(services, start);
    const mails = await database.db.selectFrom("mailbox_messages").select(["to_address", "subject"]).execute();
    expect(mails).toEqual([{ to_address: "marieke@example.nl", subject: "Kies een nieuw wachtwoord" }]);
  });

  it("sets a new password with the link: single use, voids old sessions, and the old password stops working", async () => {
    const user = await account();
    const { services, clock } = createTestServices(database, { start });
    const context = testContext(services);
    const oldCookie = await sessionCookieFor(services, user.id, start);
    await requestPasswordReset(database.db, "marieke@example.nl", start);
    await deliverDueEmails(services, start);
    const token = await tokenFromMail("/reset-password");

    clock.advance(30 * 60_000);
    const form = (await resetLoader({ request: new Request(`http://localhost/reset-password?token=${token}`), context, params: {} })) as unknown as {
      data: { token: string | null };
    };
    expect(form.data.token).toBe(token);
    const short = (await resetAction({ request: post("/reset-password", { token, password: "kort" }), context, params: {} })) as unknown as {
      data: { errors: Record<string, string> };
    };
    expect(short.data.errors).toEqual({ password: "auth.error.passwordShort" });
    const done = (await resetAction({ request: post("/reset-password", { token, password: "nieuw-wachtwoord-123" }), context, params: {} })) as Response;
    expect(done.status).toBe(302);
    expect(done.headers.get("Location")).toBe("/login");

    expect((await verifyLogin(database.db, "marieke@example.nl", "nieuw-wachtwoord-123")).ok).toBe(true);
    expect((await verifyLogin(database.db, "marieke@example.nl", input.password)).ok).toBe(false);
    expect(await getOptionalUser(context, new Request("http://localhost/", { headers: { Cookie: oldCookie } }))).toBeNull();
    expect(await resetPassword(database.db, { token, password: "nog-een-wachtwoord" }, clock.now())).toEqual({ ok: false, error: "InvalidToken" });
    const again = (await resetLoader({ request: new Request(`http://localhost/reset-password?token=${token}`), context, params: {} })) as unknown as {
      data: { token: string | null };
    };
    expect(again.data.token).toBeNull();
  });

  it("expires the link after one hour, and a used link voids the other open ones", async () => {
    await account();
    const { services } = createTestServices(database, { start });
    await requestPasswordReset(database.db, "marieke@example.nl", start);
    await deliverDueEmails(services, start);
    const first = await tokenFromMail("/reset-password");
    await requestPasswordReset(database.db, "marieke@example.nl", start);
    await deliverDueEmails(services, start);
    const second = await tokenFromMail("/reset-password");
    expect(second).not.toBe(first);

    expect(await resetPassword(database.db, { token: first, password: "te-laat-wachtwoord" }, new Date(start.getTime() + 3600_000))).toEqual({
      ok: false,
      error: "InvalidToken",
    });
    expect((await resetPassword(database.db, { token: second, password: "op-tijd-wachtwoord" }, new Date(start.getTime() + 3599_000))).ok).toBe(true);
    await requestPasswordReset(database.db, "marieke@example.nl", start); // the third of this hour
    await deliverDueEmails(services, start);
    const third = await tokenFromMail("/reset-password");
    expect((await resetPassword(database.db, { token: third, password: "derde-wachtwoord!" }, start)).ok).toBe(true);
    expect(await resetPassword(database.db, { token: first, password: "oude-link-wachtwoord" }, start)).toEqual({ ok: false, error: "InvalidToken" });
  });

  it("limits reset mails per account per hour, and a reset also confirms the address", async () => {
    const r = await signUp(database.db, input, start); // unverified
    if (!r.ok) throw new Error(r.error);
    for (let i = 0; i < MAX_RESET_MAILS_PER_HOUR; i++) expect(await requestPasswordReset(database.db, input.email, start)).toEqual({ sent: true });
    expect(await requestPasswordReset(database.db, input.email, start)).toEqual({ sent: false });
    const { services } = createTestServices(database, { start });
    await deliverDueEmails(services, start);
    const token = await tokenFromMail("/reset-password");
    expect((await resetPassword(database.db, { token, password: "nieuw-wachtwoord-123" }, start)).ok).toBe(true);
    const user = await database.db.selectFrom("users").select("email_verified_at").executeTakeFirstOrThrow();
    expect(user.email_verified_at).toEqual(start);
  });
});
