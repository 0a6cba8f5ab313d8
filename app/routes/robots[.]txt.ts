import type { LoaderFunctionArgs } from "@remix-run/node";
import { robotsTxt } from "../http/robots";

/** robots.txt: the same on every deployment (docs/decisions/065-seo-and-feeds.md). */
export async function loader({ context }: LoaderFunctionArgs) {
  return new Response(robotsTxt(context.services.env.APP_URL), {
    headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "public, max-age=3600" },
  });
}
