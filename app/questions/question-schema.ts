import { z } from "zod";
import { ANSWER_MAX, QUESTION_MAX, QUESTION_MIN, questionKinds, questionVisibilities } from "./question";

/**
 * The questions' forms (zod, shared by the action and the forms). Messages are i18n keys
 * (app/i18n/messages/questions.ts).
 */
const questionId = z.string().trim().min(1, "questions.error.notFound").max(64, "questions.error.notFound");
const answer = z.string().trim().min(1, "questions.error.answerEmpty").max(ANSWER_MAX, "form.tooLong");
/** Where the form was sent from, to go back there (the project page, the dashboard, the questions page). */
const from = z.enum(["project", "dashboard", "questions"]).catch("questions");

export const AskQuestionSchema = z.object({
  kind: z.enum(questionKinds, "questions.error.kind").default("question"),
  visibility: z.enum(questionVisibilities, "questions.error.visibility").default("public"),
  body: z.string().trim().min(QUESTION_MIN, "questions.error.bodyShort").max(QUESTION_MAX, "form.tooLong"),
});
export type AskQuestionForm = z.output<typeof AskQuestionSchema>;

export const QuestionActionSchema = z.discriminatedUnion(
  "intent",
  [
    AskQuestionSchema.safeExtend({ intent: z.literal("ask"), from }),
    z.object({ intent: z.literal("answer"), questionId, answer, from }),
    z.object({ intent: z.literal("edit-answer"), questionId, answer, from }),
    z.object({ intent: z.literal("withdraw"), questionId, from }),
  ],
  "form.invalid",
);
export type QuestionAction = z.output<typeof QuestionActionSchema>;
