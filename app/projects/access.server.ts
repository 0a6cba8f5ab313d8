import type { AppLoadContext } from "@remix-run/node";
import type { SessionUser } from "../auth/user";
import { canView, getProjectBySlug, type ProjectDetail } from "./projects.server";
import { mayDo, type ProjectPermission, type ProjectStanding } from "./team";
import { standingOnProject } from "./team.server";

/**
 * The project, if this viewer may see it; otherwise 404 (a private draft's existence is not revealed).
 * Its active team sees it as its initiator does (a draft, a hidden project: decision 071).
 */
export async function requireVisibleProject(context: AppLoadContext, slug: string | undefined, viewer: SessionUser | null): Promise<ProjectDetail> {
  const project = await getProjectBySlug(context.services.db, slug ?? "");
  if (!project) throw new Response("Not found", { status: 404 });
  if (canView(project, viewer)) return project;
  if (viewer && !project.initiatorSuspended) {
    const standing = await standingOnProject(context.services.db, { id: project.id, initiatorId: project.initiator.id }, viewer);
    if (standing === "co_initiator" || standing === "helper") return project;
  }
  throw new Response("Not found", { status: 404 });
}

/**
 * The project, for whoever may do `permission` on it (app/projects/team.ts: the initiator, or an
 * active co-initiator or helper whose role allows it); 403 for others who can see it, 404 otherwise.
 * Returns the viewer's standing too, so a page shows only what they may do.
 */
export async function requireProjectPermission(
  context: AppLoadContext,
  slug: string | undefined,
  user: SessionUser,
  permission: ProjectPermission,
): Promise<ProjectDetail & { standing: ProjectStanding }> {
  const project = await requireVisibleProject(context, slug, user);
  const standing = await standingOnProject(context.services.db, { id: project.id, initiatorId: project.initiator.id }, user);
  if (!mayDo(standing, permission)) throw new Response("Forbidden", { status: 403 });
  return { ...project, standing };
}
