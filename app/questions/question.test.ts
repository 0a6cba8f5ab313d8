import { describe, expect, it } from "vitest";
import { type QuestionCommand, type QuestionState, questionTransition, reminderDue } from "./question";

const asked: QuestionState = { status: "asked", hidden: false };
const answered: QuestionState = { status: "answered", hidden: false };
const withdrawn: QuestionState = { status: "withdrawn", hidden: false };
const hidden = (s: QuestionState): QuestionState => ({ ...s, hidden: true });
const team = { actorMayAnswer: true };
const notTeam = { actorMayAnswer: false };

describe("questionTransition", () => {
  it.each<[string, QuestionState, QuestionCommand, string]>([
    ["the team answers an open question", asked, { type: "answer", ...team }, "answered → answered"],
    ["someone else cannot answer", asked, { type: "answer", ...notTeam }, "questions.error.notTeam"],
    ["an answered question is edited, not answered twice", answered, { type: "answer", ...team }, "questions.error.alreadyAnswered"],
    ["a hidden question takes no answer", hidden(asked), { type: "answer", ...team }, "questions.error.hidden"],
    ["a withdrawn question takes no answer", withdrawn, { type: "answer", ...team }, "questions.error.withdrawn"],
    ["the team edits its answer", answered, { type: "edit_answer", ...team }, "answered → answer_edited"],
    ["only the team edits an answer", answered, { type: "edit_answer", ...notTeam }, "questions.error.notTeam"],
    ["nothing to edit before an answer", asked, { type: "edit_answer", ...team }, "questions.error.notAnswered"],
    ["a hidden answer is not edited", hidden(answered), { type: "edit_answer", ...team }, "questions.error.hidden"],
    ["a withdrawn question's answer is not edited", withdrawn, { type: "edit_answer", ...team }, "questions.error.withdrawn"],
    ["the asker withdraws an open question", asked, { type: "withdraw", actorIsAsker: true }, "withdrawn → withdrawn"],
    ["the asker withdraws an answered question", answered, { type: "withdraw", actorIsAsker: true }, "withdrawn → withdrawn"],
    ["only the asker withdraws", asked, { type: "withdraw", actorIsAsker: false }, "questions.error.notAsker"],
    ["withdrawn once", withdrawn, { type: "withdraw", actorIsAsker: true }, "questions.error.withdrawn"],
    ["a moderator hides a question", asked, { type: "hide" }, "asked → hidden"],
    ["a moderator hides an answered one", answered, { type: "hide" }, "answered → hidden"],
    ["and shows it again as it was", hidden(answered), { type: "show" }, "answered → shown"],
  ])("%s", (_, state, command, expected) => {
    const result = questionTransition(state, command);
    expect(result.ok ? `${result.to.status} → ${result.event}` : result.error).toBe(expected);
    if (result.ok && command.type === "hide") expect(result.to.hidden).toBe(true);
    if (result.ok && command.type === "show") expect(result.to.hidden).toBe(false);
  });
});

describe("reminderDue", () => {
  const askedAt = new Date("2027-01-01T09:00:00Z");
  const at = (hours: number) => new Date(askedAt.getTime() + hours * 3_600_000);
  it.each<[string, QuestionState, Date | null, number, boolean]>([
    ["not before three days", asked, null, 71.9, false],
    ["after three days", asked, null, 72, true],
    ["once", asked, at(72), 100, false],
    ["never for an answered question", answered, null, 100, false],
    ["never for a withdrawn one", withdrawn, null, 100, false],
    ["never for a hidden one", hidden(asked), null, 100, false],
  ])("%s", (_, state, remindedAt, hours, due) => {
    expect(reminderDue({ ...state, askedAt, remindedAt }, at(hours))).toBe(due);
  });
});
