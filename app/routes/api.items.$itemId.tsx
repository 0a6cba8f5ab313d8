import type { LoaderFunctionArgs } from "@remix-run/node";
import { getOptionalUser } from "../auth/guards.server";
import { apiGetItem } from "../lending/api.server";

/**
 * GET /api/items/:id — public, no exact address, no personal data beyond display name and
 * neighbourhood. With a session cookie, a circles-only item is there for its circles' members
 * (docs/decisions/061); such an answer is private and never cached by others.
 */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const viewer = await getOptionalUser(context, request);
  const item = await apiGetItem(context.services.db, context.services.env.APP_URL, params.itemId ?? "", context.services.clock.now(), viewer?.id ?? null);
  const headers: Record<string, string> = viewer
    ? { "Cache-Control": "private, no-store", Vary: "Cookie" }
    : { "Cache-Control": "public, max-age=60", "Access-Control-Allow-Origin": "*" };
  if (!item) return Response.json({ error: "not_found" }, { status: 404, headers });
  return Response.json(item, { headers });
}
