import type { LoaderFunctionArgs } from "@remix-run/node";
import { ApiIdeaQuerySchema, listApiIdeas } from "../ideas/api.server";
import { apiHeaders } from "../projects/api";

/** Public JSON of the neighbourhood board (issue 14): statuses and support counts, display names only. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const parsed = ApiIdeaQuerySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({ parameter: String(i.path[0] ?? (i as { keys?: string[] }).keys?.[0] ?? ""), message: i.message }));
    return Response.json({ error: "invalid_query", issues }, { status: 400, headers: apiHeaders });
  }
  return Response.json(await listApiIdeas(context.services.db, parsed.data, context.services.env.APP_URL), { headers: apiHeaders });
}
