import type { LoaderFunctionArgs } from "@remix-run/node";
import { apiListItems } from "../lending/api.server";
import { searchQueryFrom } from "../lending/lending-schema";

/** GET /api/items?q=&category=&near=<postcode>&from=&to= — public, no personal data (app/lending/api.server.ts). */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const body = await apiListItems(context.services.db, context.services.env.APP_URL, searchQueryFrom(new URL(request.url)));
  return Response.json(body, { headers: { "Cache-Control": "public, max-age=60", "Access-Control-Allow-Origin": "*" } });
}
