import type { AppLoadContext } from "@remix-run/node";
import type { SessionUser } from "../auth/user";
import { canView, getProjectBySlug, type ProjectDetail } from "./projects.server";

/** The project, if this viewer may see it; otherwise 404 (a private draft's existence is not revealed). */
export async function requireVisibleProject(context: AppLoadContext, slug: string | undefined, viewer: SessionUser | null): Promise<ProjectDetail> {
  const project = await getProjectBySlug(context.services.db, slug ?? "");
  if (!project || !canView(project, viewer)) throw new Response("Not found", { status: 404 });
  return project;
}

/** The project, for its initiator only (403 for others who can see it, 404 otherwise). */
export async function requireOwnProject(context: AppLoadContext, slug: string | undefined, user: SessionUser): Promise<ProjectDetail> {
  const project = await requireVisibleProject(context, slug, user);
  if (project.initiator.id !== user.id) throw new Response("Forbidden", { status: 403 });
  return project;
}
