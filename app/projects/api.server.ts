import type { Db } from "../utils/db.server";
import { type ApiProject, toApiProject } from "./api";
import type { ListQuery } from "./project-schema";
import { canView, getProjectBySlug, listProjects, listTiersOf } from "./projects.server";

/**
 * GET /api/projects: the public list with the same filters and sorts as /projects, paged by `page`
 * (an offset over the same index-served order) with the exact total its `pages` promise.
 */
export async function listApiProjects(
  db: Db,
  query: ListQuery,
  appUrl: string,
): Promise<{ projects: ApiProject[]; page: number; pages: number; total: number }> {
  const result = await listProjects(db, query, { countCap: null });
  const tiers = await listTiersOf(
    db,
    result.projects.map((p) => p.id),
  );
  const projects = result.projects.map((p) => toApiProject({ ...p, tiers: tiers.get(p.id) ?? [] }, appUrl));
  return { projects, page: result.page, pages: result.pages, total: result.total };
}

/** GET /api/projects/:slug — null for unknown or not (yet) public projects. */
export async function getApiProject(db: Db, slug: string, appUrl: string): Promise<ApiProject | null> {
  const project = await getProjectBySlug(db, slug);
  if (!project || !canView(project, null)) return null;
  return toApiProject(project, appUrl);
}
