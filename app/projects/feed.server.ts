import type { Locale, Translate } from "../i18n/i18n";
import { absoluteUrl } from "../utils/app-url";
import type { AtomFeed } from "../utils/atom";
import type { Db } from "../utils/db.server";
import { renderMarkdown } from "../utils/markdown.server";
import { listUpdates } from "./updates.server";
import type { ProjectDetail } from "./views";

/** The newest updates a feed carries; older ones stay on the page. */
export const FEED_ENTRIES = 50;

/**
 * The Atom feed of a project's updates (/projects/<slug>/updates.atom, docs/decisions/065-seo-and-feeds.md):
 * the updates the page shows (hidden ones never; updates are never for backers only), their Markdown
 * through the same sanitizer as the page, the initiator as author. The caller decides who may read
 * it: only a project anyone may open (`canView(project, null)`).
 */
export async function getUpdatesFeed(db: Db, project: ProjectDetail, options: { appUrl: string; locale: Locale; t: Translate }): Promise<AtomFeed> {
  const updates = (await listUpdates(db, project.id)).slice(0, FEED_ENTRIES);
  const page = absoluteUrl(options.appUrl, `/projects/${project.slug}`);
  const newest = updates[0]?.createdAt ?? project.launchedAt ?? project.createdAt;
  return {
    // The project's uuid: the feed keeps its identity if the site moves to another address.
    id: `urn:uuid:${project.id}`,
    title: options.t("projects.feed.title", { title: project.title }),
    subtitle: project.summary || options.t("projects.feed.subtitle"),
    lang: options.locale,
    updated: newest,
    selfUrl: `${page}/updates.atom`,
    alternateUrl: page,
    author: { name: project.initiator.displayName, uri: absoluteUrl(options.appUrl, `/u/${encodeURIComponent(project.initiator.handle)}`) },
    entries: updates.map((u) => ({
      id: `urn:uuid:${u.id}`,
      title: u.title,
      url: `${page}#update-${u.id}`,
      published: u.createdAt,
      // Updates are not edited once posted.
      updated: u.createdAt,
      html: renderMarkdown(u.body),
    })),
  };
}
