/**
 * A question (or suggestion) to a project's team (issue 15, docs/decisions/072-questions.md). Pure:
 * the one writer is app/questions/questions.server.ts, which locks the question, applies
 * `questionTransition`, and writes the new state and a `project_question_events` row.
 *
 *   asked ──answer──▶ answered ──edit_answer──▶ answered
 *     │                  │
 *     └────withdraw──────┴──▶ withdrawn        (the asker only)
 *
 * A moderator's hiding is a flag beside the status (`hide`, `show`): a hidden question takes no
 * answer and no edit, and showing it again returns it as it was.
 */
export const questionKinds = ["question", "suggestion"] as const;
export type QuestionKind = (typeof questionKinds)[number];
export const questionVisibilities = ["public", "private"] as const;
export type QuestionVisibility = (typeof questionVisibilities)[number];
export const questionStatuses = ["asked", "answered", "withdrawn"] as const;
export type QuestionStatus = (typeof questionStatuses)[number];
export type QuestionEventName = "asked" | "answered" | "answer_edited" | "withdrawn" | "hidden" | "shown" | "team_reminded";

/** Length limits, shared by the forms (zod) and the database's CHECKs (migration 0037). */
export const QUESTION_MIN = 3;
export const QUESTION_MAX = 2000;
export const ANSWER_MAX = 4000;

export interface QuestionState {
  status: QuestionStatus;
  hidden: boolean;
}

export type QuestionCommand =
  | { type: "answer"; actorMayAnswer: boolean }
  | { type: "edit_answer"; actorMayAnswer: boolean }
  | { type: "withdraw"; actorIsAsker: boolean }
  | { type: "hide" }
  | { type: "show" };

export type QuestionRefusal =
  | "questions.error.notTeam"
  | "questions.error.notAsker"
  | "questions.error.hidden"
  | "questions.error.withdrawn"
  | "questions.error.alreadyAnswered"
  | "questions.error.notAnswered";

export type QuestionTransition = { ok: true; to: QuestionState; event: QuestionEventName } | { ok: false; error: QuestionRefusal };

export function questionTransition(state: QuestionState, command: QuestionCommand): QuestionTransition {
  switch (command.type) {
    case "answer":
    case "edit_answer": {
      if (!command.actorMayAnswer) return { ok: false, error: "questions.error.notTeam" };
      if (state.hidden) return { ok: false, error: "questions.error.hidden" };
      if (state.status === "withdrawn") return { ok: false, error: "questions.error.withdrawn" };
      if (command.type === "answer") {
        if (state.status === "answered") return { ok: false, error: "questions.error.alreadyAnswered" };
        return { ok: true, to: { ...state, status: "answered" }, event: "answered" };
      }
      if (state.status !== "answered") return { ok: false, error: "questions.error.notAnswered" };
      return { ok: true, to: state, event: "answer_edited" };
    }
    case "withdraw":
      if (!command.actorIsAsker) return { ok: false, error: "questions.error.notAsker" };
      if (state.status === "withdrawn") return { ok: false, error: "questions.error.withdrawn" };
      return { ok: true, to: { ...state, status: "withdrawn" }, event: "withdrawn" };
    case "hide":
      return { ok: true, to: { ...state, hidden: true }, event: "hidden" };
    case "show":
      return { ok: true, to: { ...state, hidden: false }, event: "shown" };
    default: {
      const never: never = command;
      throw new Error(`questionTransition: unknown command ${JSON.stringify(never)}`);
    }
  }
}

/** Waiting for the team: asked, not withdrawn, not hidden. */
export function isOpen(state: QuestionState): boolean {
  return state.status === "asked" && !state.hidden;
}

/** The team is reminded of a question still open this long after it was asked (once). */
export const REMINDER_AFTER_MS = 3 * 24 * 60 * 60 * 1000;

export function reminderDue(question: QuestionState & { askedAt: Date; remindedAt: Date | null }, now: Date): boolean {
  return isOpen(question) && question.remindedAt === null && now.getTime() - question.askedAt.getTime() >= REMINDER_AFTER_MS;
}
