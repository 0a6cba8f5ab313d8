import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { seedDemo } from "../demo/seed.server";
import { createTestDatabase, truncateAll } from "../test/db";
import { createTestServices, testContext } from "../test/services";
import type { DatabaseHandle } from "../utils/db.server";
import { signUp, verifyLogin } from "./accounts.server";
import { action as signupAction } from "../routes/signup";
import { action as loginAction } from "../routes/login";
import { getOptionalUser } from "./guards.server";

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

const input = { email: "anna@example.nl", displayName: "Anna", password: "correct horse battery", neighbourhoodId: "lombok", locale: "nl" as const };

describe("signUp", () => {
  it("creates the account with a hashed password, a handle and a signed_up event", async () => {
    const result = await signUp(database.db, input, now);
    expect(result.ok).toBe(true);
    const row = await database.db.selectFrom("users").selectAll().executeTakeFirstOrThrow();
    expect(row.password_hash).toMatch(/^\$argon2id\$/);
    expect(row.password_hash).not.toContain("correct horse");
    expect(row.handle).toBe("anna");
    const events = await database.db.selectFrom("user_events").selectAll().execute();
    expect(events.map((e) => e.kind)).toEqual(["signed_up"]);
  });

  it("refuses a taken address (any case) and writes nothing", async () => {
    await signUp(database.db, input, now);
    const again = await signUp(database.db, { ...input, email: "ANNA@example.nl", displayName: "Other" }, now);
    expect(again).toEqual({ ok: false, field: "email", error: "auth.error.emailTaken" });
    expect(await database.db.selectFrom("users").select("id").execute()).toHaveLength(1);
    expect(await database.db.selectFrom("user_events").select("id").execute()).toHaveLength(1);
  });

  it("gives a second Anna her own handle", async () => {
    await signUp(database.db, input, now);
    const second = await signUp(database.db, { ...input, email: "anna2@example.nl" }, now);
    expect(second.ok && second.user.handle).toBe("anna-2");
  });

  it("refuses an unknown neighbourhood", async () => {
    const r = await signUp(database.db, { ...input, neighbourhoodId: "atlantis" }, now);
    expect(r).toMatchObject({ ok: false, field: "neighbourhoodId" });
  });

  it("lets two concurrent sign-ups for one address produce exactly one account", async () => {
    const results = await Promise.all([signUp(database.db, input, now), signUp(database.db, { ...input, displayName: "Anna B" }, now)]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(await database.db.selectFrom("users").select("id").execute()).toHaveLength(1);
  });

  it("gives two neighbours of the same name who sign up at once a handle each", async () => {
    const results = await Promise.all(["a", "b", "c"].map((x) => signUp(database.db, { ...input, email: `anna.${x}@example.nl` }, now)));
    expect(results.every((r) => r.ok)).toBe(true);
    const handles = (await database.db.selectFrom("users").select("handle").execute()).map((r) => r.handle).sort();
    expect(handles).toEqual(["anna", "anna-2", "anna-3"]);
  });
});

describe("verifyLogin", () => {
  it("accepts the right password only", async () => {
    await signUp(database.db, input, now);
    expect((await verifyLogin(database.db, "anna@example.nl", "correct horse battery")).ok).toBe(true);
    expect(await verifyLogin(database.db, "anna@example.nl", "wrong password")).toEqual({ ok: false, error: "invalid" });
    expect(await verifyLogin(database.db, "nobody@example.nl", "whatever")).toEqual({ ok: false, error: "invalid" });
  });

  it("refuses suspended accounts", async () => {
    await signUp(database.db, input, now);
    await database.db.updateTable("users").set({ suspended_at: now }).execute();
    expect(await verifyLogin(database.db, "anna@example.nl", "correct horse battery")).toEqual({ ok: false, error: "suspended" });
  });
});

const post = (path: string, fields: Record<string, string>, headers: Record<string, string> = {}) =>
  new Request(`http://localhost${path}`, { method: "POST", body: new URLSearchParams(fields), headers });

describe("sign-up and login actions", () => {
  it("answers bad input with field errors in the visitor's language and creates nothing", async () => {
    const { services } = createTestServices(database);
    const res = (await signupAction({
      request: post("/signup", { email: "nope", displayName: "", password: "short", neighbourhoodId: "" }, { "Accept-Language": "en" }),
      context: testContext(services),
      params: {},
    })) as unknown as { data: { ok: false; errors: Record<string, string> }; init: { status: number } };
    expect(res.init.status).toBe(400);
    expect(res.data.errors).toEqual({
      email: "auth.error.emailInvalid",
      displayName: "auth.error.nameRequired",
      password: "auth.error.passwordShort",
      neighbourhoodId: "auth.error.neighbourhoodRequired",
    });
    expect(await database.db.selectFrom("users").select("id").execute()).toHaveLength(0);
  });

  it("signs up (the account exists, nobody is logged in yet), and logs in with a session cookie", async () => {
    const { services } = createTestServices(database);
    const context = testContext(services);
    const res = (await signupAction({
      request: post("/signup", { email: "piet@example.nl", displayName: "Piet", password: "a-long-password", neighbourhoodId: "lombok" }),
      context,
      params: {},
    })) as Response;
    expect(res.status).toBe(302);
    expect(await database.db.selectFrom("users").select("email").execute()).toEqual([{ email: "piet@example.nl" }]);
    const first = (await loginAction({ request: post("/login", { email: "piet@example.nl", password: "a-long-password" }), context, params: {} })) as Response;
    const cookie = first.headers.getSetCookie().find((c) => c.startsWith("bk_session="))!;
    expect(cookie).toMatch(/bk_session=.*HttpOnly.*SameSite=Lax/i);
    expect(cookie).not.toMatch(/Secure/);
    const me = await getOptionalUser(context, new Request("http://localhost/", { headers: { Cookie: cookie.split(";")[0]! } }));
    expect(me?.email).toBe("piet@example.nl");

    const login = (await loginAction({
      request: post("/login", { email: "PIET@example.nl", password: "a-long-password", redirectTo: "//evil.example" }),
      context,
      params: {},
    })) as Response;
    expect(login.status).toBe(302);
    expect(login.headers.get("Location")).toBe("/");
  });

  it("limits failed logins per e-mail address, with a clear message", async () => {
    const { services } = createTestServices(database);
    await seedDemo(database.db, { now });
    const context = testContext(services, "10.1.2.3");
    let last: { data?: { message?: string }; init?: { status: number } } = {};
    for (let i = 0; i < 11; i++) {
      last = (await loginAction({
        request: post("/login", { email: "anna@demo.buurtkracht.nl", password: `wrong-${i}` }),
        context,
        params: {},
      })) as typeof last;
    }
    expect(last.init?.status).toBe(429);
    expect(last.data?.message).toMatch(/Te veel inlogpogingen/);
    // The right password is refused too while the limit holds; another account is unaffected.
    const blocked = (await loginAction({
      request: post("/login", { email: "anna@demo.buurtkracht.nl", password: "buurtkracht-demo" }),
      context,
      params: {},
    })) as typeof last;
    expect(blocked.init?.status).toBe(429);
    const other = (await loginAction({
      request: post("/login", { email: "eva@demo.buurtkracht.nl", password: "buurtkracht-demo" }),
      context: testContext(services, "10.9.9.9"),
      params: {},
    })) as Response;
    expect(other.status).toBe(302);
  });

  it("shares the limit between app instances (state in Postgres)", async () => {
    await seedDemo(database.db, { now });
    const a = createTestServices(database).services;
    const b = createTestServices(database).services;
    for (let i = 0; i < 50; i++) await a.limits.record("login.account", "eva@demo.buurtkracht.nl");
    expect(await b.limits.check("login.account", "eva@demo.buurtkracht.nl")).toMatchObject({ ok: false });
  });
});
