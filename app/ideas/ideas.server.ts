import type { MessageKey } from "../i18n/i18n";
import { isBlockedEitherWay } from "../moderation/blocks.server";
import { notify } from "../notifications/notify.server";
import type { ProjectTransitionEffect } from "../services.server";
import { prepareImage, recordUpload } from "../storage/images.server";
import type { FileStorage } from "../storage/storage.server";
import type { Db, Trx } from "../utils/db.server";
import { isUuid } from "../utils/ids";
import { answerIdea, coarsePoint, type IdeaAnswerRefusal, type IdeaKind, type IdeaStatus } from "./idea";

/**
 * The one writer of the neighbourhood board (issue 14, docs/decisions/069). Every change locks the
 * post, applies its rule, writes the post and an `idea_events` row, and tells the people it
 * concerns — in one transaction, so nothing is half-written and nobody is told of a rolled-back
 * change. Support and help are one row per person (the primary keys); the post's counters move in
 * the same transaction as the rows they count.
 */

export interface IdeaInput {
  neighbourhoodId: string;
  kind: IdeaKind;
  title: string;
  body: string;
  category: string;
  street: string;
  postcode4: string | null;
  point: { lat: number; lng: number } | null;
}

export type PostIdeaError = "ideas.error.neighbourhoodUnknown" | "ideas.error.postcodeUnknown" | MessageKey;

/** Posts an idea or a problem. The photo (if any) is checked and stored first, outside the transaction. */
export async function postIdea(
  deps: { db: Db; storage?: FileStorage },
  input: { authorId: string; idea: IdeaInput; photo?: Buffer; now: Date },
): Promise<{ ok: true; ideaId: string } | { ok: false; field: string; error: PostIdeaError }> {
  let image = null;
  if (input.photo) {
    if (!deps.storage) throw new Error("postIdea: a photo needs storage");
    const prepared = await prepareImage(deps.storage, { ownerId: input.authorId, purpose: "idea_photo", data: input.photo });
    if (!prepared.ok) return { ok: false, field: "photo", error: prepared.error };
    image = prepared.image;
  }
  const p = input.idea;
  return deps.db.transaction().execute(async (trx) => {
    const hood = await trx.selectFrom("neighbourhoods").select("id").where("id", "=", p.neighbourhoodId).executeTakeFirst();
    if (!hood) return { ok: false as const, field: "neighbourhoodId", error: "ideas.error.neighbourhoodUnknown" as const };
    if (p.postcode4) {
      const area = await trx.selectFrom("postcode_areas").select("postcode4").where("postcode4", "=", p.postcode4).executeTakeFirst();
      if (!area) return { ok: false as const, field: "postcode4", error: "ideas.error.postcodeUnknown" as const };
    }
    const point = p.point ? coarsePoint(p.point.lat, p.point.lng) : null;
    const photoId = image ? (await recordUpload(trx, image, input.now)).id : null;
    const row = await trx
      .insertInto("ideas")
      .values({
        neighbourhood_id: p.neighbourhoodId,
        author_id: input.authorId,
        kind: p.kind,
        title: p.title,
        body: p.body,
        category: p.category,
        photo_upload_id: photoId,
        street: p.street,
        postcode4: p.postcode4,
        lat: point?.lat ?? null,
        lng: point?.lng ?? null,
        status_changed_at: input.now,
        created_at: input.now,
        updated_at: input.now,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await trx
      .insertInto("idea_events")
      .values({ idea_id: row.id, actor_id: input.authorId, event: "posted", from_status: null, to_status: "received", created_at: input.now })
      .execute();
    return { ok: true as const, ideaId: row.id };
  });
}

type Locked = {
  id: string;
  author_id: string;
  neighbourhood_id: string;
  title: string;
  status: IdeaStatus;
  hidden_at: Date | null;
  project_id: string | null;
  project_maker_id: string | null;
  first_answered_at: Date | null;
};

async function lockIdea(trx: Trx, ideaId: string): Promise<Locked | null> {
  if (!isUuid(ideaId)) return null;
  const row = await trx
    .selectFrom("ideas as i")
    .innerJoin("users as u", "u.id", "i.author_id")
    .select(["i.id", "i.author_id", "i.neighbourhood_id", "i.title", "i.status", "i.hidden_at", "i.project_id", "i.project_maker_id", "i.first_answered_at"])
    .where("i.id", "=", ideaId)
    .where("u.suspended_at", "is", null)
    .forUpdate("i")
    .executeTakeFirst();
  return row ?? null;
}

export type ParticipationError = "ideas.error.notFound" | "ideas.error.ownPost" | "ideas.error.blocked";

async function participation(trx: Trx, idea: Locked | null, userId: string): Promise<ParticipationError | null> {
  if (!idea || idea.hidden_at) return "ideas.error.notFound";
  if (idea.author_id === userId) return "ideas.error.ownPost";
  if (await isBlockedEitherWay(trx, idea.author_id, userId)) return "ideas.error.blocked";
  return null;
}

/** Supports a post, or withdraws the support (one per person; saying it twice changes nothing). */
export async function setSupport(
  db: Db,
  input: { ideaId: string; userId: string; support: boolean; now: Date },
): Promise<{ ok: true; changed: boolean } | { ok: false; error: ParticipationError }> {
  return db.transaction().execute(async (trx) => {
    const idea = await lockIdea(trx, input.ideaId);
    const refused = await participation(trx, idea, input.userId);
    if (refused && !(refused === "ideas.error.blocked" && !input.support)) return { ok: false as const, error: refused };
    const changed = input.support
      ? await trx
          .insertInto("idea_supports")
          .values({ idea_id: idea!.id, user_id: input.userId, created_at: input.now })
          .onConflict((oc) => oc.doNothing())
          .returning("user_id")
          .executeTakeFirst()
      : await trx.deleteFrom("idea_supports").where("idea_id", "=", idea!.id).where("user_id", "=", input.userId).returning("user_id").executeTakeFirst();
    if (!changed) return { ok: true as const, changed: false };
    await trx
      .updateTable("ideas")
      .set((eb) => ({ support_count: eb("support_count", "+", input.support ? 1 : -1), updated_at: input.now }))
      .where("id", "=", idea!.id)
      .execute();
    await trx
      .insertInto("idea_events")
      .values({
        idea_id: idea!.id,
        actor_id: input.userId,
        event: input.support ? "supported" : "support_withdrawn",
        from_status: idea!.status,
        to_status: idea!.status,
        created_at: input.now,
      })
      .execute();
    return { ok: true as const, changed: true };
  });
}

/** Says "ik help mee" (with what one can do), changes the note, or stops helping. The poster hears of a new helper. */
export async function setHelp(
  db: Db,
  input: { ideaId: string; userId: string; helping: boolean; note: string; now: Date },
): Promise<{ ok: true; changed: boolean } | { ok: false; error: ParticipationError }> {
  return db.transaction().execute(async (trx) => {
    const idea = await lockIdea(trx, input.ideaId);
    const refused = await participation(trx, idea, input.userId);
    if (refused && !(refused === "ideas.error.blocked" && !input.helping)) return { ok: false as const, error: refused };
    const id = idea!.id;
    const existing = await trx.selectFrom("idea_helpers").select("note").where("idea_id", "=", id).where("user_id", "=", input.userId).executeTakeFirst();
    if (input.helping) {
      if (existing) {
        if (existing.note === input.note) return { ok: true as const, changed: false };
        await trx.updateTable("idea_helpers").set({ note: input.note }).where("idea_id", "=", id).where("user_id", "=", input.userId).execute();
      } else {
        await trx.insertInto("idea_helpers").values({ idea_id: id, user_id: input.userId, note: input.note, created_at: input.now }).execute();
        await trx
          .updateTable("ideas")
          .set((eb) => ({ helper_count: eb("helper_count", "+", 1), updated_at: input.now }))
          .where("id", "=", id)
          .execute();
      }
    } else {
      if (!existing) return { ok: true as const, changed: false };
      await trx.deleteFrom("idea_helpers").where("idea_id", "=", id).where("user_id", "=", input.userId).execute();
      await trx
        .updateTable("ideas")
        .set((eb) => ({ helper_count: eb("helper_count", "-", 1), updated_at: input.now }))
        .where("id", "=", id)
        .execute();
      // A helper who stops may no longer turn the post into a project.
      if (idea!.project_maker_id === input.userId) await trx.updateTable("ideas").set({ project_maker_id: null }).where("id", "=", id).execute();
    }
    const event = input.helping ? (existing ? "help_changed" : "helping") : "help_withdrawn";
    const row = await trx
      .insertInto("idea_events")
      .values({ idea_id: id, actor_id: input.userId, event, from_status: idea!.status, to_status: idea!.status, created_at: input.now })
      .returning("id")
      .executeTakeFirstOrThrow();
    if (event === "helping") {
      const helper = await trx.selectFrom("users").select("display_name").where("id", "=", input.userId).executeTakeFirstOrThrow();
      await notify(trx, {
        userId: idea!.author_id,
        kind: "idea.helper_joined",
        data: { ideaId: id, ideaTitle: idea!.title, helperName: helper.display_name },
        dedupeKey: `idea-event:${row.id}`,
      });
    }
    return { ok: true as const, changed: true };
  });
}

export type CommentError = "ideas.error.notFound" | "ideas.error.blocked";

export async function commentOnIdea(
  db: Db,
  input: { ideaId: string; authorId: string; body: string; now: Date },
): Promise<{ ok: true; commentId: string } | { ok: false; error: CommentError }> {
  return db.transaction().execute(async (trx) => {
    const idea = await lockIdea(trx, input.ideaId);
    if (!idea || idea.hidden_at) return { ok: false as const, error: "ideas.error.notFound" as const };
    if (idea.author_id !== input.authorId && (await isBlockedEitherWay(trx, idea.author_id, input.authorId)))
      return { ok: false as const, error: "ideas.error.blocked" as const };
    const row = await trx
      .insertInto("idea_comments")
      .values({ idea_id: idea.id, author_id: input.authorId, body: input.body, created_at: input.now })
      .returning("id")
      .executeTakeFirstOrThrow();
    if (idea.author_id !== input.authorId) {
      const author = await trx.selectFrom("users").select("display_name").where("id", "=", input.authorId).executeTakeFirstOrThrow();
      await notify(trx, {
        userId: idea.author_id,
        kind: "idea.commented",
        data: { ideaId: idea.id, ideaTitle: idea.title, authorName: author.display_name },
        dedupeKey: `idea-comment:${row.id}`,
      });
    }
    return { ok: true as const, commentId: row.id };
  });
}

/** The verified organisations that answer posts in a neighbourhood and in which `userId` may act. */
export async function respondingOrganisationsOf(db: Db, neighbourhoodId: string, userId: string): Promise<{ id: string; name: string }[]> {
  return db
    .selectFrom("neighbourhood_responders as r")
    .innerJoin("organisations as o", "o.id", "r.organisation_id")
    .innerJoin("organisation_members as m", "m.organisation_id", "o.id")
    .select(["o.id", "o.name"])
    .where("r.neighbourhood_id", "=", neighbourhoodId)
    .where("o.status", "=", "verified")
    .where("m.user_id", "=", userId)
    .orderBy("o.name")
    .execute();
}

/** Everyone a post's follow-up concerns: its poster, supporters and helpers (once each, not the actor). */
async function followersOf(trx: Db, idea: { id: string; author_id: string }, exceptUserId: string | null): Promise<string[]> {
  const rows = await trx
    .selectFrom("idea_supports")
    .select("user_id")
    .where("idea_id", "=", idea.id)
    .union(trx.selectFrom("idea_helpers").select("user_id").where("idea_id", "=", idea.id))
    .execute();
  const ids = new Set([idea.author_id, ...rows.map((r) => r.user_id)]);
  if (exceptUserId) ids.delete(exceptUserId);
  return [...ids].sort();
}

export type RespondError = IdeaAnswerRefusal | "ideas.error.notFound";

/**
 * An organisation answers a post: a new public status and/or a response. The poster, supporters and
 * helpers are told of every answer (one notice each, keyed by the event).
 */
export async function respondToIdea(
  db: Db,
  input: { ideaId: string; actorId: string; organisationId: string; to: IdeaStatus; response: string; now: Date },
): Promise<{ ok: true; event: "status_changed" | "responded" } | { ok: false; error: RespondError }> {
  return db.transaction().execute(async (trx) => {
    const idea = await lockIdea(trx, input.ideaId);
    if (!idea) return { ok: false as const, error: "ideas.error.notFound" as const };
    const orgs = await respondingOrganisationsOf(trx, idea.neighbourhood_id, input.actorId);
    const org = orgs.find((o) => o.id === input.organisationId);
    const answer = answerIdea(
      { status: idea.status, hidden: idea.hidden_at !== null, actorResponds: org !== undefined },
      { to: input.to, response: input.response },
    );
    if (!answer.ok) return answer;
    const response = input.response.trim();
    await trx
      .updateTable("ideas")
      .set({
        status: answer.to,
        ...(answer.event === "status_changed" ? { status_changed_at: input.now } : {}),
        first_answered_at: idea.first_answered_at ?? input.now,
        updated_at: input.now,
      })
      .where("id", "=", idea.id)
      .execute();
    const event = await trx
      .insertInto("idea_events")
      .values({
        idea_id: idea.id,
        actor_id: input.actorId,
        organisation_id: org!.id,
        event: answer.event,
        from_status: idea.status,
        to_status: answer.to,
        response,
        created_at: input.now,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    for (const userId of await followersOf(trx, idea, input.actorId)) {
      await notify(trx, {
        userId,
        kind: "idea.answered",
        data: {
          ideaId: idea.id,
          ideaTitle: idea.title,
          organisationName: org!.name,
          status: answer.to,
          changed: answer.event === "status_changed",
          mine: userId === idea.author_id,
        },
        dedupeKey: `idea-event:${event.id}`,
      });
    }
    return { ok: true as const, event: answer.event };
  });
}

export type MakerError = "ideas.error.notFound" | "ideas.error.notPoster" | "ideas.error.notHelper" | "ideas.error.alreadyProject";

/** The poster lets one of the helpers turn the post into a project (or takes that back with `helperId` null). */
export async function allowProjectMaker(
  db: Db,
  input: { ideaId: string; posterId: string; helperId: string | null; now: Date },
): Promise<{ ok: true } | { ok: false; error: MakerError }> {
  return db.transaction().execute(async (trx) => {
    const idea = await lockIdea(trx, input.ideaId);
    if (!idea || idea.hidden_at) return { ok: false as const, error: "ideas.error.notFound" as const };
    if (idea.author_id !== input.posterId) return { ok: false as const, error: "ideas.error.notPoster" as const };
    if (idea.project_id) return { ok: false as const, error: "ideas.error.alreadyProject" as const };
    if (input.helperId) {
      const helper = isUuid(input.helperId)
        ? await trx.selectFrom("idea_helpers").select("user_id").where("idea_id", "=", idea.id).where("user_id", "=", input.helperId).executeTakeFirst()
        : undefined;
      if (!helper) return { ok: false as const, error: "ideas.error.notHelper" as const };
    }
    await trx.updateTable("ideas").set({ project_maker_id: input.helperId, updated_at: input.now }).where("id", "=", idea.id).execute();
    await trx
      .insertInto("idea_events")
      .values({
        idea_id: idea.id,
        actor_id: input.posterId,
        event: input.helperId ? "maker_allowed" : "maker_withdrawn",
        from_status: idea.status,
        to_status: idea.status,
        response: "",
        created_at: input.now,
      })
      .execute();
    if (input.helperId) {
      const poster = await trx.selectFrom("users").select("display_name").where("id", "=", input.posterId).executeTakeFirstOrThrow();
      await notify(trx, {
        userId: input.helperId,
        kind: "idea.maker_allowed",
        data: { ideaId: idea.id, ideaTitle: idea.title, posterName: poster.display_name },
        dedupeKey: `idea-maker:${idea.id}:${input.now.getTime()}`,
      });
    }
    return { ok: true as const };
  });
}

export type ConvertError = "ideas.error.notFound" | "ideas.error.notMaker" | "ideas.error.alreadyProject";

/** Whether `userId` may turn the post into a project: its poster, or the helper the poster allowed. */
export function mayMakeProject(
  idea: { author_id: string; project_maker_id: string | null; project_id: string | null; hidden_at: Date | null },
  userId: string,
) {
  return !idea.project_id && !idea.hidden_at && (idea.author_id === userId || idea.project_maker_id === userId);
}

/**
 * The companion of a new project draft made from a post: in the project's own transaction it links
 * the post to the draft (a post becomes one project, once), or refuses — then the draft is not kept.
 */
export function linkIdeaToNewProject(ideaId: string, actorId: string, now: Date) {
  return async (trx: Trx, projectId: string): Promise<ConvertError | null> => {
    const idea = await lockIdea(trx, ideaId);
    if (!idea || idea.hidden_at) return "ideas.error.notFound";
    if (idea.project_id) return "ideas.error.alreadyProject";
    if (!mayMakeProject(idea, actorId)) return "ideas.error.notMaker";
    await trx.updateTable("ideas").set({ project_id: projectId, updated_at: now }).where("id", "=", idea.id).execute();
    await trx
      .insertInto("idea_events")
      .values({ idea_id: idea.id, actor_id: actorId, event: "became_project", from_status: idea.status, to_status: idea.status, created_at: now })
      .execute();
    return null;
  };
}

/**
 * When a project made from a post goes live, its supporters and helpers hear it first — before the
 * digest — with a link to back it (a projects transition effect, registered in the wiring).
 */
export const tellSupportersOfLaunch: ProjectTransitionEffect = async (trx, change) => {
  if (change.to !== "live") return;
  const idea = await trx.selectFrom("ideas").select(["id", "author_id", "title"]).where("project_id", "=", change.project.id).executeTakeFirst();
  if (!idea) return;
  for (const userId of await followersOf(trx, idea, change.project.initiator_id)) {
    await notify(trx, {
      userId,
      kind: "idea.project_launched",
      data: { ideaId: idea.id, ideaTitle: idea.title, projectSlug: change.project.slug, projectTitle: change.project.title },
      dedupeKey: `idea-launch:${change.eventId}`,
    });
  }
};

/**
 * A site admin names (or removes) an organisation that answers a neighbourhood's posts; a verified
 * organisation only. Each change leaves a `neighbourhood_responder_events` row.
 */
export async function setNeighbourhoodResponder(
  db: Db,
  input: { neighbourhoodId: string; organisationId: string; responds: boolean; actorId?: string | null; now: Date },
): Promise<{ ok: true; changed: boolean } | { ok: false; error: "ideas.error.responderUnknown" }> {
  return db.transaction().execute(async (trx) => {
    const org = isUuid(input.organisationId)
      ? await trx.selectFrom("organisations").select("id").where("id", "=", input.organisationId).where("status", "=", "verified").executeTakeFirst()
      : undefined;
    const hood = await trx.selectFrom("neighbourhoods").select("id").where("id", "=", input.neighbourhoodId).executeTakeFirst();
    if (!org || !hood) return { ok: false as const, error: "ideas.error.responderUnknown" as const };
    const changed = input.responds
      ? await trx
          .insertInto("neighbourhood_responders")
          .values({ neighbourhood_id: hood.id, organisation_id: org.id, created_at: input.now })
          .onConflict((oc) => oc.doNothing())
          .returning("organisation_id")
          .executeTakeFirst()
      : await trx
          .deleteFrom("neighbourhood_responders")
          .where("neighbourhood_id", "=", hood.id)
          .where("organisation_id", "=", org.id)
          .returning("organisation_id")
          .executeTakeFirst();
    if (!changed) return { ok: true as const, changed: false };
    await trx
      .insertInto("neighbourhood_responder_events")
      .values({
        neighbourhood_id: hood.id,
        organisation_id: org.id,
        actor_id: input.actorId ?? null,
        event: input.responds ? "named" : "removed",
        created_at: input.now,
      })
      .execute();
    return { ok: true as const, changed: true };
  });
}
