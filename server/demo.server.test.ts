import { spawnSync } from "node:child_process";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { hashPassword } from "../app/auth/password.server";
import { createTestDatabase, truncateAll, usingServer } from "../app/test/db";
import type { DatabaseHandle } from "../app/utils/db.server";
import { DEMO_PASSWORD } from "../app/demo/foundation.server";
import { demoDecision, DemoRefusedError, disableDemoAccounts, prepareDemo } from "./demo";

const now = new Date("2026-12-01T10:00:00Z");
const quiet = { info: () => undefined, warn: () => undefined };

describe("demoDecision", () => {
  it.each([
    ["http://localhost:3000", false, "seed-if-empty"],
    ["http://127.0.0.1:3210", false, "seed-if-empty"],
    ["http://localhost:3000", true, "seed-if-empty"],
    ["http://192.168.1.20:3000", false, "keep-empty"],
    ["http://192.168.1.20:3000", true, "seed-if-empty"],
    ["https://buurtkracht.nl", false, "keep-empty"],
    ["https://buurtkracht.nl", true, "refuse"],
  ])("APP_URL %s, DEMO_DATA %s → %s", (APP_URL, DEMO_DATA, action) => {
    expect(demoDecision({ APP_URL, DEMO_DATA }).action).toBe(action);
  });
});

describe("prepareDemo at start-up", () => {
  let database: DatabaseHandle & { url?: string };
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.close());
  beforeEach(() => truncateAll(database));

  const userCount = async () =>
    Number(
      (
        await database.db
          .selectFrom("users")
          .select((eb) => eb.fn.countAll().as("n"))
          .executeTakeFirstOrThrow()
      ).n,
    );

  async function addDemoAdmin(password = DEMO_PASSWORD) {
    await database.db.insertInto("neighbourhoods").values({ id: "lombok", name: "Lombok", city: "Utrecht", municipality: "Utrecht" }).execute();
    await database.db
      .insertInto("users")
      .values({
        email: "admin@demo.buurtkracht.nl",
        handle: "beheer",
        display_name: "Beheer",
        password_hash: await hashPassword(password),
        neighbourhood_id: "lombok",
        role: "admin",
      })
      .execute();
  }

  it("keeps an empty database empty on a public APP_URL", async () => {
    expect(await prepareDemo(database.db, { APP_URL: "https://buurtkracht.nl", DEMO_DATA: false }, { now, logger: quiet })).toEqual({ seeded: false });
    expect(await userCount()).toBe(0);
    expect(await database.db.selectFrom("neighbourhoods").select("id").execute()).toEqual([]);
  });

  it("keeps an empty database empty on a LAN address unless DEMO_DATA is set", async () => {
    expect(await prepareDemo(database.db, { APP_URL: "http://192.168.1.20:3000", DEMO_DATA: false }, { now, logger: quiet })).toEqual({ seeded: false });
    expect(await userCount()).toBe(0);
  });

  it("refuses DEMO_DATA=1 with a public APP_URL before touching the database", async () => {
    await expect(prepareDemo(database.db, { APP_URL: "https://buurtkracht.nl", DEMO_DATA: true }, { now, logger: quiet })).rejects.toThrow(DemoRefusedError);
    expect(await userCount()).toBe(0);
  });

  it("refuses a public APP_URL while a demo account opens with the published password, naming the way out", async () => {
    await addDemoAdmin();
    const attempt = prepareDemo(database.db, { APP_URL: "https://buurtkracht.nl", DEMO_DATA: false }, { now, logger: quiet });
    await expect(attempt).rejects.toThrow(DemoRefusedError);
    await expect(attempt).rejects.toThrow(/admin@demo\.buurtkracht\.nl[\s\S]*npm run demo:disable[\s\S]*npm run admin:create/);
    // The same database serves localhost (a developer's copy) without complaint.
    expect(await prepareDemo(database.db, { APP_URL: "http://localhost:3000", DEMO_DATA: false }, { now, logger: quiet })).toEqual({ seeded: false });
  });

  it("starts on a public APP_URL once the demo accounts are disabled, or when their password was changed", async () => {
    await addDemoAdmin();
    expect(await disableDemoAccounts(database.db, now)).toEqual(["admin@demo.buurtkracht.nl"]);
    const row = await database.db.selectFrom("users").select(["suspended_at"]).executeTakeFirstOrThrow();
    expect(row.suspended_at).toEqual(now);
    const events = await database.db.selectFrom("user_events").select("kind").execute();
    expect(events).toEqual([{ kind: "demo_disabled" }]);
    expect(await prepareDemo(database.db, { APP_URL: "https://buurtkracht.nl", DEMO_DATA: false }, { now, logger: quiet })).toEqual({ seeded: false });

    await truncateAll(database);
    await addDemoAdmin("een-eigen-sterk-wachtwoord");
    expect(await prepareDemo(database.db, { APP_URL: "https://buurtkracht.nl", DEMO_DATA: false }, { now, logger: quiet })).toEqual({ seeded: false });
  });

  it("loads the demo into an empty database on localhost, and only into an empty one", async () => {
    expect(await prepareDemo(database.db, { APP_URL: "http://localhost:3000", DEMO_DATA: false }, { now, logger: quiet })).toEqual({ seeded: true });
    expect(await userCount()).toBeGreaterThan(10);
    expect(await prepareDemo(database.db, { APP_URL: "http://localhost:3000", DEMO_DATA: false }, { now, logger: quiet })).toEqual({ seeded: false });
  });

  // The real start-up path (server/main.ts), up to the point where it would serve: a second process
  // needs a server database.
  it.skipIf(!usingServer())("`npm start` with a public APP_URL exits with the message while demo accounts are open", async () => {
    await addDemoAdmin();
    const started = spawnSync("npx", ["tsx", "server/main.ts"], {
      encoding: "utf8",
      timeout: 60_000,
      env: {
        ...process.env,
        DATABASE_URL: database.url,
        APP_URL: "https://buurtkracht.example",
        SESSION_SECRET: "s".repeat(40),
        RUN_WORKER: "false",
        LOG_LEVEL: "silent",
        PORT: "3999",
      },
    });
    expect(started.status).toBe(1);
    expect(started.stderr).toMatch(/Refusing to start: APP_URL \(https:\/\/buurtkracht\.example\) is a public address/);
  });
});
