/**
 * The form fuzzer's short run (scripts/drills/form-fuzz.ts): every action, FUZZ_RUNS hostile
 * inputs each (default 8 here; `npm run drill -- fuzz` runs hundreds), through the real edge.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../app/test/db";
import { createTestServices } from "../../app/test/services";
import type { AppServices } from "../../app/services.server";
import type { DatabaseHandle } from "../../app/utils/db.server";
import { buildDemoWorld, type DemoWorld } from "./demo-world";
import { actionRouteIds, fuzzActions, targets } from "./form-fuzz";

let database: DatabaseHandle;
let services: AppServices;
let world: DemoWorld;

beforeAll(async () => {
  database = await createTestDatabase();
  ({ services } = createTestServices(database));
  world = await buildDemoWorld(services);
}, 120_000);
afterAll(async () => database?.close());

describe("the form fuzzer", () => {
  it("has a target for every action in app/routes", async () => {
    expect(Object.keys(targets).sort()).toEqual((await actionRouteIds()).sort());
  });

  it("no hostile input gives a 5xx or a stack trace; every refusal has a message and writes nothing", async () => {
    const runs = Number(process.env.FUZZ_RUNS ?? 8);
    const { reports, problems } = await fuzzActions(services, world, {
      runs,
      seed: Number(process.env.FUZZ_SEED ?? 8),
      log: process.env.DRILL_PRINT ? console.log : undefined,
    });
    expect(problems).toEqual([]);
    expect(reports.every((r) => r.tried === runs)).toBe(true);
  }, 300_000);
});
