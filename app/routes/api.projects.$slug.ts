import type { LoaderFunctionArgs } from "@remix-run/node";
import { apiHeaders } from "../projects/api";
import { getApiProject } from "../projects/api.server";

export async function loader({ context, params }: LoaderFunctionArgs) {
  const project = await getApiProject(context.services.db, params.slug ?? "", context.services.env.APP_URL);
  if (!project) return Response.json({ error: "not_found" }, { status: 404, headers: apiHeaders });
  return Response.json(project, { headers: apiHeaders });
}
