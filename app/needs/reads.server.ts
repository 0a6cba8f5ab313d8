import { sql } from "kysely";
import type { Db } from "../utils/db.server";
import { holdsPlace, type NeedsSummary, signupOpen, summarizeShifts } from "./shift";
import type { OfferNeedView, ShiftView, ShiftVolunteer } from "./views";

export type { OfferNeedView, ShiftView, ShiftVolunteer } from "./views";

/** Reads for pages: a project's shifts, who signed up, a volunteer's record. */

export async function listProjectShifts(
  db: Db,
  input: { projectId: string; viewerId: string | null; now: Date; includeCancelled?: boolean },
): Promise<ShiftView[]> {
  const rows = await db
    .selectFrom("project_needs")
    .selectAll()
    .where("project_id", "=", input.projectId)
    .where("kind", "=", "shift")
    .$if(!input.includeCancelled, (q) => q.where("status", "=", "open"))
    .orderBy("starts_at")
    .execute();
  const mine = input.viewerId
    ? await db
        .selectFrom("need_signups")
        .select(["need_id", "status"])
        .where("user_id", "=", input.viewerId)
        .where("status", "<>", "cancelled")
        .$if(rows.length > 0, (q) =>
          q.where(
            "need_id",
            "in",
            rows.map((r) => r.id),
          ),
        )
        .$if(rows.length === 0, (q) => q.where("need_id", "is", null))
        .execute()
    : [];
  const mineBy = new Map(mine.map((m) => [m.need_id, m.status]));
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    description: r.description,
    place: r.place,
    skills: r.skills,
    startsAt: r.starts_at!,
    endsAt: r.ends_at!,
    needed: r.needed,
    filled: r.filled,
    status: r.status,
    open: r.status === "open" && signupOpen({ startsAt: r.starts_at! }, input.now),
    mine: mineBy.get(r.id) ?? null,
  }));
}

export async function projectNeedsSummary(db: Db, projectId: string): Promise<NeedsSummary> {
  const rows = await db
    .selectFrom("project_needs")
    .select(["status", "needed", "filled"])
    .where("project_id", "=", projectId)
    .where("kind", "=", "shift")
    .execute();
  return summarizeShifts(rows);
}

/** The initiator's list: who signed up for each shift (standing sign-ups and marks). */
export async function listShiftVolunteers(db: Db, projectId: string): Promise<Map<string, ShiftVolunteer[]>> {
  const rows = await db
    .selectFrom("need_signups as s")
    .innerJoin("project_needs as n", "n.id", "s.need_id")
    .innerJoin("users as u", "u.id", "s.user_id")
    .select(["s.id", "s.need_id", "s.user_id", "s.status", "s.note", "s.loan_id", "u.display_name", "u.handle"])
    .where("n.project_id", "=", projectId)
    .where("s.status", "<>", "cancelled")
    .orderBy("s.created_at")
    .execute();
  const out = new Map<string, ShiftVolunteer[]>();
  for (const r of rows) {
    const list = out.get(r.need_id) ?? [];
    list.push({ signupId: r.id, userId: r.user_id, name: r.display_name, handle: r.handle, status: r.status, note: r.note, loanId: r.loan_id });
    out.set(r.need_id, list);
  }
  return out;
}

/** A volunteer's record: shifts they came to (for their profile and, later, their track record). */
export async function volunteerRecord(db: Db, userId: string): Promise<{ attended: number; projects: number }> {
  const row = await db
    .selectFrom("need_signups as s")
    .innerJoin("project_needs as n", "n.id", "s.need_id")
    .select((eb) => [eb.fn.countAll<number>().as("attended"), eb.fn.count<number>("n.project_id").distinct().as("projects")])
    .where("s.user_id", "=", userId)
    .where("s.status", "=", "attended")
    .executeTakeFirst();
  return { attended: Number(row?.attended ?? 0), projects: Number(row?.projects ?? 0) };
}

export { holdsPlace };

/** For lists of projects: each project's volunteers needed and signed up, in one query. */
export async function needsSummaries(db: Db, projectIds: readonly string[]): Promise<Map<string, NeedsSummary>> {
  if (projectIds.length === 0) return new Map();
  const rows = await db
    .selectFrom("project_needs")
    .select(["project_id", "status", "needed", "filled"])
    .where("project_id", "in", [...projectIds])
    .where("kind", "=", "shift")
    .execute();
  const by = new Map<string, typeof rows>();
  for (const r of rows) by.set(r.project_id, [...(by.get(r.project_id) ?? []), r]);
  return new Map([...by].map(([id, list]) => [id, summarizeShifts(list)]));
}

/** The skills and things a project asks for (open ones), with the viewer's own offer. */
export async function listOfferNeeds(db: Db, input: { projectId: string; viewerId: string | null }): Promise<OfferNeedView[]> {
  const rows = await db
    .selectFrom("project_needs")
    .select(["id", "kind", "title", "description", "effort", "needed", "filled", sql<string | null>`to_char(needed_on, 'YYYY-MM-DD')`.as("needed_on")])
    .where("project_id", "=", input.projectId)
    .where("kind", "in", ["skill", "item"])
    .where("status", "=", "open")
    .orderBy("created_at")
    .execute();
  const mine =
    input.viewerId && rows.length > 0
      ? await db
          .selectFrom("need_signups")
          .select(["need_id", "status", "loan_id"])
          .where("user_id", "=", input.viewerId)
          .where("status", "not in", ["cancelled", "declined"])
          .where(
            "need_id",
            "in",
            rows.map((r) => r.id),
          )
          .execute()
      : [];
  const by = new Map(mine.map((m) => [m.need_id, m.status]));
  const loans = new Map(mine.map((m) => [m.need_id, m.loan_id]));
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind as "skill" | "item",
    title: r.title,
    description: r.description,
    effort: r.effort,
    neededOn: r.needed_on,
    needed: r.needed,
    filled: r.filled,
    mine: by.get(r.id) ?? null,
    myLoanId: loans.get(r.id) ?? null,
  }));
}
