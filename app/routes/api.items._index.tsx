import type { LoaderFunctionArgs } from "@remix-run/node";
import { getOptionalUser } from "../auth/guards.server";
import { apiListItems } from "../lending/api.server";
import { searchProblems, searchQueryFrom } from "../lending/lending-schema";

/**
 * GET /api/items?q=&category=&near=<postcode>&from=&to= — public, no personal data
 * (app/lending/api.server.ts). With a session cookie it also lists the circles-only items of the
 * member's circles (docs/decisions/061); such an answer is private and never cached by others.
 */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  // A parameter the API does not understand is a 400 naming it, never a silent fallback (issue 13 §4).
  const problems = searchProblems(url);
  if (Object.keys(problems).length) {
    const issues = Object.entries(problems).map(([parameter, message]) => ({ parameter, message }));
    return Response.json({ error: "invalid_query", issues }, { status: 400, headers: { "Access-Control-Allow-Origin": "*" } });
  }
  const viewer = await getOptionalUser(context, request);
  const body = await apiListItems(context.services.db, context.services.env.APP_URL, searchQueryFrom(url), viewer?.id ?? null);
  const headers: Record<string, string> = viewer
    ? { "Cache-Control": "private, no-store", Vary: "Cookie" }
    : { "Cache-Control": "public, max-age=60", "Access-Control-Allow-Origin": "*" };
  return Response.json(body, { headers });
}
