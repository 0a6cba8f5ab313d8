import { sql } from "kysely";
import { notBlockedBy } from "../moderation/blocks.server";
import { getImages } from "../storage/images.server";
import type { Db } from "../utils/db.server";
import { isUuid } from "../utils/ids";
import { renderMarkdown } from "../utils/markdown.server";
import { isAnswered, medianHours } from "./idea";
import type { IdeaListQuery } from "./idea-schema";
import type { AnswerStats, IdeaCard, IdeaPage, IdeaTimelineEntry } from "./views";

/** A post's place: its coarse point, else its postcode area's centroid, else its neighbourhood's centre. */
const latOf = sql<number | null>`coalesce(i.lat, pa.lat, (select avg(p2.lat) from postcode_areas p2 where p2.neighbourhood_id = i.neighbourhood_id))`;
const lngOf = sql<number | null>`coalesce(i.lng, pa.lng, (select avg(p2.lng) from postcode_areas p2 where p2.neighbourhood_id = i.neighbourhood_id))`;

/**
 * Posts with their poster, neighbourhood, postcode area and project, as `viewerId` may see them:
 * hidden posts only their poster's, no suspended poster's, none of someone the viewer blocked.
 */
function visiblePosts(db: Db, viewerId: string | null) {
  const q = db
    .selectFrom("ideas as i")
    .innerJoin("users as u", "u.id", "i.author_id")
    .innerJoin("neighbourhoods as n", "n.id", "i.neighbourhood_id")
    .leftJoin("postcode_areas as pa", "pa.postcode4", "i.postcode4")
    .leftJoin("projects as p", "p.id", "i.project_id")
    .where("u.suspended_at", "is", null)
    .where(notBlockedBy(viewerId, "i.author_id"));
  return viewerId ? q.where((eb) => eb.or([eb("i.hidden_at", "is", null), eb("i.author_id", "=", viewerId)])) : q.where("i.hidden_at", "is", null);
}

export type ListIdeasResult =
  { ok: true; ideas: IdeaCard[]; near: { postcode4: string; place: string } | null } | { ok: false; field: "near"; error: "ideas.error.postcodeUnknown" };

/**
 * The board's lists: new, most support, not yet answered (oldest first, so nothing waits unseen), and
 * near a postcode area (real distances between area centroids). Hidden posts only for their poster;
 * suspended posters' posts and people the viewer blocked are left out.
 */
export async function listIdeas(
  db: Db,
  query: IdeaListQuery & { viewerId: string | null; limit?: number; /** Leave out one member's own posts (the digest). */ exceptAuthorId?: string },
): Promise<ListIdeasResult> {
  let near: { postcode4: string; place: string; lat: number; lng: number } | null = null;
  if (query.near) {
    const area = await db.selectFrom("postcode_areas").select(["postcode4", "place", "lat", "lng"]).where("postcode4", "=", query.near).executeTakeFirst();
    if (!area) return { ok: false, field: "near", error: "ideas.error.postcodeUnknown" };
    near = area;
  }
  // Distance between area centroids, in SQL so "near" orders every post, not a first page of them.
  const distance = near
    ? sql<number | null>`case when (${latOf}) is null or (${lngOf}) is null then null else 2 * 6371 * asin(least(1, sqrt(
        power(sin(radians((${latOf}) - ${near.lat}) / 2), 2) +
        cos(radians(${near.lat})) * cos(radians(${latOf})) * power(sin(radians((${lngOf}) - ${near.lng}) / 2), 2)))) end`
    : sql<number | null>`null::float8`;
  let q = visiblePosts(db, query.viewerId).select([
    "i.id",
    "i.kind",
    "i.title",
    "i.body",
    "i.category",
    "i.status",
    "i.street",
    "i.postcode4",
    "i.support_count",
    "i.helper_count",
    "i.photo_upload_id",
    "i.hidden_at",
    "i.created_at",
    "i.status_changed_at",
    "u.display_name",
    "u.handle",
    "n.name as neighbourhood_name",
    "p.slug as project_slug",
    latOf.as("lat"),
    lngOf.as("lng"),
    distance.as("distance_km"),
  ]);
  if (query.neighbourhood) q = q.where("i.neighbourhood_id", "=", query.neighbourhood);
  if (query.exceptAuthorId) q = q.where("i.author_id", "<>", query.exceptAuthorId);
  if (query.kind) q = q.where("i.kind", "=", query.kind);
  if (query.status) q = q.where("i.status", "=", query.status);
  if (query.category) q = q.where("i.category", "=", query.category);
  if (query.sort === "unanswered") q = q.where("i.status", "=", "received").orderBy("i.created_at", "asc");
  else if (query.sort === "support") q = q.orderBy("i.support_count", "desc").orderBy("i.created_at", "desc");
  else if (query.sort === "near" && near) q = q.orderBy(sql`distance_km asc nulls last`).orderBy("i.created_at", "desc");
  else q = q.orderBy("i.created_at", "desc");
  const limited = (
    await q
      .orderBy("i.id")
      .limit(query.limit ?? 60)
      .execute()
  ).map((row) => ({ row, distanceKm: row.distance_km === null ? null : Math.round(Number(row.distance_km) * 10) / 10 }));
  const images = await getImages(
    db,
    limited.map((c) => c.row.photo_upload_id).filter((id): id is string => id !== null),
  );
  return {
    ok: true,
    near: near ? { postcode4: near.postcode4, place: near.place } : null,
    ideas: limited.map(({ row: r, distanceKm }) => ({
      id: r.id,
      kind: r.kind,
      title: r.title,
      excerpt: excerptOf(r.body),
      category: r.category,
      status: r.status,
      street: r.street,
      postcode4: r.postcode4,
      neighbourhoodName: r.neighbourhood_name,
      supportCount: r.support_count,
      helperCount: r.helper_count,
      author: { displayName: r.display_name, handle: r.handle },
      photo: r.photo_upload_id ? (images.get(r.photo_upload_id)?.card ?? null) : null,
      hidden: r.hidden_at !== null,
      createdAt: r.created_at.toISOString(),
      statusChangedAt: r.status_changed_at.toISOString(),
      projectSlug: r.project_slug,
      distanceKm,
      point: r.lat !== null && r.lng !== null ? { lat: r.lat, lng: r.lng } : null,
    })),
  };
}

/** The board's public posts for the sitemap: ids and when they last changed, newest first (no texts). */
export async function listSitemapIdeas(db: Db, cap: number): Promise<{ id: string; lastmod: Date }[]> {
  const rows = await visiblePosts(db, null)
    .select(["i.id", "i.created_at", "i.status_changed_at"])
    .orderBy("i.created_at", "desc")
    .orderBy("i.id")
    .limit(cap)
    .execute();
  return rows.map((r) => ({ id: r.id, lastmod: r.status_changed_at > r.created_at ? r.status_changed_at : r.created_at }));
}

function excerptOf(body: string): string {
  const text = body
    .replace(/[#*_>`[\]()!-]/g, "")
    .replace(/\s+/g, " ")
    .trim();
  return text.length > 180 ? `${text.slice(0, 177)}…` : text;
}

/** One post with its follow-up, helpers, comments and what the viewer may do; null when it is not theirs to see. */
export async function getIdeaPage(db: Db, ideaId: string, viewerId: string | null): Promise<IdeaPage | null> {
  if (!isUuid(ideaId)) return null;
  const q = visiblePosts(db, viewerId)
    .selectAll("i")
    .select([
      "u.display_name",
      "u.handle",
      "n.name as neighbourhood_name",
      "n.city",
      "pa.place",
      "p.slug as project_slug",
      "p.title as project_title",
      "p.status as project_status",
    ])
    .where("i.id", "=", ideaId);
  const r = await q.executeTakeFirst();
  if (!r) return null;
  const [events, helpers, comments, images, viewerRow, orgs] = await Promise.all([
    db
      .selectFrom("idea_events as e")
      .leftJoin("organisations as o", "o.id", "e.organisation_id")
      .select(["e.id", "e.event", "e.from_status", "e.to_status", "e.response", "e.created_at", "o.name as organisation_name", "o.slug as organisation_slug"])
      .where("e.idea_id", "=", r.id)
      .where("e.event", "in", ["posted", "status_changed", "responded", "became_project"])
      .orderBy("e.id")
      .execute(),
    db
      .selectFrom("idea_helpers as h")
      .innerJoin("users as u", "u.id", "h.user_id")
      .select(["u.id", "u.display_name", "u.handle", "h.note", "h.created_at"])
      .where("h.idea_id", "=", r.id)
      .where("u.suspended_at", "is", null)
      .orderBy("h.created_at")
      .execute(),
    db
      .selectFrom("idea_comments as c")
      .innerJoin("users as u", "u.id", "c.author_id")
      .select(["c.id", "c.body", "c.hidden_at", "c.hidden_reason", "c.created_at", "u.id as author_id", "u.display_name", "u.handle"])
      .where("c.idea_id", "=", r.id)
      .where("u.suspended_at", "is", null)
      .where(notBlockedBy(viewerId, "c.author_id"))
      .where((eb) => (viewerId ? eb.or([eb("c.hidden_at", "is", null), eb("c.author_id", "=", viewerId)]) : eb("c.hidden_at", "is", null)))
      .orderBy("c.created_at")
      .orderBy("c.id")
      .execute(),
    getImages(db, r.photo_upload_id ? [r.photo_upload_id] : []),
    viewerId
      ? db
          .selectFrom("users")
          .select([
            sql<boolean>`exists (select 1 from idea_supports s where s.idea_id = ${r.id} and s.user_id = users.id)`.as("supports"),
            sql<string | null>`(select h.note from idea_helpers h where h.idea_id = ${r.id} and h.user_id = users.id)`.as("help_note"),
          ])
          .where("id", "=", viewerId)
          .executeTakeFirst()
      : Promise.resolve(undefined),
    viewerId
      ? db
          .selectFrom("neighbourhood_responders as nr")
          .innerJoin("organisations as o", "o.id", "nr.organisation_id")
          .innerJoin("organisation_members as m", "m.organisation_id", "o.id")
          .select(["o.id", "o.name"])
          .where("nr.neighbourhood_id", "=", r.neighbourhood_id)
          .where("o.status", "=", "verified")
          .where("m.user_id", "=", viewerId)
          .orderBy("o.name")
          .execute()
      : Promise.resolve([]),
  ]);
  const responders = await listResponders(db, r.neighbourhood_id);
  const timeline: IdeaTimelineEntry[] = events.map((e) => ({
    id: e.id,
    event: e.event as IdeaTimelineEntry["event"],
    status: e.to_status as IdeaTimelineEntry["status"],
    changed: e.event === "status_changed",
    response: e.response,
    organisation: e.organisation_name ? { name: e.organisation_name, slug: e.organisation_slug! } : null,
    at: e.created_at.toISOString(),
  }));
  const isPoster = viewerId === r.author_id;
  const image = r.photo_upload_id ? (images.get(r.photo_upload_id) ?? null) : null;
  return {
    idea: {
      id: r.id,
      kind: r.kind,
      title: r.title,
      bodyHtml: renderMarkdown(r.body),
      body: r.body,
      category: r.category,
      status: r.status,
      street: r.street,
      postcode4: r.postcode4,
      place: r.place,
      neighbourhood: { id: r.neighbourhood_id, name: r.neighbourhood_name, city: r.city },
      supportCount: r.support_count,
      helperCount: r.helper_count,
      author: { displayName: r.display_name, handle: r.handle },
      photo: image ? { large: image.large, alt: r.title } : null,
      hidden: r.hidden_at ? { reason: r.hidden_reason } : null,
      createdAt: r.created_at.toISOString(),
      project: r.project_slug ? { slug: r.project_slug, title: r.project_title!, status: r.project_status! } : null,
    },
    timeline,
    helpers: helpers.map((h) => ({ id: h.id, displayName: h.display_name, handle: h.handle, note: h.note, isMaker: h.id === r.project_maker_id })),
    comments: comments.map((c) => ({
      id: c.id,
      body: c.body,
      hidden: c.hidden_at !== null,
      hiddenReason: c.hidden_at ? c.hidden_reason : null,
      author: { displayName: c.display_name, handle: c.handle, isPoster: c.author_id === r.author_id },
      createdAt: c.created_at.toISOString(),
    })),
    responders,
    viewer: viewerId
      ? {
          isPoster,
          supports: viewerRow?.supports ?? false,
          helpNote: viewerRow?.help_note ?? null,
          respondsFor: r.hidden_at ? [] : orgs,
          mayMakeProject: !r.project_id && !r.hidden_at && (isPoster || r.project_maker_id === viewerId),
          isMaker: r.project_maker_id === viewerId,
        }
      : null,
  };
}

/** The organisations that answer a neighbourhood's posts. */
export async function listResponders(db: Db, neighbourhoodId: string): Promise<{ name: string; slug: string }[]> {
  return db
    .selectFrom("neighbourhood_responders as nr")
    .innerJoin("organisations as o", "o.id", "nr.organisation_id")
    .select(["o.name", "o.slug"])
    .where("nr.neighbourhood_id", "=", neighbourhoodId)
    .where("o.status", "=", "verified")
    .orderBy("o.name")
    .execute();
}

/**
 * How quickly a neighbourhood's posts are answered (shown on the board): of the posts of the last
 * year, how many were answered and the median time to the first answer.
 */
export async function answerStats(db: Db, neighbourhoodId: string, now: Date): Promise<AnswerStats> {
  const since = new Date(now.getTime() - 365 * 86_400_000);
  const rows = await db
    .selectFrom("ideas")
    .select(["status", "created_at", "first_answered_at"])
    .where("neighbourhood_id", "=", neighbourhoodId)
    .where("hidden_at", "is", null)
    .where("created_at", ">=", since)
    .execute();
  const hours = rows.filter((r) => r.first_answered_at).map((r) => (r.first_answered_at!.getTime() - r.created_at.getTime()) / 3_600_000);
  return {
    posts: rows.length,
    answered: rows.filter((r) => isAnswered(r.status) || r.first_answered_at).length,
    waiting: rows.filter((r) => !r.first_answered_at).length,
    medianHours: medianHours(hours),
  };
}

/** The neighbourhoods one may post in (all of them; one's own first). */
export async function postableNeighbourhoods(db: Db): Promise<{ id: string; name: string; city: string }[]> {
  return db.selectFrom("neighbourhoods").select(["id", "name", "city"]).orderBy("city").orderBy("name").execute();
}

/** What a new project draft made from a post starts with, or null when `userId` may not make it. */
export async function draftFromIdea(
  db: Db,
  ideaId: string,
  userId: string,
): Promise<{ id: string; title: string; body: string; neighbourhoodId: string; category: string } | null> {
  if (!isUuid(ideaId)) return null;
  const r = await db
    .selectFrom("ideas")
    .select(["id", "title", "body", "neighbourhood_id", "category", "author_id", "project_maker_id", "project_id", "hidden_at"])
    .where("id", "=", ideaId)
    .executeTakeFirst();
  if (!r || r.project_id || r.hidden_at || (r.author_id !== userId && r.project_maker_id !== userId)) return null;
  return { id: r.id, title: r.title, body: r.body, neighbourhoodId: r.neighbourhood_id, category: r.category };
}

/** Every neighbourhood with the verified organisations that answer it, and those that could (the admin page). */
export async function listResponderChoices(db: Db) {
  const [hoods, orgs, pairs] = await Promise.all([
    db.selectFrom("neighbourhoods").select(["id", "name", "city"]).orderBy("city").orderBy("name").execute(),
    db.selectFrom("organisations").select(["id", "name", "kind"]).where("status", "=", "verified").orderBy("name").execute(),
    db.selectFrom("neighbourhood_responders").select(["neighbourhood_id", "organisation_id"]).execute(),
  ]);
  return hoods.map((h) => ({
    ...h,
    organisations: orgs.map((o) => ({ ...o, responds: pairs.some((p) => p.neighbourhood_id === h.id && p.organisation_id === o.id) })),
  }));
}
