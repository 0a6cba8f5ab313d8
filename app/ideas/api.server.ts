import { z } from "zod";
import type { Locale, Translate } from "../i18n/i18n";
import { absoluteUrl } from "../utils/app-url";
import type { AtomFeed } from "../utils/atom";
import type { Db } from "../utils/db.server";
import { renderMarkdown } from "../utils/markdown.server";
import { ideaKinds, ideaStatuses, type IdeaKind, type IdeaStatus } from "./idea";
import { ideaCategories } from "./idea-schema";
import { getIdeaPage, listIdeas } from "./reads.server";

/**
 * The board's public read API (GET /api/ideas, /api/ideas/:id) and the Atom feed per neighbourhood
 * (/neighbourhoods/<id>/ideas.atom). Public posts only, as an anonymous visitor sees them; no
 * personal data beyond display names (no ids of people, no e-mail, no notes of helpers).
 */
export interface ApiIdea {
  id: string;
  url: string;
  kind: IdeaKind;
  title: string;
  category: string;
  status: IdeaStatus;
  statusChangedAt: string;
  neighbourhood: string;
  street: string;
  postcode4: string | null;
  supportCount: number;
  helperCount: number;
  postedBy: string;
  createdAt: string;
  projectUrl: string | null;
}

export const ApiIdeaQuerySchema = z
  .object({
    neighbourhood: z.string().trim().min(1).max(60).optional(),
    kind: z.enum(ideaKinds).optional(),
    status: z.enum(ideaStatuses).optional(),
    category: z.enum(ideaCategories).optional(),
    sort: z.enum(["new", "support", "unanswered"]).default("new"),
    limit: z.coerce.number().int().min(1).max(100).default(50),
  })
  .strict();

export async function listApiIdeas(db: Db, query: z.output<typeof ApiIdeaQuerySchema>, appUrl: string): Promise<{ ideas: ApiIdea[] }> {
  const listed = await listIdeas(db, { ...query, viewerId: null });
  if (!listed.ok) return { ideas: [] };
  return {
    ideas: listed.ideas.map((i) => ({
      id: i.id,
      url: absoluteUrl(appUrl, `/ideas/${i.id}`),
      kind: i.kind,
      title: i.title,
      category: i.category,
      status: i.status,
      statusChangedAt: i.statusChangedAt,
      neighbourhood: i.neighbourhoodName,
      street: i.street,
      postcode4: i.postcode4,
      supportCount: i.supportCount,
      helperCount: i.helperCount,
      postedBy: i.author.displayName,
      createdAt: i.createdAt,
      projectUrl: i.projectSlug ? absoluteUrl(appUrl, `/projects/${i.projectSlug}`) : null,
    })),
  };
}

/** One post with its public follow-up (organisations' answers), or null when it is not public. */
export async function getApiIdea(db: Db, id: string, appUrl: string) {
  const page = await getIdeaPage(db, id, null);
  if (!page) return null;
  const { idea } = page;
  const images = idea.photo ? idea.photo.large : [];
  return {
    id: idea.id,
    url: absoluteUrl(appUrl, `/ideas/${idea.id}`),
    kind: idea.kind,
    title: idea.title,
    body: idea.body,
    category: idea.category,
    status: idea.status,
    neighbourhood: idea.neighbourhood,
    street: idea.street,
    postcode4: idea.postcode4,
    supportCount: idea.supportCount,
    helperCount: idea.helperCount,
    postedBy: idea.author.displayName,
    createdAt: idea.createdAt,
    photos: images.map((v) => ({ url: absoluteUrl(appUrl, v.url), width: v.width, height: v.height })),
    project: idea.project ? { title: idea.project.title, url: absoluteUrl(appUrl, `/projects/${idea.project.slug}`) } : null,
    respondedBy: page.responders.map((r) => r.name),
    followUp: page.timeline
      .filter((e) => e.event === "status_changed" || e.event === "responded")
      .map((e) => ({ at: e.at, status: e.status, statusChanged: e.changed, organisation: e.organisation?.name ?? null, response: e.response })),
  };
}

export const FEED_ENTRIES = 50;

/**
 * The neighbourhood's feed: new posts and status changes, newest first — what a neighbourhood
 * website or a feed reader follows. Hidden posts and suspended posters' posts are never in it.
 */
export async function getNeighbourhoodIdeasFeed(
  db: Db,
  neighbourhoodId: string,
  options: { appUrl: string; locale: Locale; t: Translate; now: Date },
): Promise<AtomFeed | null> {
  const hood = await db.selectFrom("neighbourhoods").select(["id", "name"]).where("id", "=", neighbourhoodId).executeTakeFirst();
  if (!hood) return null;
  const rows = await db
    .selectFrom("idea_events as e")
    .innerJoin("ideas as i", "i.id", "e.idea_id")
    .innerJoin("users as u", "u.id", "i.author_id")
    .leftJoin("organisations as o", "o.id", "e.organisation_id")
    .select([
      "e.id",
      "e.event",
      "e.to_status",
      "e.response",
      "e.created_at",
      "i.id as idea_id",
      "i.title",
      "i.body",
      "i.photo_upload_id",
      "u.display_name",
      "o.name as organisation_name",
    ])
    .where("i.neighbourhood_id", "=", hood.id)
    .where("i.hidden_at", "is", null)
    .where("u.suspended_at", "is", null)
    .where("e.event", "in", ["posted", "status_changed"])
    .orderBy("e.id", "desc")
    .limit(FEED_ENTRIES)
    .execute();
  const board = absoluteUrl(options.appUrl, `/ideas?neighbourhood=${encodeURIComponent(hood.id)}`);
  const { t } = options;
  return {
    id: `tag:buurtkracht,2026:ideas:${hood.id}`,
    title: t("ideas.feed.title", { neighbourhood: hood.name }),
    lang: options.locale,
    updated: rows[0]?.created_at ?? options.now,
    selfUrl: absoluteUrl(options.appUrl, `/neighbourhoods/${encodeURIComponent(hood.id)}/ideas.atom`),
    alternateUrl: board,
    author: { name: hood.name },
    entries: rows.map((r) => {
      const page = absoluteUrl(options.appUrl, `/ideas/${r.idea_id}`);
      const status = t(`ideas.status.${r.to_status as IdeaStatus}`);
      return {
        id: `urn:buurtkracht:idea-event:${r.id}`,
        title: r.event === "posted" ? t("ideas.feed.posted", { title: r.title }) : t("ideas.feed.status", { title: r.title, status }),
        url: page,
        published: r.created_at,
        updated: r.created_at,
        html:
          r.event === "posted"
            ? renderMarkdown(r.body)
            : renderMarkdown(`**${(r.organisation_name ?? "").replace(/[*_`[\]\\<>]/g, "")}: ${status}**\n\n${r.response}`),
      };
    }),
  };
}
