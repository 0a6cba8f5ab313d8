import { type Expression, type SqlBool, sql } from "kysely";
import { notify } from "../notifications/notify.server";
import type { Db, Trx } from "../utils/db.server";
import { isUuid } from "../utils/ids";
import type { Signer } from "../utils/signer.server";

/**
 * Circles: who may borrow (docs/decisions/061-circles.md). A member creates a circle and invites
 * people by link (signed; renewing it retires old links) or by e-mail (to an account: a notice with
 * the link). An item lent to circles only is visible, in search, on its page and in the API, to its
 * owner and the members of its circles; to anyone else it does not exist (404). Who is in a circle
 * is shown only to its members. Every change writes a circle_events row in the same transaction.
 */
const INVITE = "circle-invite";
export const CIRCLE_NAME_MAX = 80;
export const MAX_CIRCLES_PER_MEMBER = 20;

export type CircleError = "NotFound" | "NameTaken" | "TooManyCircles" | "BadLink" | "AlreadyMember" | "OwnerCannotLeave" | "NotAMember" | "UserUnknown";

export function circleInviteToken(signer: Signer, circle: { id: string; nonce: string }): string {
  return `${circle.id}.${signer.sign(INVITE, `${circle.id}:${circle.nonce}`)}`;
}

export async function createCircle(
  db: Db,
  input: { ownerId: string; name: string; now: Date },
): Promise<{ ok: true; circleId: string } | { ok: false; error: CircleError }> {
  return db.transaction().execute(async (trx) => {
    // One member's circles are created one at a time (the cap holds under concurrency).
    await trx.selectFrom("users").select("id").where("id", "=", input.ownerId).forUpdate().execute();
    const mine = await trx.selectFrom("circles").select(["name"]).where("owner_id", "=", input.ownerId).execute();
    if (mine.length >= MAX_CIRCLES_PER_MEMBER) return { ok: false as const, error: "TooManyCircles" as const };
    if (mine.some((c) => c.name.toLowerCase() === input.name.toLowerCase())) return { ok: false as const, error: "NameTaken" as const };
    const row = await trx
      .insertInto("circles")
      .values({ owner_id: input.ownerId, name: input.name, created_at: input.now, updated_at: input.now })
      .returning("id")
      .executeTakeFirstOrThrow();
    await trx.insertInto("circle_members").values({ circle_id: row.id, user_id: input.ownerId, role: "owner", joined_at: input.now }).execute();
    await trx
      .insertInto("circle_events")
      .values({ circle_id: row.id, actor_id: input.ownerId, subject_id: input.ownerId, kind: "created", created_at: input.now })
      .execute();
    return { ok: true as const, circleId: row.id };
  });
}

export interface CircleSummary {
  id: string;
  name: string;
  isOwner: boolean;
  memberCount: number;
}

/** The circles a member belongs to (their own and others'). */
export async function listMyCircles(db: Db, userId: string): Promise<CircleSummary[]> {
  const rows = await db
    .selectFrom("circle_members as m")
    .innerJoin("circles as c", "c.id", "m.circle_id")
    .select((eb) => [
      "c.id",
      "c.name",
      "m.role",
      eb
        .selectFrom("circle_members as x")
        .select((x) => x.fn.countAll<number>().as("n"))
        .whereRef("x.circle_id", "=", "c.id")
        .as("members"),
    ])
    .where("m.user_id", "=", userId)
    .orderBy("c.name")
    .execute();
  return rows.map((r) => ({ id: r.id, name: r.name, isOwner: r.role === "owner", memberCount: Number(r.members ?? 0) }));
}

/** Circles an owner may lend an item to: the ones they own. */
export async function listOwnedCircles(db: Db, ownerId: string): Promise<{ id: string; name: string }[]> {
  return db.selectFrom("circles").select(["id", "name"]).where("owner_id", "=", ownerId).orderBy("name").execute();
}

export interface CirclePage {
  id: string;
  name: string;
  isOwner: boolean;
  members: { handle: string; displayName: string; role: "owner" | "member" }[];
  /** The invite link's token (owners only). */
  inviteToken: string | null;
}

/** A circle's page: members only (anyone else: null, a 404). */
export async function getCirclePage(db: Db, signer: Signer, circleId: string, viewerId: string): Promise<CirclePage | null> {
  if (!isUuid(circleId)) return null;
  const circle = await db.selectFrom("circles").select(["id", "name", "owner_id", "invite_nonce"]).where("id", "=", circleId).executeTakeFirst();
  if (!circle) return null;
  const members = await db
    .selectFrom("circle_members as m")
    .innerJoin("users as u", "u.id", "m.user_id")
    .select(["u.id", "u.handle", "u.display_name", "m.role"])
    .where("m.circle_id", "=", circleId)
    .orderBy("m.role", "desc")
    .orderBy("u.display_name")
    .execute();
  if (!members.some((m) => m.id === viewerId)) return null;
  const isOwner = circle.owner_id === viewerId;
  return {
    id: circle.id,
    name: circle.name,
    isOwner,
    members: members.map((m) => ({ handle: m.handle, displayName: m.display_name, role: m.role })),
    inviteToken: isOwner ? circleInviteToken(signer, { id: circle.id, nonce: circle.invite_nonce }) : null,
  };
}

async function circleOfToken(db: Db, signer: Signer, token: string) {
  const [id, signature] = token.split(".");
  if (!id || !signature || !isUuid(id)) return null;
  const circle = await db.selectFrom("circles").select(["id", "name", "owner_id", "invite_nonce"]).where("id", "=", id).executeTakeFirst();
  if (!circle || !signer.verify(INVITE, `${circle.id}:${circle.invite_nonce}`, signature)) return null;
  return circle;
}

/** What the join page shows for a link: the circle's name and its owner (null: a bad or renewed link). */
export async function getInvite(
  db: Db,
  signer: Signer,
  token: string,
  viewerId: string,
): Promise<{ name: string; ownerName: string; isMember: boolean } | null> {
  const circle = await circleOfToken(db, signer, token);
  if (!circle) return null;
  const owner = await db.selectFrom("users").select("display_name").where("id", "=", circle.owner_id).executeTakeFirstOrThrow();
  const member = await db.selectFrom("circle_members").select("user_id").where("circle_id", "=", circle.id).where("user_id", "=", viewerId).executeTakeFirst();
  return { name: circle.name, ownerName: owner.display_name, isMember: member !== undefined };
}

export async function joinCircle(
  db: Db,
  signer: Signer,
  input: { token: string; userId: string; now: Date },
): Promise<{ ok: true; circleId: string } | { ok: false; error: CircleError }> {
  const circle = await circleOfToken(db, signer, input.token);
  if (!circle) return { ok: false, error: "BadLink" };
  return db.transaction().execute(async (trx) => {
    const inserted = await trx
      .insertInto("circle_members")
      .values({ circle_id: circle.id, user_id: input.userId, role: "member", joined_at: input.now })
      .onConflict((oc) => oc.columns(["circle_id", "user_id"]).doNothing())
      .returning("user_id")
      .executeTakeFirst();
    if (!inserted) return { ok: false as const, error: "AlreadyMember" as const };
    await trx
      .insertInto("circle_events")
      .values({ circle_id: circle.id, actor_id: input.userId, subject_id: input.userId, kind: "joined", created_at: input.now })
      .execute();
    return { ok: true as const, circleId: circle.id };
  });
}

async function lockOwnedCircle(trx: Trx, circleId: string, ownerId: string) {
  if (!isUuid(circleId)) return null;
  return (await trx.selectFrom("circles").selectAll().where("id", "=", circleId).where("owner_id", "=", ownerId).forUpdate().executeTakeFirst()) ?? null;
}

/** The owner renews the link: every earlier link stops working. */
export async function renewInviteLink(
  db: Db,
  input: { circleId: string; ownerId: string; now: Date },
): Promise<{ ok: true } | { ok: false; error: CircleError }> {
  return db.transaction().execute(async (trx) => {
    const circle = await lockOwnedCircle(trx, input.circleId, input.ownerId);
    if (!circle) return { ok: false as const, error: "NotFound" as const };
    await trx
      .updateTable("circles")
      .set({ invite_nonce: sql`gen_random_uuid()`, updated_at: input.now })
      .where("id", "=", circle.id)
      .execute();
    await trx
      .insertInto("circle_events")
      .values({ circle_id: circle.id, actor_id: input.ownerId, subject_id: null, kind: "link_renewed", created_at: input.now })
      .execute();
    return { ok: true as const };
  });
}

/**
 * Invites by e-mail address: an account with that address gets a notice with the link (bell and
 * e-mail). The answer is the same whether or not there is one, so the form tells nobody who has an
 * account.
 */
export async function inviteByEmail(
  db: Db,
  signer: Signer,
  input: { circleId: string; ownerId: string; email: string; now: Date },
): Promise<{ ok: true } | { ok: false; error: CircleError }> {
  return db.transaction().execute(async (trx) => {
    const circle = await lockOwnedCircle(trx, input.circleId, input.ownerId);
    if (!circle) return { ok: false as const, error: "NotFound" as const };
    const invitee = await trx
      .selectFrom("users")
      .select("id")
      .where("email", "=", input.email.toLowerCase())
      .where("suspended_at", "is", null)
      .executeTakeFirst();
    if (invitee && invitee.id !== input.ownerId) {
      const owner = await trx.selectFrom("users").select("display_name").where("id", "=", input.ownerId).executeTakeFirstOrThrow();
      await notify(trx, {
        userId: invitee.id,
        kind: "circle.invited",
        data: { circleName: circle.name, ownerName: owner.display_name, token: circleInviteToken(signer, { id: circle.id, nonce: circle.invite_nonce }) },
        dedupeKey: `circle:${circle.id}:${circle.invite_nonce}`,
      });
      await trx
        .insertInto("circle_events")
        .values({ circle_id: circle.id, actor_id: input.ownerId, subject_id: invitee.id, kind: "invited", created_at: input.now })
        .execute();
    }
    return { ok: true as const };
  });
}

/** A member leaves, or the owner removes a member (by handle). The owner stays. */
export async function leaveCircle(
  db: Db,
  input: { circleId: string; actorId: string; handle?: string; now: Date },
): Promise<{ ok: true } | { ok: false; error: CircleError }> {
  if (!isUuid(input.circleId)) return { ok: false, error: "NotFound" };
  return db.transaction().execute(async (trx) => {
    const circle = await trx.selectFrom("circles").select(["id", "owner_id"]).where("id", "=", input.circleId).forUpdate().executeTakeFirst();
    if (!circle) return { ok: false as const, error: "NotFound" as const };
    let subjectId = input.actorId;
    if (input.handle !== undefined) {
      if (circle.owner_id !== input.actorId) return { ok: false as const, error: "NotFound" as const };
      const user = await trx.selectFrom("users").select("id").where("handle", "=", input.handle).executeTakeFirst();
      if (!user) return { ok: false as const, error: "UserUnknown" as const };
      subjectId = user.id;
    }
    if (subjectId === circle.owner_id) return { ok: false as const, error: "OwnerCannotLeave" as const };
    const removed = await trx.deleteFrom("circle_members").where("circle_id", "=", circle.id).where("user_id", "=", subjectId).executeTakeFirst();
    if (Number(removed.numDeletedRows) === 0) return { ok: false as const, error: input.handle ? ("NotAMember" as const) : ("NotFound" as const) };
    await trx
      .insertInto("circle_events")
      .values({
        circle_id: circle.id,
        actor_id: input.actorId,
        subject_id: subjectId,
        kind: subjectId === input.actorId ? "left" : "removed",
        created_at: input.now,
      })
      .execute();
    return { ok: true as const };
  });
}

/** The item's circles as its owner chose them (ids), for the edit form. */
export async function listItemCircleIds(db: Db, itemId: string): Promise<string[]> {
  if (!isUuid(itemId)) return [];
  return (await db.selectFrom("item_circles").select("circle_id").where("item_id", "=", itemId).execute()).map((r) => r.circle_id);
}

/**
 * Writes an item's circles in the item's transaction: the ones named when the audience is
 * "circles" (only the owner's own; the database refuses others), none otherwise.
 */
export async function setItemCircles(
  trx: Trx,
  input: { itemId: string; ownerId: string; audience: string; circleIds: readonly string[] },
): Promise<"NoCircle" | null> {
  await trx.deleteFrom("item_circles").where("item_id", "=", input.itemId).execute();
  if (input.audience !== "circles") return null;
  const owned = input.circleIds.length
    ? (
        await trx
          .selectFrom("circles")
          .select("id")
          .where("owner_id", "=", input.ownerId)
          .where("id", "in", [...input.circleIds])
          .execute()
      ).map((c) => c.id)
    : [];
  if (owned.length === 0) return "NoCircle";
  await trx
    .insertInto("item_circles")
    .values(owned.map((circle_id) => ({ item_id: input.itemId, circle_id })))
    .execute();
  return null;
}

/**
 * A WHERE condition: the item (column `itemColumn`, audience `audienceColumn`) is visible to
 * `viewerId` — anything but a circles-only item, or one whose owner is the viewer or whose circles
 * include the viewer. Raw, trusted column references ("i.id").
 */
export function visibleThroughCircles(viewerId: string | null | undefined, item: { id: string; audience: string; owner: string }): Expression<SqlBool> {
  if (!viewerId) return sql<SqlBool>`${sql.ref(item.audience)} <> 'circles'`;
  return sql<SqlBool>`(${sql.ref(item.audience)} <> 'circles' or ${sql.ref(item.owner)} = ${viewerId} or exists (
    select 1 from item_circles ic join circle_members cm on cm.circle_id = ic.circle_id
    where ic.item_id = ${sql.ref(item.id)} and cm.user_id = ${viewerId}))`;
}

/** Is the member in one of the item's circles? (For "who may borrow".) */
export async function inItemCircle(db: Db, itemId: string, userId: string): Promise<boolean> {
  const row = await db
    .selectFrom("item_circles as ic")
    .innerJoin("circle_members as cm", "cm.circle_id", "ic.circle_id")
    .select("ic.item_id")
    .where("ic.item_id", "=", itemId)
    .where("cm.user_id", "=", userId)
    .executeTakeFirst();
  return row !== undefined;
}

/** Is the member in this circle (its owner included)? Everyone else is told it does not exist. */
export async function isCircleMember(db: Db, circleId: string, userId: string): Promise<boolean> {
  if (!isUuid(circleId)) return false;
  const row = await db.selectFrom("circle_members").select("user_id").where("circle_id", "=", circleId).where("user_id", "=", userId).executeTakeFirst();
  return row !== undefined;
}
