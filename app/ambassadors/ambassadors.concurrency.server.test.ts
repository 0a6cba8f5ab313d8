import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, usingServer } from "../test/db";
import { createLiveProject, createUsers } from "../test/projects";
import type { DatabaseHandle } from "../utils/db.server";
import { ensureShareCode, getShareCode } from "./ambassadors.server";

/**
 * A member's share code for a project is made on first use: when several requests are that first
 * use at the same moment (two tabs opening the share kit), the unique (user, project) index lets one
 * insert win and every other caller reads the winner's code. (PGlite has one connection, so it
 * cannot race: this runs only with DATABASE_URL.)
 */
describe.skipIf(!usingServer())("share codes under concurrency (Postgres server)", () => {
  let database: DatabaseHandle;
  const now = new Date("2026-12-01T10:00:00Z");

  beforeAll(async () => {
    database = await createTestDatabase({ maxConnections: 25 });
  });
  afterAll(async () => database?.close());

  it("ten simultaneous first uses of one member's code for one project: one code, every caller gets it", async () => {
    const [initiator, moderator, eva, kees] = await createUsers(database.db, "sc", 4);
    const project = await createLiveProject(database.db, { initiatorId: initiator!, moderatorId: moderator!, now });
    const other = await createLiveProject(database.db, { initiatorId: initiator!, moderatorId: moderator!, now });

    // Each (member, project) pair is used for the first time by ten callers at once.
    for (const userId of [eva!, kees!]) {
      for (const projectId of [project.id, other.id]) {
        const codes = await Promise.all(Array.from({ length: 10 }, () => ensureShareCode(database.db, { userId, projectId, now })));
        expect(new Set(codes).size).toBe(1);
        const rows = await database.db.selectFrom("share_codes").select("code").where("user_id", "=", userId).where("project_id", "=", projectId).execute();
        expect(rows).toEqual([{ code: codes[0] }]);
        expect(await getShareCode(database.db, { userId, projectId })).toEqual({ code: codes[0], showPublicly: false });
      }
    }
    // Every (member, project) pair raced once: four codes in all, all different.
    const all = await database.db.selectFrom("share_codes").select(["code", "user_id", "project_id"]).execute();
    expect(all).toHaveLength(4);
    expect(new Set(all.map((r) => r.code)).size).toBe(4);
  });
});
