import { getImages, type StoredImage } from "../storage/images.server";
import type { Db } from "../utils/db.server";
import { renderMarkdown } from "../utils/markdown.server";

/** What /buurt/<slug> shows of the neighbourhood itself (docs/decisions/073-neighbourhood-pages.md). */
export interface NeighbourhoodProfile {
  id: string;
  name: string;
  city: string;
  municipality: string;
  description: { nl: string; en: string };
  /** The story's Markdown as typed (for the edit form) and as sanitized HTML (for the page). */
  story: { nl: string; en: string };
  storyHtml: { nl: string; en: string };
  cover: StoredImage | null;
  storyUpdatedAt: Date | null;
  moderators: { id: string; handle: string; displayName: string }[];
  memberCount: number;
}

export async function getNeighbourhoodProfile(db: Db, id: string): Promise<NeighbourhoodProfile | null> {
  const row = await db
    .selectFrom("neighbourhoods as n")
    .select([
      "n.id",
      "n.name",
      "n.city",
      "n.municipality",
      "n.description_nl",
      "n.description_en",
      "n.story_nl",
      "n.story_en",
      "n.cover_upload_id",
      "n.story_updated_at",
      "n.member_count", // kept by the database (migration 0049)
    ])
    .where("n.id", "=", id)
    .executeTakeFirst();
  if (!row) return null;
  const moderators = await db
    .selectFrom("neighbourhood_moderators as m")
    .innerJoin("users as u", "u.id", "m.user_id")
    .select(["u.id", "u.handle", "u.display_name"])
    .where("m.neighbourhood_id", "=", id)
    // A suspended moderator is not named (and cannot edit).
    .where("u.suspended_at", "is", null)
    .orderBy("m.appointed_at")
    .orderBy("u.display_name")
    .execute();
  const cover = row.cover_upload_id ? ((await getImages(db, [row.cover_upload_id])).get(row.cover_upload_id) ?? null) : null;
  return {
    id: row.id,
    name: row.name,
    city: row.city,
    municipality: row.municipality,
    description: { nl: row.description_nl, en: row.description_en },
    story: { nl: row.story_nl, en: row.story_en },
    storyHtml: { nl: renderMarkdown(row.story_nl), en: renderMarkdown(row.story_en) },
    cover,
    storyUpdatedAt: row.story_updated_at,
    moderators: moderators.map((m) => ({ id: m.id, handle: m.handle, displayName: m.display_name })),
    memberCount: row.member_count,
  };
}

/** The admin page: every neighbourhood with its moderators. */
export async function listNeighbourhoodModerators(
  db: Db,
): Promise<{ id: string; name: string; city: string; moderators: { id: string; handle: string; displayName: string }[] }[]> {
  const hoods = await db.selectFrom("neighbourhoods").select(["id", "name", "city"]).orderBy("city").orderBy("name").execute();
  const mods = await db
    .selectFrom("neighbourhood_moderators as m")
    .innerJoin("users as u", "u.id", "m.user_id")
    .select(["m.neighbourhood_id", "u.id", "u.handle", "u.display_name"])
    .orderBy("m.appointed_at")
    .execute();
  return hoods.map((h) => ({
    ...h,
    moderators: mods.filter((m) => m.neighbourhood_id === h.id).map((m) => ({ id: m.id, handle: m.handle, displayName: m.display_name })),
  }));
}

/** The pages the sitemap names: every neighbourhood, with when its story last changed. */
export async function listSitemapNeighbourhoods(db: Db): Promise<{ id: string; lastmod: Date }[]> {
  const rows = await db.selectFrom("neighbourhoods").select(["id", "created_at", "story_updated_at"]).orderBy("id").execute();
  return rows.map((r) => ({ id: r.id, lastmod: r.story_updated_at ?? r.created_at }));
}
