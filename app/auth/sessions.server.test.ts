import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { action as loginAction } from "../routes/login";
import { action as logoutAction } from "../routes/logout";
import { action as profileAction, loader as profileLoader } from "../routes/profile";
import { createTestDatabase, truncateAll } from "../test/db";
import { createTestServices, testContext } from "../test/services";
import type { DatabaseHandle } from "../utils/db.server";
import { signUp, verifyLogin } from "./accounts.server";
import { getOptionalUser } from "./guards.server";
import { describeDevice, TOUCH_EVERY_MS } from "./sessions.server";

let database: DatabaseHandle;
const start = new Date("2026-11-28T10:00:00Z");
const day = 24 * 60 * 60_000;
const password = "een-goed-wachtwoord";
const firefox = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0";
const iphone = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1";

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => database?.close());
beforeEach(async () => {
  await truncateAll(database);
  await database.db.insertInto("neighbourhoods").values({ id: "lombok", name: "Lombok", city: "Utrecht", municipality: "Utrecht" }).execute();
  const r = await signUp(
    database.db,
    { email: "marieke@example.nl", displayName: "Marieke", password, neighbourhoodId: "lombok", locale: "nl", emailVerified: true },
    start,
  );
  if (!r.ok) throw new Error(r.error);
});

function setup() {
  const { services, clock } = createTestServices(database, { start });
  const context = testContext(services);
  const post = (path: string, fields: Record<string, string>, cookie?: string, userAgent = firefox) =>
    new Request(`http://localhost${path}`, {
      method: "POST",
      body: new URLSearchParams(fields),
      headers: { "User-Agent": userAgent, ...(cookie ? { Cookie: cookie } : {}) },
    });
  const get = (path: string, cookie: string) => new Request(`http://localhost${path}`, { headers: { Cookie: cookie } });
  const cookieOf = (res: Response) => res.headers.get("Set-Cookie")!.split(";")[0]!;
  const login = async (userAgent = firefox, cookie?: string) => {
    const res = (await loginAction({ request: post("/login", { email: "marieke@example.nl", password }, cookie, userAgent), context, params: {} })) as Response;
    expect(res.status).toBe(302);
    return cookieOf(res);
  };
  const whoIs = async (cookie: string) => (await getOptionalUser(context, get("/", cookie)))?.email ?? null;
  return { services, clock, context, post, get, login, whoIs, cookieOf };
}

describe("server-side sessions", () => {
  it("logout ends that session at once: a copy of the cookie kept from before stops working", async () => {
    const { context, post, login, whoIs } = setup();
    const cookie = await login();
    const other = await login(iphone);
    expect(await whoIs(cookie)).toBe("marieke@example.nl");
    const res = (await logoutAction({ request: post("/logout", {}, cookie), context, params: {} })) as Response;
    expect(res.status).toBe(302);
    expect(await whoIs(cookie)).toBeNull();
    // Only that session: the phone stays logged in.
    expect(await whoIs(other)).toBe("marieke@example.nl");
    const ended = await database.db.selectFrom("sessions").select(["end_reason"]).where("ended_at", "is not", null).execute();
    expect(ended).toEqual([{ end_reason: "logout" }]);
  });

  it("rotates the session id at login: the token from before login is ended, and only a hash is stored", async () => {
    const { login, whoIs } = setup();
    const first = await login();
    const second = await login(firefox, first);
    expect(second).not.toBe(first);
    expect(await whoIs(first)).toBeNull();
    expect(await whoIs(second)).toBe("marieke@example.nl");
    const rows = await database.db.selectFrom("sessions").select(["token_hash", "end_reason"]).orderBy("created_at").execute();
    expect(rows.map((r) => r.end_reason).sort()).toEqual(["rotated", null].sort());
    const raw = decodeURIComponent(second.split("=")[1]!);
    for (const r of rows) expect(raw).not.toContain(r.token_hash);
  });

  it("a password change ends every other session and keeps this one; the old password stops working", async () => {
    const { context, post, login, whoIs } = setup();
    const laptop = await login();
    const phone = await login(iphone);
    const tablet = await login(iphone);
    const wrong = await profileAction({
      request: post("/profile", { intent: "password", currentPassword: "fout-wachtwoord", newPassword: "nieuw-en-lang-genoeg" }, laptop),
      context,
      params: {},
    });
    expect(wrong).toMatchObject({ init: { status: 400 }, data: { errors: { currentPassword: "auth.password.currentWrong" } } });
    expect(await whoIs(phone)).toBe("marieke@example.nl");
    const done = await profileAction({
      request: post("/profile", { intent: "password", currentPassword: password, newPassword: "nieuw-en-lang-genoeg" }, laptop),
      context,
      params: {},
    });
    expect(done).toMatchObject({ data: { ok: true, form: "password", endedSessions: 2 } });
    expect(await whoIs(laptop)).toBe("marieke@example.nl");
    expect(await whoIs(phone)).toBeNull();
    expect(await whoIs(tablet)).toBeNull();
    expect((await verifyLogin(database.db, "marieke@example.nl", password)).ok).toBe(false);
    expect((await verifyLogin(database.db, "marieke@example.nl", "nieuw-en-lang-genoeg")).ok).toBe(true);
  });

  it("the profile lists active sessions with device and last seen; one can be ended; 'log out everywhere' ends all", async () => {
    const { context, clock, post, get, login, whoIs } = setup();
    const laptop = await login();
    clock.advance(60 * 60_000);
    const phone = await login(iphone);
    const page = (await profileLoader({ request: get("/profile", laptop), context, params: {} })) as Awaited<ReturnType<typeof profileLoader>>;
    expect(page.sessions.map((s) => [s.device, s.current])).toEqual([
      ["Firefox · Windows", true],
      ["Safari · iOS", false],
    ]);
    expect(page.sessions[1]!.lastSeenAt).toEqual(clock.now());
    expect(page.sessions[1]!.createdAt).toEqual(clock.now());
    expect(page.sessions[0]!.createdAt).toEqual(start);

    // Someone else's session id ends nothing.
    const r = await signUp(
      database.db,
      { email: "ander@example.nl", displayName: "Ander", password, neighbourhoodId: "lombok", locale: "nl", emailVerified: true },
      start,
    );
    if (!r.ok) throw new Error(r.error);
    const stranger = (await loginAction({ request: post("/login", { email: "ander@example.nl", password }), context, params: {} })) as Response;
    const strangerCookie = stranger.headers.get("Set-Cookie")!.split(";")[0]!;
    await profileAction({ request: post("/profile", { intent: "end-session", sessionId: page.sessions[1]!.id }, strangerCookie), context, params: {} });
    expect(await whoIs(phone)).toBe("marieke@example.nl");

    await profileAction({ request: post("/profile", { intent: "end-session", sessionId: page.sessions[1]!.id }, laptop), context, params: {} });
    expect(await whoIs(phone)).toBeNull();
    expect(await whoIs(laptop)).toBe("marieke@example.nl");

    const phone2 = await login(iphone);
    const res = (await profileAction({ request: post("/profile", { intent: "logout-everywhere" }, laptop), context, params: {} })) as Response;
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe("/login");
    expect(await whoIs(laptop)).toBeNull();
    expect(await whoIs(phone2)).toBeNull();
    expect(await whoIs(strangerCookie)).toBe("ander@example.nl");
  });

  it("ends a session after the idle lifetime without requests, and after the absolute lifetime however active", async () => {
    const { services, clock, login, whoIs } = setup();
    expect(services.env.SESSION_IDLE_DAYS).toBe(14);
    expect(services.env.SESSION_MAX_DAYS).toBe(30);
    const idle = await login();
    const active = await login(iphone);
    // Active: a request every 10 days keeps it alive until day 30.
    for (let d = 10; d < 30; d += 10) {
      clock.advance(10 * day);
      expect(await whoIs(active)).toBe("marieke@example.nl");
    }
    expect(await whoIs(idle)).toBeNull(); // 20 days without a request
    clock.advance(10 * day + 1000); // past day 30
    expect(await whoIs(active)).toBeNull();
  });

  it("writes last_seen_at at most once per touch interval", async () => {
    const { clock, login, whoIs } = setup();
    const cookie = await login();
    const seen = async () => (await database.db.selectFrom("sessions").select("last_seen_at").executeTakeFirstOrThrow()).last_seen_at.getTime();
    clock.advance(TOUCH_EVERY_MS - 1000);
    await whoIs(cookie);
    expect(await seen()).toBe(start.getTime());
    clock.advance(2000);
    await whoIs(cookie);
    expect(await seen()).toBe(clock.now().getTime());
  });

  it("a suspended account's sessions are nobody's", async () => {
    const { login, whoIs } = setup();
    const cookie = await login();
    await database.db.updateTable("users").set({ suspended_at: start }).execute();
    expect(await whoIs(cookie)).toBeNull();
  });

  it.each([
    [firefox, "Firefox · Windows"],
    [iphone, "Safari · iOS"],
    ["Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36", "Chrome · Android"],
    ["Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0", "Edge · macOS"],
    ["curl/8.5.0", ""],
  ])("describeDevice(%s) = %s", (ua, expected) => expect(describeDevice(ua)).toBe(expected));
});
