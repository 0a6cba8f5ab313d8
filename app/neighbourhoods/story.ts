/**
 * Who may edit a neighbourhood's page (docs/decisions/073-neighbourhood-pages.md): its own
 * moderators, and the platform's moderators and admins. A suspended member edits nothing.
 */
export function canEditNeighbourhood(viewer: { id: string; role: string; suspended?: boolean } | null, moderatorIds: readonly string[]): boolean {
  if (!viewer || viewer.suspended) return false;
  if (viewer.role === "moderator" || viewer.role === "admin") return true;
  return moderatorIds.includes(viewer.id);
}

/** The longest story, in characters, per language (also a CHECK in migration 0038). */
export const MAX_STORY_LENGTH = 20_000;

/** Fewer than two moderators: a community that leans on one person (the page and the seed say so). */
export function dependsOnOnePerson(moderatorCount: number): boolean {
  return moderatorCount < 2;
}
