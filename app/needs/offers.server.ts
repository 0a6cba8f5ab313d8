import type { NeedSignupRow, ProjectNeedRow } from "../../db/schema";
import { notify } from "../notifications/notify.server";
import { lockProject } from "../projects/projects.server";
import type { Db, Trx } from "../utils/db.server";
import { isUuid } from "../utils/ids";
import { lockNeed, movePlace, saveSignup } from "./places.server";
import { type OfferEvent, offerFilledDelta, type OfferRuleError, transitionOffer } from "./offer";

/**
 * Skills and things (decision 057): the one writer of offers. Same lock order and the same
 * capacity guard as shifts: project, need, offer; `filled < needed` in the update, CHECK behind it.
 */
/** LinkedToLoan: an offer made by lending a library item is answered through its loan (./loan-needs.server.ts). */
export type OfferError = OfferRuleError | "NotFound" | "LinkedToLoan";
export type NeedInput =
  | { kind: "skill"; title: string; description: string; effort: string; needed: number }
  | { kind: "item"; title: string; description: string; neededOn: string | null; needed: number };

export async function addNeed(
  db: Db,
  input: { projectId: string; actorId: string; need: NeedInput; now: Date },
): Promise<{ ok: true; needId: string } | { ok: false; error: "NotFound" | "ProjectNotOpen" }> {
  return db.transaction().execute(async (trx) => {
    const project = await lockProject(trx, input.projectId);
    if (!project) return { ok: false as const, error: "NotFound" as const };
    if (project.status === "failed" || project.status === "cancelled" || project.status === "paid_out")
      return { ok: false as const, error: "ProjectNotOpen" as const };
    const n = input.need;
    const row = await trx
      .insertInto("project_needs")
      .values({
        project_id: project.id,
        kind: n.kind,
        title: n.title,
        description: n.description,
        effort: n.kind === "skill" ? n.effort : "",
        needed_on: n.kind === "item" ? n.neededOn : null,
        needed: n.needed,
        created_by: input.actorId,
        created_at: input.now,
        updated_at: input.now,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await trx
      .insertInto("need_events")
      .values({ need_id: row.id, actor_id: input.actorId, event: "added", from_status: null, to_status: "open", created_at: input.now })
      .execute();
    return { ok: true as const, needId: row.id };
  });
}

/** THE writer of an offer, with the project locked by the caller. */
export async function applyOfferEventTx(
  trx: Trx,
  input: {
    project: { id: string; status: string; slug: string; title: string; initiator_id: string };
    needId: string;
    userId: string;
    event: OfferEvent;
    actorId: string;
    note?: string;
    now: Date;
    /** Set only by the loan effect: the offer follows its loan. */
    viaLoan?: boolean;
  },
): Promise<{ ok: true; offer: NeedSignupRow; need: ProjectNeedRow } | { ok: false; error: OfferError }> {
  const need = await lockNeed(trx, input.needId);
  if (!need || need.project_id !== input.project.id || need.kind === "shift") return { ok: false, error: "NotFound" };
  const current =
    (await trx
      .selectFrom("need_signups")
      .selectAll()
      .where("need_id", "=", need.id)
      .where("user_id", "=", input.userId)
      .where("status", "not in", ["cancelled", "declined"])
      .forUpdate()
      .executeTakeFirst()) ?? null;
  if (current?.loan_id && !input.viaLoan) return { ok: false, error: "LinkedToLoan" };
  const t = transitionOffer(current?.status ?? null, input.event, {
    status: need.status,
    needed: need.needed,
    filled: need.filled,
    projectStatus: input.project.status,
  });
  if (!t.ok) return t;
  const delta = offerFilledDelta(current?.status ?? null, t.to);
  if (!(await movePlace(trx, need.id, delta, input.now))) return { ok: false, error: "NeedFilled" };
  const offer = await saveSignup(trx, current, { needId: need.id, userId: input.userId, status: t.to, note: input.note, now: input.now });
  await trx
    .insertInto("need_events")
    .values({
      need_id: need.id,
      signup_id: offer.id,
      actor_id: input.actorId,
      event: input.event.type,
      from_status: current?.status ?? null,
      to_status: t.to,
      created_at: input.now,
    })
    .execute();
  const notice = { projectSlug: input.project.slug, projectTitle: input.project.title, needId: need.id, needTitle: need.title };
  if (input.event.type === "offer") {
    await notify(trx, {
      userId: input.project.initiator_id,
      kind: "need.offered",
      data: notice,
      dedupeKey: `need:${need.id}:offer:${offer.id}:${input.now.getTime()}`,
    });
  }
  if (input.event.type === "accept") {
    await notify(trx, { userId: offer.user_id, kind: "need.offer_accepted", data: notice, dedupeKey: `need:${need.id}:accepted:${offer.id}` });
  }
  return { ok: true, offer, need };
}

/** A neighbour offers a skill or a thing (with a note), or withdraws the offer. */
export async function changeOwnOffer(
  db: Db,
  input: { projectId: string; needId: string; userId: string; event: { type: "offer" } | { type: "cancel" }; note?: string; now: Date },
): Promise<{ ok: true } | { ok: false; error: OfferError }> {
  return db.transaction().execute(async (trx) => {
    const project = await lockProject(trx, input.projectId);
    if (!project) return { ok: false as const, error: "NotFound" as const };
    const r = await applyOfferEventTx(trx, {
      project,
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

/** The initiator accepts or declines an offer. */
export async function answerOffer(
  db: Db,
  input: { projectId: string; offerId: string; answer: "accept" | "decline"; actorId: string; now: Date },
): Promise<{ ok: true } | { ok: false; error: OfferError }> {
  if (!isUuid(input.offerId)) return { ok: false, error: "NotFound" };
  return db.transaction().execute(async (trx) => {
    const project = await lockProject(trx, input.projectId);
    if (!project) return { ok: false as const, error: "NotFound" as const };
    const row = await trx.selectFrom("need_signups").select(["need_id", "user_id"]).where("id", "=", input.offerId).executeTakeFirst();
    if (!row) return { ok: false as const, error: "NotFound" as const };
    const r = await applyOfferEventTx(trx, {
      project,
      needId: row.need_id,
      userId: row.user_id,
      event: { type: input.answer },
      actorId: input.actorId,
      now: input.now,
    });
    return r.ok ? { ok: true as const } : r;
  });
}
