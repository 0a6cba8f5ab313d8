import type { LoaderFunctionArgs } from "@remix-run/node";
import { apiHeaders } from "../projects/api";
import { listApiProjects } from "../projects/api.server";
import { ApiListQuerySchema } from "../projects/project-schema";

/** Public JSON for neighbourhood websites and widgets (docs/decisions/035-public-api-and-embed.md). */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const parsed = ApiListQuerySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success) {
    // Which parameter, and what it may be: a widget's author reads this, not a neighbour.
    const issues = parsed.error.issues.map((i) => ({ parameter: String(i.path[0] ?? ""), message: i.message }));
    return Response.json({ error: "invalid_query", issues }, { status: 400, headers: apiHeaders });
  }
  const body = await listApiProjects(context.services.db, parsed.data, context.services.env.APP_URL);
  return Response.json(body, { headers: apiHeaders });
}
