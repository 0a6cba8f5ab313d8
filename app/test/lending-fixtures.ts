import { randomUUID } from "node:crypto";
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { demoNeighbourhoods, upsertDemoPostcodes } from "../demo/foundation.server";
import type { ItemInput } from "../lending/items.server";

/** Neighbourhoods and postcode areas of the demo (no users: tests make their own). */
export async function seedPlaces(db: Kysely<Database>): Promise<void> {
  await db
    .insertInto("neighbourhoods")
    .values(demoNeighbourhoods.map((n) => ({ ...n })))
    .onConflict((oc) => oc.column("id").doNothing())
    .execute();
  await upsertDemoPostcodes(db);
}

/** A member, inserted directly (no password hashing: these users never log in). */
export async function makeUser(
  db: Kysely<Database>,
  over: { name?: string; neighbourhood?: string; postcode4?: string | null; role?: "member" | "moderator" | "admin" } = {},
): Promise<string> {
  const tag = randomUUID().slice(0, 8);
  const row = await db
    .insertInto("users")
    .values({
      email: `test-${tag}@example.nl`,
      handle: `test-${tag}`,
      display_name: over.name ?? `Buur ${tag}`,
      password_hash: "not-a-hash",
      neighbourhood_id: over.neighbourhood ?? "indische-buurt",
      postcode4: over.postcode4 === undefined ? "1093" : over.postcode4,
      role: over.role ?? "member",
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

export const itemInput = (over: Partial<ItemInput> = {}): ItemInput => ({
  title: "Bosch boormachine",
  description: "Klopboormachine met snoer.",
  category: "tools",
  condition: "good",
  replacementValueCents: null,
  depositCents: 0,
  feePerDayCents: 0,
  maxLoanDays: 7,
  audience: "everyone",
  postcode4: null,
  pickupAddress: "Javastraat 1 huis",
  minTrustLevel: 0,
  waiveDepositTrusted: false,
  ...over,
});

/** An item inserted directly, without photos (faster than createItem for loan tests). */
export async function makeItem(
  db: Kysely<Database>,
  ownerId: string,
  over: Partial<ItemInput> & { status?: "listed" | "paused" | "unlisted"; neighbourhood?: string } = {},
  now = new Date(),
): Promise<string> {
  const input = itemInput(over);
  const owner = await db.selectFrom("users").select(["neighbourhood_id", "postcode4"]).where("id", "=", ownerId).executeTakeFirstOrThrow();
  const row = await db
    .insertInto("items")
    .values({
      owner_id: ownerId,
      title: input.title,
      description: input.description,
      category: input.category,
      condition: input.condition,
      replacement_value_cents: input.replacementValueCents,
      deposit_cents: input.depositCents,
      fee_per_day_cents: input.feePerDayCents,
      max_loan_days: input.maxLoanDays,
      audience: input.audience,
      neighbourhood_id: over.neighbourhood ?? owner.neighbourhood_id,
      postcode4: input.postcode4 ?? owner.postcode4,
      pickup_address: input.pickupAddress,
      min_trust_level: input.minTrustLevel,
      waive_deposit_trusted: input.waiveDepositTrusted,
      status: over.status ?? "listed",
      created_at: now,
      updated_at: now,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

/** An item lent to the given circles of its owner only (docs/decisions/061): item and circles in one transaction. */
export async function makeCircleItem(
  db: Kysely<Database>,
  ownerId: string,
  circleIds: string[],
  over: Partial<ItemInput> & { status?: "listed" | "paused" | "unlisted"; neighbourhood?: string } = {},
  now = new Date(),
): Promise<string> {
  return db.transaction().execute(async (trx) => {
    const id = await makeItem(trx, ownerId, { ...over, audience: "circles" }, now);
    await trx
      .insertInto("item_circles")
      .values(circleIds.map((circle_id) => ({ item_id: id, circle_id })))
      .execute();
    return id;
  });
}
