import type { LoaderFunctionArgs } from "@remix-run/node";
import { getTranslator } from "../http/locale.server";
import { requireVisibleProject } from "../projects/access.server";
import { getUpdatesFeed } from "../projects/feed.server";
import { renderAtom } from "../utils/atom";

/**
 * The Atom feed of a project's updates (docs/decisions/065-seo-and-feeds.md). A feed reader carries
 * no session, and a feed is shared onwards: only a project anyone may open has one (as an
 * anonymous visitor sees it), whoever asks; otherwise 404, as the page answers strangers.
 */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const project = await requireVisibleProject(context, params.slug, null);
  const { locale, t } = await getTranslator(context, request);
  const feed = await getUpdatesFeed(context.services.db, project, { appUrl: context.services.env.APP_URL, locale, t });
  return new Response(renderAtom(feed), {
    headers: {
      "Content-Type": "application/atom+xml; charset=utf-8",
      "Cache-Control": "public, max-age=600",
      // Its language follows the reader's (?lang=, cookie, Accept-Language).
      Vary: "Accept-Language, Cookie",
    },
  });
}
