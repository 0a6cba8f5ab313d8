import type { NeedSignupRow, ProjectNeedRow } from "../../db/schema";
import { notify } from "../notifications/notify.server";
import { lockProject } from "../projects/projects.server";
import type { Db, Trx } from "../utils/db.server";
import { isUuid } from "../utils/ids";
import { lockNeed, movePlace, saveSignup } from "./places.server";
import { filledDelta, type ShiftRuleError, type SignupEvent, transitionSignup } from "./shift";
import { amsterdamInstant, amsterdamParts } from "./time";
import type { ShiftInput } from "./shift-schema";

/**
 * Volunteer shifts: the one writer (docs/decisions/057-project-needs.md). Lock order everywhere:
 * project, then need, then sign-up. A sign-up and its place move in one transaction; the place
 * is taken by `filled = filled + 1 … where filled < needed`, so two neighbours racing for the last
 * place get one place between them, and the CHECK (filled ≤ needed) backs that up.
 */

/** A shift as notifications carry it (local day and times). */
export function shiftNoticeData(project: { slug: string; title: string }, need: ProjectNeedRow) {
  const start = amsterdamParts(need.starts_at!);
  const end = amsterdamParts(need.ends_at!);
  return {
    projectSlug: project.slug,
    projectTitle: project.title,
    needId: need.id,
    shiftTitle: need.title,
    day: start.day,
    time: `${start.time}–${end.time}`,
    place: need.place,
  };
}

export type ShiftError = ShiftRuleError | "NotFound" | "NotAllowed" | "InPast";

async function event(trx: Trx, e: { needId: string; signupId?: string; actorId: string | null; event: string; from: string | null; to: string; now: Date }) {
  await trx
    .insertInto("need_events")
    .values({ need_id: e.needId, signup_id: e.signupId ?? null, actor_id: e.actorId, event: e.event, from_status: e.from, to_status: e.to, created_at: e.now })
    .execute();
}

/** The initiator (or a moderator) adds a shift, before or after launch. */
export async function addShift(
  db: Db,
  input: { projectId: string; actorId: string; shift: ShiftInput; now: Date },
): Promise<{ ok: true; needId: string } | { ok: false; error: ShiftError; field?: string }> {
  const startsAt = amsterdamInstant(input.shift.day, input.shift.startTime);
  const endsAt = amsterdamInstant(input.shift.day, input.shift.endTime);
  if (startsAt.getTime() <= input.now.getTime()) return { ok: false, error: "InPast", field: "day" };
  return db.transaction().execute(async (trx) => {
    const project = await lockProject(trx, input.projectId);
    if (!project) return { ok: false as const, error: "NotFound" as const };
    if (project.status === "failed" || project.status === "cancelled" || project.status === "paid_out")
      return { ok: false as const, error: "ProjectNotOpen" as const };
    const need = await trx
      .insertInto("project_needs")
      .values({
        project_id: project.id,
        kind: "shift",
        title: input.shift.title,
        description: input.shift.description,
        place: input.shift.place,
        skills: input.shift.skills,
        starts_at: startsAt,
        ends_at: endsAt,
        needed: input.shift.needed,
        created_by: input.actorId,
        created_at: input.now,
        updated_at: input.now,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await event(trx, { needId: need.id, actorId: input.actorId, event: "added", from: null, to: "open", now: input.now });
    return { ok: true as const, needId: need.id };
  });
}

/** The initiator cancels a shift: everyone signed up is told. */
export async function cancelShift(
  db: Db,
  input: { projectId: string; needId: string; actorId: string; now: Date },
): Promise<{ ok: true } | { ok: false; error: ShiftError }> {
  return db.transaction().execute(async (trx) => {
    const project = await lockProject(trx, input.projectId);
    const need = await lockNeed(trx, input.needId);
    if (!project || !need || need.project_id !== project.id || need.kind !== "shift") return { ok: false as const, error: "NotFound" as const };
    if (need.status === "cancelled") return { ok: true as const };
    await trx.updateTable("project_needs").set({ status: "cancelled", updated_at: input.now }).where("id", "=", need.id).execute();
    await event(trx, { needId: need.id, actorId: input.actorId, event: "cancelled", from: "open", to: "cancelled", now: input.now });
    const people = await trx.selectFrom("need_signups").select("user_id").where("need_id", "=", need.id).where("status", "=", "signed_up").execute();
    for (const p of people) {
      await notify(trx, {
        userId: p.user_id,
        kind: "shift.cancelled",
        data: shiftNoticeData(project, need),
        dedupeKey: `shift:${need.id}:cancelled`,
      });
    }
    return { ok: true as const };
  });
}

/**
 * THE writer of a sign-up: the rule, the place, the row, the event — in the caller's transaction,
 * with the project locked by the caller. `signupId` names the row for the initiator's marks;
 * a neighbour's own sign-up is found by (need, user).
 */
export async function applySignupEventTx(
  trx: Trx,
  input: { projectStatus: string; needId: string; userId: string; event: SignupEvent; actorId: string; note?: string; now: Date },
): Promise<{ ok: true; signup: NeedSignupRow } | { ok: false; error: ShiftError }> {
  const need = await lockNeed(trx, input.needId);
  if (!need || need.kind !== "shift" || !need.starts_at) return { ok: false, error: "NotFound" };
  const current =
    (await trx
      .selectFrom("need_signups")
      .selectAll()
      .where("need_id", "=", need.id)
      .where("user_id", "=", input.userId)
      .where("status", "<>", "cancelled")
      .forUpdate()
      .executeTakeFirst()) ?? null;
  const t = transitionSignup(
    current?.status ?? null,
    input.event,
    { status: need.status, startsAt: need.starts_at, needed: need.needed, filled: need.filled, projectStatus: input.projectStatus },
    input.now,
  );
  if (!t.ok) return t;
  const delta = filledDelta(current?.status ?? null, t.to);
  if (!(await movePlace(trx, need.id, delta, input.now))) return { ok: false, error: "ShiftFull" };
  const signup = await saveSignup(trx, current, { needId: need.id, userId: input.userId, status: t.to, note: input.note, now: input.now });
  await event(trx, {
    needId: need.id,
    signupId: signup.id,
    actorId: input.actorId,
    event: input.event.type,
    from: current?.status ?? null,
    to: t.to,
    now: input.now,
  });
  return { ok: true, signup };
}

/** A neighbour signs up for a shift, or withdraws. */
export async function changeOwnSignup(
  db: Db,
  input: { projectId: string; needId: string; userId: string; event: { type: "sign_up" } | { type: "cancel" }; note?: string; now: Date },
): Promise<{ ok: true } | { ok: false; error: ShiftError }> {
  return db.transaction().execute(async (trx) => {
    const project = await lockProject(trx, input.projectId);
    if (!project) return { ok: false as const, error: "NotFound" as const };
    const need = await trx
      .selectFrom("project_needs")
      .select("project_id")
      .where("id", "=", isUuid(input.needId) ? input.needId : "00000000-0000-0000-0000-000000000000")
      .executeTakeFirst();
    if (!need || need.project_id !== project.id) return { ok: false as const, error: "NotFound" as const };
    const r = await applySignupEventTx(trx, {
      projectStatus: project.status,
      needId: input.needId,
      userId: input.userId,
      event: input.event,
      actorId: input.userId,
      note: input.note,
      now: input.now,
    });
    return r.ok ? { ok: true as const } : r;
  });
}

/** After the shift the initiator marks who came; attended shifts are part of a volunteer's record. */
export async function markAttendance(
  db: Db,
  input: { projectId: string; signupId: string; outcome: "attended" | "no_show"; actorId: string; now: Date },
): Promise<{ ok: true } | { ok: false; error: ShiftError }> {
  if (!isUuid(input.signupId)) return { ok: false, error: "NotFound" };
  return db.transaction().execute(async (trx) => {
    const project = await lockProject(trx, input.projectId);
    if (!project) return { ok: false as const, error: "NotFound" as const };
    const row = await trx
      .selectFrom("need_signups as s")
      .innerJoin("project_needs as n", "n.id", "s.need_id")
      .select(["s.user_id", "s.need_id", "n.project_id"])
      .where("s.id", "=", input.signupId)
      .executeTakeFirst();
    if (!row || row.project_id !== project.id) return { ok: false as const, error: "NotFound" as const };
    const r = await applySignupEventTx(trx, {
      projectStatus: project.status,
      needId: row.need_id,
      userId: row.user_id,
      event: { type: input.outcome },
      actorId: input.actorId,
      now: input.now,
    });
    return r.ok ? { ok: true as const } : r;
  });
}
