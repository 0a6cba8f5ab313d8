import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "kysely";
import { createTestDatabase } from "../test/db";
import type { DatabaseHandle } from "../utils/db.server";
import { listNeighbourhoods } from "./neighbourhoods.server";
import { getNeighbourhoodProfile } from "./reads.server";

let handle: DatabaseHandle;
beforeAll(async () => {
  handle = await createTestDatabase();
  await handle.db
    .insertInto("neighbourhoods")
    .values([
      { id: "noord", name: "Noord", city: "Teststad", municipality: "Teststad" },
      { id: "zuid", name: "Zuid", city: "Teststad", municipality: "Teststad" },
    ])
    .execute();
});
afterAll(async () => handle?.close());

/** Every neighbourhood's kept count next to a count of its rows. */
async function drift(): Promise<{ id: string; kept: number; counted: number }[]> {
  const rows = await sql<{ id: string; kept: number; counted: string }>`
    select n.id, n.member_count as kept, (select count(*) from users u where u.neighbourhood_id = n.id and u.suspended_at is null) as counted
    from neighbourhoods n
  `.execute(handle.db);
  return rows.rows.map((r) => ({ id: r.id, kept: r.kept, counted: Number(r.counted) })).filter((r) => r.kept !== r.counted);
}

describe("neighbourhood member counts are kept by the database (issue 17, migration 0049)", () => {
  it("follows sign-ups, suspensions and their end, moves and deletions", async () => {
    const db = handle.db;
    const ids = (
      await db
        .insertInto("users")
        .values(
          Array.from({ length: 6 }, (_, i) => ({
            email: `m${i}@test.nl`,
            handle: `m-${i}`,
            display_name: `M ${i}`,
            password_hash: "x",
            neighbourhood_id: i < 4 ? "noord" : "zuid",
          })),
        )
        .returning("id")
        .execute()
    ).map((r) => r.id);
    const counts = async () => Object.fromEntries((await listNeighbourhoods(db)).map((n) => [n.id, n.memberCount]));
    expect(await counts()).toMatchObject({ noord: 4, zuid: 2 });
    await db.updateTable("users").set({ suspended_at: new Date() }).where("id", "=", ids[0]!).execute();
    expect(await counts()).toMatchObject({ noord: 3, zuid: 2 });
    await db.updateTable("users").set({ suspended_at: new Date() }).where("id", "=", ids[0]!).execute(); // again: no change
    expect(await counts()).toMatchObject({ noord: 3, zuid: 2 });
    await db.updateTable("users").set({ neighbourhood_id: "zuid" }).where("id", "in", [ids[0]!, ids[1]!]).execute(); // a suspended one moves too
    expect(await counts()).toMatchObject({ noord: 2, zuid: 3 });
    await db.updateTable("users").set({ suspended_at: null }).where("id", "=", ids[0]!).execute();
    expect(await counts()).toMatchObject({ noord: 2, zuid: 4 });
    await db.deleteFrom("users").where("id", "=", ids[5]!).execute();
    expect(await counts()).toMatchObject({ noord: 2, zuid: 3 });
    expect((await getNeighbourhoodProfile(db, "zuid"))?.memberCount).toBe(3);
    expect(await drift()).toEqual([]);
  });

  it("stays equal to the rows over a random run of changes", async () => {
    const db = handle.db;
    let seed = 7;
    const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    const places = ["noord", "zuid"];
    for (let step = 0; step < 120; step++) {
      const users = await db.selectFrom("users").select(["id"]).orderBy("id").execute();
      const pick = users[rnd(Math.max(users.length, 1))]?.id;
      const op = rnd(5);
      if (op === 0 || !pick) {
        await db
          .insertInto("users")
          .values({ email: `r${step}@test.nl`, handle: `r-${step}`, display_name: `R ${step}`, password_hash: "x", neighbourhood_id: places[rnd(2)]! })
          .execute();
      } else if (op === 1) await db.updateTable("users").set({ suspended_at: new Date() }).where("id", "=", pick).execute();
      else if (op === 2) await db.updateTable("users").set({ suspended_at: null }).where("id", "=", pick).execute();
      else if (op === 3)
        await db
          .updateTable("users")
          .set({ neighbourhood_id: places[rnd(2)]! })
          .where("id", "=", pick)
          .execute();
      else await db.deleteFrom("users").where("id", "=", pick).execute();
    }
    expect(await drift()).toEqual([]);
  });
});
