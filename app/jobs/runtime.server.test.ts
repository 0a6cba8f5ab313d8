import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../test/db";
import { createTestServices } from "../test/services";
import type { DatabaseHandle } from "../utils/db.server";
import { defineJob } from "../services.server";
import { createJobRuntime, runDueJobs } from "./runtime.server";

let database: DatabaseHandle;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => database?.close());

describe("job runtime (pg-boss over the app's pool)", () => {
  it("delivers a sent job to its worker, and stops cleanly", async () => {
    const { services } = createTestServices(database);
    const seen: unknown[] = [];
    const echo = defineJob({
      name: "test.echo",
      sweep: false,
      async run(ctx, data) {
        seen.push({ data, hasDb: Boolean(ctx.db), now: ctx.now instanceof Date });
        return { processed: 1 };
      },
    });
    const runtime = createJobRuntime(database.pool, services.logger, [echo], { work: true });
    await runtime.start({ ...services, jobs: runtime.queue });
    await runtime.queue.send("test.echo", { hello: "buren" });
    const deadline = Date.now() + 15_000;
    while (seen.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    await runtime.stop(5_000);
    expect(seen).toEqual([{ data: { hello: "buren" }, hasDb: true, now: true }]);
    await expect(runtime.queue.send("test.unknown")).rejects.toThrow(/Unknown job/);
  });

  it("runs every sweep once with run-due, reporting failures without stopping the others", async () => {
    const { services, clock } = createTestServices(database, { start: new Date("2026-12-01T09:00:00Z") });
    clock.advance(60_000);
    const calls: string[] = [];
    const ok = defineJob({ name: "test.ok", sweep: true, run: async ({ now }) => (calls.push(`ok@${now.toISOString()}`), { processed: 2 }) });
    const broken = defineJob({
      name: "test.broken",
      sweep: true,
      run: async () => {
        throw new Error("boom");
      },
    });
    const notASweep = defineJob({ name: "test.event", sweep: false, run: async () => (calls.push("event"), { processed: 1 }) });
    const results = await runDueJobs(services, [broken, ok, notASweep]);
    expect(results).toEqual([
      { name: "test.broken", error: "boom" },
      { name: "test.ok", summary: { processed: 2 } },
    ]);
    expect(calls).toEqual(["ok@2026-12-01T09:01:00.000Z"]);
  });
});
