import type { LoaderFunctionArgs } from "@remix-run/node";
import { apiNeeds } from "../needs/api.server";
import { apiHeaders } from "../projects/api";
import { getApiProject } from "../projects/api.server";

export async function loader({ context, params }: LoaderFunctionArgs) {
  const project = await getApiProject(context.services.db, params.slug ?? "", context.services.env.APP_URL);
  if (!project) return Response.json({ error: "not_found" }, { status: 404, headers: apiHeaders });
  // What the project asks besides money (issue 11): volunteer shifts for now.
  const needs = await apiNeeds(context.services.db, project.slug);
  return Response.json({ ...project, needs }, { headers: apiHeaders });
}
