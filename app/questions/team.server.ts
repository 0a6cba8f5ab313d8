import { mayActOnProject, listProjectTeam } from "../projects/team.server";
import type { Db } from "../utils/db.server";

/**
 * Who answers a project's questions: its team — the initiator and the co-initiators (decision 071;
 * helpers see volunteers only). Every check in app/questions goes through `mayAnswer`, every notice
 * to the team through `teamOf`, and both ask app/projects' one permission rule.
 */
export interface QuestionProject {
  id: string;
  initiatorId: string;
}

/** May `userId` answer (and edit answers to) the project's questions? */
export async function mayAnswer(db: Db, project: QuestionProject, userId: string | null | undefined): Promise<boolean> {
  if (userId === null || userId === undefined) return false;
  return mayActOnProject(db, project.id, userId, "answer");
}

/** The people told of a new question and reminded of open ones: the team members who may answer. */
export async function teamOf(db: Db, project: QuestionProject): Promise<string[]> {
  const team = await listProjectTeam(db, project.id);
  const answering = team.filter((person) => person.role === "initiator" || person.role === "co_initiator").map((person) => person.userId);
  return answering.length > 0 ? answering : [project.initiatorId];
}
