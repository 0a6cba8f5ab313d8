import { spawnSync } from "node:child_process";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTestDatabase, truncateAll, usingServer } from "../test/db";
import type { DatabaseHandle } from "../utils/db.server";
import { ensureNeighbourhood } from "../neighbourhoods/neighbourhoods.server";
import { createAdminAccount, verifyLogin } from "./accounts.server";

const now = new Date("2026-12-01T10:00:00Z");
let database: DatabaseHandle & { url?: string };
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.close());
beforeEach(() => truncateAll(database));

describe("createAdminAccount (npm run admin:create)", () => {
  it("creates a verified admin in a neighbourhood it may create first", async () => {
    expect(await ensureNeighbourhood(database.db, { name: "Oude Noorden", city: "Rotterdam" })).toEqual({ id: "oude-noorden", created: true });
    expect(await ensureNeighbourhood(database.db, { name: "Oude Noorden", city: "Rotterdam" })).toEqual({ id: "oude-noorden", created: false });
    const result = await createAdminAccount(
      database.db,
      { email: "Beheer@Gemeente.nl", displayName: "Beheer", password: "een-lang-wachtwoord", neighbourhoodId: "oude-noorden" },
      now,
    );
    expect(result).toMatchObject({ ok: true, promoted: false, user: { email: "beheer@gemeente.nl", role: "admin", emailVerified: true } });
    expect((await verifyLogin(database.db, "beheer@gemeente.nl", "een-lang-wachtwoord")).ok).toBe(true);
    // No verification mail for an address the operator typed in.
    expect(await database.db.selectFrom("notifications").select("id").execute()).toEqual([]);
  });

  it("refuses a short password, an unknown neighbourhood and a taken address unless asked to promote", async () => {
    await ensureNeighbourhood(database.db, { name: "Lombok", city: "Utrecht" });
    expect(await createAdminAccount(database.db, { email: "a@b.nl", displayName: "A", password: "kort", neighbourhoodId: "lombok" }, now)).toMatchObject({
      ok: false,
      error: "InvalidInput",
    });
    expect(
      await createAdminAccount(database.db, { email: "a@b.nl", displayName: "A", password: "lang-genoeg-wachtwoord", neighbourhoodId: "nergens" }, now),
    ).toEqual({ ok: false, error: "UnknownNeighbourhood" });
    expect(
      (await createAdminAccount(database.db, { email: "a@b.nl", displayName: "A", password: "lang-genoeg-wachtwoord", neighbourhoodId: "lombok" }, now)).ok,
    ).toBe(true);
    await database.db.updateTable("users").set({ role: "member" }).execute();
    expect(
      await createAdminAccount(database.db, { email: "a@b.nl", displayName: "A", password: "nog-een-wachtwoord", neighbourhoodId: "lombok" }, now),
    ).toEqual({ ok: false, error: "EmailTaken" });
    const promoted = await createAdminAccount(
      database.db,
      { email: "a@b.nl", displayName: "A", password: "nog-een-wachtwoord", neighbourhoodId: "lombok", promote: true },
      now,
    );
    expect(promoted).toMatchObject({ ok: true, promoted: true, user: { role: "admin" } });
    expect((await database.db.selectFrom("user_events").select("kind").where("kind", "=", "made_admin").execute()).length).toBe(1);
  });

  // A second process cannot open this file's in-memory PGlite: the command runs in the server pass.
  it.skipIf(!usingServer())("the command reads the password from stdin and creates the first neighbourhood", () => {
    const run = (args: string[], input: string) =>
      spawnSync("npx", ["tsx", "scripts/admin-create.ts", ...args], {
        input,
        encoding: "utf8",
        // As on a deployment: the server's own environment (SESSION_SECRET is required with DATABASE_URL).
        env: { ...process.env, DATABASE_URL: database.url, SESSION_SECRET: "test-secret-test-secret-test-secret-1234", LOG_LEVEL: "silent" },
      });
    const made = run(["--email", "eerste@gemeente.nl", "--neighbourhood", "Oude Noorden, Rotterdam"], "geheim-en-lang-genoeg\n");
    expect(made.stderr).toBe("");
    expect(made.status).toBe(0);
    expect(made.stdout).toMatch(/Created admin eerste@gemeente\.nl/);
    const again = run(["--email", "eerste@gemeente.nl"], "geheim-en-lang-genoeg\n");
    expect(again.status).toBe(1);
    expect(again.stderr).toMatch(/exists already.*--promote/);
    expect(run([], "").status).toBe(2);
  });
});
