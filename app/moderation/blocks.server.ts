import { type Expression, type SqlBool, sql } from "kysely";
import type { Db } from "../utils/db.server";

/**
 * Blocks (docs/decisions/060): a member blocks another. The blocked member cannot ask to borrow the
 * blocker's items, message them or comment on their projects; the blocker no longer sees the blocked
 * member's items in search or their comments. Features ask here (`isBlocked`, `notBlockedBy`).
 */
export type BlockError = "UserUnknown" | "Yourself" | "NotBlocked";

export async function blockUser(db: Db, input: { blockerId: string; handle: string; now: Date }): Promise<{ ok: true } | { ok: false; error: BlockError }> {
  const target = await db.selectFrom("users").select("id").where("handle", "=", input.handle.replace(/^@/, "").toLowerCase()).executeTakeFirst();
  if (!target) return { ok: false, error: "UserUnknown" };
  if (target.id === input.blockerId) return { ok: false, error: "Yourself" };
  await db
    .insertInto("user_blocks")
    .values({ blocker_id: input.blockerId, blocked_id: target.id, created_at: input.now })
    .onConflict((oc) => oc.columns(["blocker_id", "blocked_id"]).doNothing())
    .execute();
  return { ok: true };
}

export async function unblockUser(db: Db, input: { blockerId: string; handle: string }): Promise<{ ok: true } | { ok: false; error: BlockError }> {
  const target = await db.selectFrom("users").select("id").where("handle", "=", input.handle.replace(/^@/, "").toLowerCase()).executeTakeFirst();
  if (!target) return { ok: false, error: "UserUnknown" };
  const result = await db.deleteFrom("user_blocks").where("blocker_id", "=", input.blockerId).where("blocked_id", "=", target.id).executeTakeFirst();
  return Number(result.numDeletedRows) === 1 ? { ok: true } : { ok: false, error: "NotBlocked" };
}

export async function listBlocks(db: Db, blockerId: string): Promise<{ handle: string; displayName: string; since: Date }[]> {
  const rows = await db
    .selectFrom("user_blocks as b")
    .innerJoin("users as u", "u.id", "b.blocked_id")
    .select(["u.handle", "u.display_name", "b.created_at"])
    .where("b.blocker_id", "=", blockerId)
    .orderBy("u.display_name")
    .execute();
  return rows.map((r) => ({ handle: r.handle, displayName: r.display_name, since: r.created_at }));
}

/** Has `blockerId` blocked `blockedId`? */
export async function isBlocked(db: Db, blockerId: string, blockedId: string): Promise<boolean> {
  if (blockerId === blockedId) return false;
  const row = await db
    .selectFrom("user_blocks")
    .select("blocker_id")
    .where("blocker_id", "=", blockerId)
    .where("blocked_id", "=", blockedId)
    .executeTakeFirst();
  return row !== undefined;
}

/** Has either of the two blocked the other? (Messages: neither side writes to someone they blocked or who blocked them.) */
export async function isBlockedEitherWay(db: Db, a: string, b: string): Promise<boolean> {
  if (a === b) return false;
  const row = await db
    .selectFrom("user_blocks")
    .select("blocker_id")
    .where((eb) => eb.or([eb.and([eb("blocker_id", "=", a), eb("blocked_id", "=", b)]), eb.and([eb("blocker_id", "=", b), eb("blocked_id", "=", a)])]))
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * A WHERE condition for queries that list other people's content: true unless `viewerId` blocked
 * the author in `authorColumn` (a raw, trusted column reference like "i.owner_id").
 */
export function notBlockedBy(viewerId: string | null | undefined, authorColumn: string): Expression<SqlBool> {
  if (!viewerId) return sql<SqlBool>`true`;
  return sql<SqlBool>`not exists (select 1 from user_blocks ub where ub.blocker_id = ${viewerId} and ub.blocked_id = ${sql.ref(authorColumn)})`;
}
