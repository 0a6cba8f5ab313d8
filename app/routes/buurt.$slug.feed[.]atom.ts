import type { LoaderFunctionArgs } from "@remix-run/node";
import { getTranslator } from "../http/locale.server";
import { getNeighbourhoodAtomFeed } from "../pages/neighbourhood-feed-atom.server";
import { renderAtom } from "../utils/atom";

/** The Atom feed of a neighbourhood's page: what there is to do, get and see (issue 15). Public, no session. */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { locale, t } = await getTranslator(context, request);
  const { db, extensions, env, clock } = context.services;
  const feed = await getNeighbourhoodAtomFeed(db, extensions.neighbourhoodFeed, params.slug ?? "", { appUrl: env.APP_URL, locale, t, now: clock.now() });
  if (!feed) throw new Response("Not Found", { status: 404 });
  return new Response(renderAtom(feed), {
    headers: { "Content-Type": "application/atom+xml; charset=utf-8", "Cache-Control": "public, max-age=600", Vary: "Accept-Language, Cookie" },
  });
}
