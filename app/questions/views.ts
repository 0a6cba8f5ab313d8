import type { QuestionKind, QuestionStatus } from "./question";

/** A question as the pages show it (safe for the browser bundle). Texts arrive as sanitized HTML. */
export interface QuestionView {
  id: string;
  kind: QuestionKind;
  private: boolean;
  status: Exclude<QuestionStatus, "withdrawn">;
  bodyHtml: string;
  /** The raw text of the answer, for the team's edit form only (null for everyone else). */
  answerSource: string | null;
  answer: { html: string; at: Date; edited: boolean; byName: string } | null;
  asker: { displayName: string; handle: string };
  askedAt: Date;
  /** The viewer asked it (may withdraw it; sees why it was hidden). */
  mine: boolean;
  /** Hidden by a moderator: only its asker still sees it, with the reason. */
  hiddenReason: string | null;
}

/** The questions section of a project page (and the questions page). */
export interface QuestionsSection {
  questions: QuestionView[];
  /** The viewer is on the team (answers; sees private questions). */
  team: boolean;
  /** The viewer may ask (signed in, not on the team, the project is out in the world). */
  mayAsk: boolean;
}
