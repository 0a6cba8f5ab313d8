import type { LoaderFunctionArgs } from "@remix-run/node";
import { getTranslator } from "../http/locale.server";
import { getNeighbourhoodIdeasFeed } from "../ideas/api.server";
import { renderAtom } from "../utils/atom";

/** The Atom feed of a neighbourhood's board: new posts and status changes (issue 14). Public, no session. */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { locale, t } = await getTranslator(context, request);
  const feed = await getNeighbourhoodIdeasFeed(context.services.db, params.neighbourhoodId ?? "", {
    appUrl: context.services.env.APP_URL,
    locale,
    t,
    now: context.services.clock.now(),
  });
  if (!feed) throw new Response("Not Found", { status: 404 });
  return new Response(renderAtom(feed), {
    headers: { "Content-Type": "application/atom+xml; charset=utf-8", "Cache-Control": "public, max-age=600", Vary: "Accept-Language, Cookie" },
  });
}
