import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../test/db";
import { createUsers } from "../test/projects";
import { createTestServices } from "../test/services";
import { createMemoryStorage } from "../storage/storage.server";
import type { DatabaseHandle } from "../utils/db.server";
import { extensions } from "../wiring.server";
import { applyProjectEvent, createProject } from "./projects.server";

let database: DatabaseHandle;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => database?.close());

describe("cancelling a draft", () => {
  // Found by the form fuzzer (scripts/drills/form-fuzz.ts): the plan check (migration 0004) refused
  // the cancelled status of a draft whose plan was not complete yet, and the initiator got a 500.
  it("works while its funding plan does not add up to its goal yet (migration 0019)", async () => {
    const { services } = createTestServices(database);
    const [initiatorId] = await createUsers(database.db, "draft", 1);
    const now = services.clock.now();
    const created = await createProject(
      { db: database.db, storage: createMemoryStorage() },
      {
        initiatorId: initiatorId!,
        now,
        project: {
          title: "Half plan",
          summary: "Nog niet af",
          story: "",
          neighbourhoodId: "testwijk",
          category: "green",
          goal: 600_000,
          fundingModel: "all_or_nothing",
          durationDays: 30,
          removeCover: false,
          lines: [{ description: "Schommels", amountCents: 300_000 }],
        },
      },
    );
    if (!created.ok) throw new Error(created.error);
    const { id } = await database.db.selectFrom("projects").select("id").where("slug", "=", created.slug).executeTakeFirstOrThrow();
    const result = await applyProjectEvent(
      database.db,
      { projectId: id, actor: { id: initiatorId!, role: "member" }, event: { type: "cancel", by: "initiator", reason: "" }, now },
      extensions.projectTransitionEffects,
    );
    expect(result).toMatchObject({ ok: true });
    expect((await database.db.selectFrom("projects").select("status").where("id", "=", id).executeTakeFirstOrThrow()).status).toBe("cancelled");
  });
});
