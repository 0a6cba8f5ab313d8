/**
 * A board post's public follow-up (issue 14): the organisation responsible for the neighbourhood
 * answers every post — received → being looked at → planned → done, or not possible (always with a
 * reason). An answer may also be a response without a new status. Posts that were done or refused
 * can be looked at again (the swing broke again; the council reconsidered). Pure: the one writer is
 * `respondToIdea` in ideas.server.ts, which writes the status and an `idea_events` row.
 */
export const ideaStatuses = ["received", "looking", "planned", "done", "not_possible"] as const;
export type IdeaStatus = (typeof ideaStatuses)[number];
export const ideaKinds = ["idea", "problem"] as const;
export type IdeaKind = (typeof ideaKinds)[number];

export function isIdeaStatus(value: unknown): value is IdeaStatus {
  return typeof value === "string" && (ideaStatuses as readonly string[]).includes(value);
}

/** Where each status may go next (a status to itself is a response without a change). */
const next: Record<IdeaStatus, readonly IdeaStatus[]> = {
  received: ["looking", "planned", "done", "not_possible"],
  looking: ["planned", "done", "not_possible"],
  planned: ["looking", "done", "not_possible"],
  done: ["looking"],
  not_possible: ["looking"],
};

/** The statuses an organisation can choose from a given one (for the form), the current one first. */
export function statusChoices(from: IdeaStatus): IdeaStatus[] {
  return [from, ...next[from]];
}

export type IdeaAnswerRefusal =
  "ideas.error.notResponder" | "ideas.error.hidden" | "ideas.error.statusNotAllowed" | "ideas.error.reasonRequired" | "ideas.error.nothingToSay";

export type IdeaAnswer = { ok: true; event: "status_changed" | "responded"; to: IdeaStatus } | { ok: false; error: IdeaAnswerRefusal };

export function answerIdea(input: { status: IdeaStatus; hidden: boolean; actorResponds: boolean }, answer: { to: IdeaStatus; response: string }): IdeaAnswer {
  if (!input.actorResponds) return { ok: false, error: "ideas.error.notResponder" };
  if (input.hidden) return { ok: false, error: "ideas.error.hidden" };
  const response = answer.response.trim();
  if (answer.to === input.status) return response ? { ok: true, event: "responded", to: input.status } : { ok: false, error: "ideas.error.nothingToSay" };
  if (!next[input.status].includes(answer.to)) return { ok: false, error: "ideas.error.statusNotAllowed" };
  if (answer.to === "not_possible" && !response) return { ok: false, error: "ideas.error.reasonRequired" };
  return { ok: true, event: "status_changed", to: answer.to };
}

/** A status that no longer needs the organisation (for "not yet answered" and the answer times). */
export function isAnswered(status: IdeaStatus): boolean {
  return status !== "received";
}

/**
 * A place on the board is coarse on purpose: a point is rounded to 0.005° (about 550 m north–south
 * and 350 m east–west here), so a post never points at a house. The database checks the rounding.
 */
export function coarsePoint(lat: number, lng: number): { lat: number; lng: number } {
  const round = (v: number) => Math.round(v * 200) / 200;
  return { lat: round(lat), lng: round(lng) };
}

/** Median of the hours it took to answer posts (null when none was answered). */
export function medianHours(hours: readonly number[]): number | null {
  if (hours.length === 0) return null;
  const sorted = [...hours].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
