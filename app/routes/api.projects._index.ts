import type { LoaderFunctionArgs } from "@remix-run/node";
import { apiHeaders } from "../projects/api";
import { listApiProjects } from "../projects/api.server";
import { ListQuerySchema } from "../projects/project-schema";

/** Public JSON for neighbourhood websites and widgets (docs/decisions/035-public-api-and-embed.md). */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const query = ListQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const body = await listApiProjects(context.services.db, query, context.services.env.APP_URL);
  return Response.json(body, { headers: apiHeaders });
}
