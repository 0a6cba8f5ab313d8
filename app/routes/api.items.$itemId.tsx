import type { LoaderFunctionArgs } from "@remix-run/node";
import { apiGetItem } from "../lending/api.server";

/** GET /api/items/:id — public, no exact address, no personal data beyond display name and neighbourhood. */
export async function loader({ params, context }: LoaderFunctionArgs) {
  const item = await apiGetItem(context.services.db, context.services.env.APP_URL, params.itemId ?? "", context.services.clock.now());
  const headers = { "Cache-Control": "public, max-age=60", "Access-Control-Allow-Origin": "*" };
  if (!item) return Response.json({ error: "not_found" }, { status: 404, headers });
  return Response.json(item, { headers });
}
