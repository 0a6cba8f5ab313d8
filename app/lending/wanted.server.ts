import type { Db } from "../utils/db.server";
import { notBlockedBy } from "../moderation/blocks.server";
import type { Ymd } from "./days";
import type { ItemCategory } from "./item";
import { type LendingNotice, sendNotices } from "./notices.server";
import { searchItems } from "./search.server";
import { ymd } from "./sql.server";
import { checkWantedDates, type WantedDatesError, type WantedState, wantedExpiresAt, wantedTransition } from "./wanted";
import { isUuid } from "../utils/ids";

export interface WantedInput {
  title: string;
  description: string;
  category: ItemCategory | null;
  neededFrom: Ymd;
  neededUntil: Ymd;
}

export interface WantedPost {
  id: string;
  title: string;
  description: string;
  category: ItemCategory | null;
  neededFrom: Ymd;
  neededUntil: Ymd;
  expiresAt: Date;
  state: WantedState;
  author: { displayName: string };
  neighbourhood: { id: string; name: string };
  createdAt: Date;
  isMine: boolean;
}

/**
 * Posts "Wie heeft er een ladder?". Owners in the neighbourhood whose listed items match the
 * title (the item search, so typos match too) are told in the same transaction (wanted.match),
 * and see the post on their dashboard.
 */
export async function postWanted(
  db: Db,
  input: { authorId: string; post: WantedInput; now: Date },
): Promise<{ ok: true; postId: string; notified: number } | { ok: false; field: "neededFrom" | "neededUntil"; error: WantedDatesError }> {
  const { post, now } = input;
  const datesError = checkWantedDates(post.neededFrom, post.neededUntil, now);
  if (datesError) return { ok: false, field: datesError === "EndBeforeStart" || datesError === "TooLong" ? "neededUntil" : "neededFrom", error: datesError };
  return db.transaction().execute(async (trx) => {
    const author = await trx.selectFrom("users").select(["neighbourhood_id", "postcode4"]).where("id", "=", input.authorId).executeTakeFirstOrThrow();
    const row = await trx
      .insertInto("wanted_posts")
      .values({
        author_id: input.authorId,
        title: post.title,
        description: post.description,
        category: post.category,
        neighbourhood_id: author.neighbourhood_id,
        postcode4: author.postcode4,
        needed_from: post.neededFrom,
        needed_until: post.neededUntil,
        expires_at: wantedExpiresAt(now, post.neededUntil),
        state: "open",
        created_at: now,
        updated_at: now,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await trx
      .insertInto("wanted_events")
      .values({ wanted_post_id: row.id, actor_id: input.authorId, kind: "posted", from_state: null, to_state: "open", occurred_at: now })
      .execute();
    const matches = await searchItems(trx, { q: post.title, neighbourhoodId: author.neighbourhood_id, excludeOwnerId: input.authorId, perPage: 50 });
    const owners = await ownersOf(
      trx,
      matches.items.map((i) => i.id),
    );
    const notices: LendingNotice[] = matches.items.map((item) => ({
      userId: owners.get(item.id)!,
      kind: "wanted.match",
      data: { wantedId: row.id, wantedTitle: post.title, itemTitle: item.title },
      dedupeKey: `wanted.match:${row.id}:${owners.get(item.id)}`,
    }));
    // One notice per owner, for their best-matching item.
    const perOwner = [...new Map(notices.map((n) => [n.userId, n])).values()];
    await sendNotices(trx, perOwner);
    return { ok: true as const, postId: row.id, notified: perOwner.length };
  });
}

async function ownersOf(db: Db, itemIds: string[]): Promise<Map<string, string>> {
  if (itemIds.length === 0) return new Map();
  const rows = await db.selectFrom("items").select(["id", "owner_id"]).where("id", "in", itemIds).execute();
  return new Map(rows.map((r) => [r.id, r.owner_id]));
}

export async function withdrawWanted(
  db: Db,
  input: { authorId: string; postId: string; now: Date },
): Promise<{ ok: true } | { ok: false; error: "NotFound" | "IllegalTransition" }> {
  if (!isUuid(input.postId)) return { ok: false, error: "NotFound" };
  return db.transaction().execute(async (trx) => {
    const post = await trx
      .selectFrom("wanted_posts")
      .select(["id", "author_id", "state", "expires_at"])
      .where("id", "=", input.postId)
      .forUpdate()
      .executeTakeFirst();
    if (!post || post.author_id !== input.authorId) return { ok: false as const, error: "NotFound" as const };
    const result = wantedTransition({ state: post.state, expiresAt: post.expires_at }, "withdraw", input.now);
    if (!result.ok) return { ok: false as const, error: "IllegalTransition" as const };
    await trx.updateTable("wanted_posts").set({ state: result.to, updated_at: input.now }).where("id", "=", post.id).execute();
    await trx
      .insertInto("wanted_events")
      .values({ wanted_post_id: post.id, actor_id: input.authorId, kind: "withdraw", from_state: post.state, to_state: result.to, occurred_at: input.now })
      .execute();
    return { ok: true as const };
  });
}

function selectPosts(db: Db) {
  return db
    .selectFrom("wanted_posts as w")
    .innerJoin("users as u", "u.id", "w.author_id")
    .innerJoin("neighbourhoods as n", "n.id", "w.neighbourhood_id")
    .select([
      "w.id",
      "w.author_id",
      "w.title",
      "w.description",
      "w.category",
      "w.expires_at",
      "w.state",
      "w.created_at",
      "u.display_name",
      "n.id as n_id",
      "n.name as n_name",
      ymd("w.needed_from").as("needed_from"),
      ymd("w.needed_until").as("needed_until"),
    ]);
}

type PostRow = Awaited<ReturnType<ReturnType<typeof selectPosts>["executeTakeFirstOrThrow"]>>;
const toPost = (r: PostRow, viewerId: string | null): WantedPost => ({
  id: r.id,
  title: r.title,
  description: r.description,
  category: r.category,
  neededFrom: r.needed_from,
  neededUntil: r.needed_until,
  expiresAt: r.expires_at,
  state: r.state,
  author: { displayName: r.display_name },
  neighbourhood: { id: r.n_id, name: r.n_name },
  createdAt: r.created_at,
  isMine: r.author_id === viewerId,
});

/** Open, unexpired posts, newest first; a neighbourhood's own when given. */
export async function listWantedPosts(db: Db, input: { neighbourhoodId?: string; now: Date; viewerId: string | null; limit?: number }): Promise<WantedPost[]> {
  let q = selectPosts(db)
    .where("w.state", "=", "open")
    .where("w.expires_at", ">", input.now)
    .where("w.hidden_at", "is", null)
    .where("u.suspended_at", "is", null)
    .where(notBlockedBy(input.viewerId, "w.author_id"));
  if (input.neighbourhoodId) q = q.where("w.neighbourhood_id", "=", input.neighbourhoodId);
  const rows = await q
    .orderBy("w.created_at", "desc")
    .limit(input.limit ?? 50)
    .execute();
  return rows.map((r) => toPost(r, input.viewerId));
}

export async function listMyWantedPosts(db: Db, authorId: string): Promise<WantedPost[]> {
  const rows = await selectPosts(db).where("w.author_id", "=", authorId).orderBy("w.created_at", "desc").limit(50).execute();
  return rows.map((r) => toPost(r, authorId));
}

/**
 * The owner's dashboard: open posts in their neighbourhood that one of their listed items
 * matches, with those items (to offer one).
 */
export async function listWantedMatchesForOwner(
  db: Db,
  input: { ownerId: string; neighbourhoodId: string; now: Date },
): Promise<{ post: WantedPost; items: { id: string; title: string }[] }[]> {
  const posts = (await listWantedPosts(db, { neighbourhoodId: input.neighbourhoodId, now: input.now, viewerId: input.ownerId, limit: 20 })).filter(
    (p) => !p.isMine,
  );
  const out: { post: WantedPost; items: { id: string; title: string }[] }[] = [];
  for (const post of posts) {
    const matches = await searchItems(db, { q: post.title, ownerId: input.ownerId, perPage: 10 });
    if (matches.items.length) out.push({ post, items: matches.items.map((i) => ({ id: i.id, title: i.title })) });
  }
  return out;
}
