import { describe, expect, it } from "vitest";
import type { ProjectStatus } from "./project";
import { type UpdateChange, type UpdateState, updateTransition } from "./update";

describe("an update's life (issue 13 §15)", () => {
  const cases: [UpdateState, boolean, ProjectStatus, UpdateChange, string][] = [
    ["published", true, "live", "edit", "published"],
    ["published", true, "live", "delete", "deleted"],
    ["published", true, "succeeded", "edit", "published"],
    ["published", true, "paid_out", "delete", "deleted"],
    ["published", true, "failed", "edit", "published"],
    ["published", true, "cancelled", "edit", "published"],
    ["published", false, "live", "edit", "projects.update.notAllowed"],
    ["published", false, "live", "delete", "projects.update.notAllowed"],
    ["published", true, "draft", "edit", "projects.update.notAllowed"],
    ["published", true, "submitted", "delete", "projects.update.notAllowed"],
    ["deleted", true, "live", "edit", "projects.update.gone"],
    ["deleted", true, "live", "delete", "projects.update.gone"],
    ["deleted", false, "live", "edit", "projects.update.notAllowed"],
  ];
  it.each(cases)("%s, initiator %s, project %s: %s → %s", (state, actorIsInitiator, projectStatus, change, expected) => {
    const result = updateTransition({ state, actorMayPost: actorIsInitiator, projectStatus }, change);
    expect(result.ok ? result.to : result.error).toBe(expected);
  });
});
