import type { ProjectStatus } from "./project";

/**
 * An update's life (issue 13 §15): published, corrected any number of times, or withdrawn
 * (deleted), which is final. Only who may post updates (the initiator, a co-initiator: decision 071)
 * changes it, and only while the project is
 * out in the world — the same statuses in which they post updates. Pure; the writer is
 * `reviseUpdate` in updates.server.ts, which keeps what it said before in
 * project_update_revisions.
 */
export type UpdateState = "published" | "deleted";
export type UpdateChange = "edit" | "delete";
export type UpdateRefusal = "projects.update.notAllowed" | "projects.update.gone";

/** Initiators post (and correct) updates once the project is out in the world (live or ended). */
export const updatableStatuses: readonly ProjectStatus[] = ["live", "succeeded", "failed", "paid_out", "cancelled"];

export function updateTransition(
  input: { state: UpdateState; actorMayPost: boolean; projectStatus: ProjectStatus },
  change: UpdateChange,
): { ok: true; to: UpdateState } | { ok: false; error: UpdateRefusal } {
  if (!input.actorMayPost || !updatableStatuses.includes(input.projectStatus)) return { ok: false, error: "projects.update.notAllowed" };
  if (input.state === "deleted") return { ok: false, error: "projects.update.gone" };
  return { ok: true, to: change === "delete" ? "deleted" : "published" };
}
