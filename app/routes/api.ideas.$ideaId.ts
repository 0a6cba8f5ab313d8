import type { LoaderFunctionArgs } from "@remix-run/node";
import { getApiIdea } from "../ideas/api.server";
import { apiHeaders } from "../projects/api";

/** One public post with its follow-up (issue 14); 404 for a post that is not public. */
export async function loader({ params, context }: LoaderFunctionArgs) {
  const idea = await getApiIdea(context.services.db, params.ideaId ?? "", context.services.env.APP_URL);
  if (!idea) return Response.json({ error: "not_found" }, { status: 404, headers: apiHeaders });
  return Response.json(idea, { headers: apiHeaders });
}
