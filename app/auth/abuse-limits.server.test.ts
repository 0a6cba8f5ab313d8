import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { deliverDueEmails } from "../notifications/delivery.server";
import { action as forgotAction } from "../routes/forgot-password";
import { action as loginAction } from "../routes/login";
import { action as signupAction } from "../routes/signup";
import { createTestDatabase, truncateAll } from "../test/db";
import { createTestServices, testContext } from "../test/services";
import type { DatabaseHandle } from "../utils/db.server";
import { limitPolicies } from "../limits/policies";
import { signUp } from "./accounts.server";

let database: DatabaseHandle;
const now = new Date("2026-12-01T10:00:00Z");
const password = "het-echte-wachtwoord";

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.close());
beforeEach(async () => {
  await truncateAll(database);
  await database.db.insertInto("neighbourhoods").values({ id: "lombok", name: "Lombok", city: "Utrecht", municipality: "Utrecht" }).execute();
  const r = await signUp(
    database.db,
    { email: "anna@example.nl", displayName: "Anna", password, neighbourhoodId: "lombok", locale: "nl", emailVerified: true },
    now,
  );
  if (!r.ok) throw new Error(r.error);
});

const post = (path: string, fields: Record<string, string>, cookie?: string) =>
  new Request(`http://localhost${path}`, { method: "POST", body: new URLSearchParams(fields), headers: cookie ? { Cookie: cookie } : {} });
type Answer = { data?: { message?: string; errors?: Record<string, string> }; init?: { status: number; headers?: Record<string, string> } };

function setup() {
  const { services } = createTestServices(database, { start: now });
  const login = async (ip: string, pw: string, cookie?: string) =>
    (await loginAction({
      request: post("/login", { email: "anna@example.nl", password: pw }, cookie),
      context: testContext(services, ip),
      params: {},
    })) as Response & Answer;
  return { services, login };
}

describe("login limits that do not lock out the owner", () => {
  it("stops guessing from one client fast, while the owner elsewhere still logs in", async () => {
    const { login } = setup();
    for (let i = 0; i < limitPolicies["login.pair"].points; i++) expect((await login("203.0.113.9", `fout-${i}`)).init?.status).toBe(400);
    const stopped = await login("203.0.113.9", "nog-een-gok");
    expect(stopped.init?.status).toBe(429);
    expect(stopped.init?.headers?.["Retry-After"]).toMatch(/^\d+$/);
    expect(stopped.data?.message).toMatch(/Te veel inlogpogingen/);
    // The owner, at home: the right password works.
    expect((await login("198.51.100.20", password)).status).toBe(302);
  });

  it("after guessing from many clients, only a device the owner logged in from before gets in — with the right password", async () => {
    const { login } = setup();
    // The owner logged in once from the laptop: the browser remembers this account.
    const first = await login("198.51.100.20", password);
    expect(first.status).toBe(302);
    const device = first.headers
      .getSetCookie()
      .find((c) => c.startsWith("bk_device="))!
      .split(";")[0]!;
    // Wrong passwords from 50 different addresses (a botnet): the account's slow limit is used up.
    for (let i = 0; i < limitPolicies["login.account"].points; i++) await login(`192.0.2.${i + 1}`, `gok-${i}`);
    const stranger = await login("198.51.100.77", password);
    expect(stranger.init?.status).toBe(429);
    expect(stranger.data?.message).toMatch(/vanaf een apparaat waarop je eerder inlogde/);
    // The owner's known laptop, right password: in.
    expect((await login("198.51.100.21", password, device)).status).toBe(302);
    // A forged device cookie does not count.
    expect((await login("198.51.100.21", password, "bk_device=abc.def~forged")).init?.status).toBe(429);
    // And the known device with a wrong password is still just wrong.
    expect((await login("198.51.100.21", "fout", device)).init?.status).toBe(400);
  });

  it("never counts a correct password against the owner", async () => {
    const { login } = setup();
    for (let i = 0; i < 40; i++) expect((await login("198.51.100.20", password)).status).toBe(302);
  });
});

describe("sign-up that does not tell who has an account", () => {
  it("answers a new address and a taken one alike, and mails the owner of the taken one", async () => {
    const { services } = setup();
    const context = testContext(services, "198.51.100.5");
    const fields = { displayName: "Iemand", password: "een-lang-wachtwoord", neighbourhoodId: "lombok" };
    const fresh = (await signupAction({ request: post("/signup", { ...fields, email: "nieuw@example.nl" }), context, params: {} })) as Response;
    const taken = (await signupAction({ request: post("/signup", { ...fields, email: "ANNA@example.nl" }), context, params: {} })) as Response;
    expect(fresh.status).toBe(302);
    expect(taken.status).toBe(302);
    expect(taken.headers.get("Location")).toBe("/signup/check-email?email=anna%40example.nl");
    expect(fresh.headers.get("Location")).toBe("/signup/check-email?email=nieuw%40example.nl");
    expect([fresh.headers.get("Set-Cookie"), taken.headers.get("Set-Cookie")]).toEqual([null, null]);
    await deliverDueEmails(services, now);
    const mails = await database.db.selectFrom("mailbox_messages").select(["to_address", "subject"]).orderBy("to_address").execute();
    expect(mails).toEqual([
      { to_address: "anna@example.nl", subject: "Je hebt al een account bij Buurtkracht" },
      { to_address: "nieuw@example.nl", subject: "Bevestig je e-mailadres" },
    ]);
    // Anna's own account is untouched.
    expect(await database.db.selectFrom("users").select("display_name").where("email", "=", "anna@example.nl").execute()).toEqual([{ display_name: "Anna" }]);
  });
});

describe("limits on sign-up and password resets, with Retry-After and a message on the form", () => {
  it("limits sign-ups per client", async () => {
    const { services } = setup();
    const context = testContext(services, "198.51.100.6");
    let last: Answer = {};
    for (let i = 0; i <= limitPolicies["signup.client"].points; i++) {
      last = (await signupAction({
        request: post("/signup", { email: `n${i}@example.nl`, displayName: "N", password: "een-lang-wachtwoord", neighbourhoodId: "lombok" }),
        context,
        params: {},
      })) as Answer;
    }
    expect(last.init?.status).toBe(429);
    expect(last.init?.headers?.["Retry-After"]).toMatch(/^\d+$/);
    expect(last.data?.errors).toEqual({ _form: "form.tooMany" });
  });

  it("limits reset requests per address, whichever client asks", async () => {
    const { services } = setup();
    let last: Answer = {};
    for (let i = 0; i <= limitPolicies["reset.address"].points; i++) {
      last = (await forgotAction({
        request: post("/forgot-password", { email: "anna@example.nl" }),
        context: testContext(services, `192.0.2.${i + 1}`),
        params: {},
      })) as Answer;
    }
    expect(last.init?.status).toBe(429);
    expect(last.data?.errors).toEqual({ _form: "form.tooMany" });
  });
});
