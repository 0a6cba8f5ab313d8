import { sql, type Transaction } from "kysely";
import type { Database } from "../../db/schema";
import { prepareImage, recordUpload, type ImageError } from "../storage/images.server";
import type { FileStorage } from "../storage/storage.server";
import type { Db } from "../utils/db.server";
import { canEditNeighbourhood, MAX_STORY_LENGTH } from "./story";

/**
 * The one writer of neighbourhood pages (docs/decisions/073-neighbourhood-pages.md): moderators
 * appointed and removed by a site admin, and the story and cover its moderators edit. Every change
 * writes a `neighbourhood_events` row (append-only) in the same transaction.
 */

export type NeighbourhoodPageError =
  | "buurt.error.notFound"
  | "buurt.error.notAllowed"
  | "buurt.error.storyTooLong"
  | "buurt.error.userUnknown"
  | "buurt.error.alreadyModerator"
  | "buurt.error.notModerator";

interface Actor {
  id: string;
  role: string;
}

async function lockNeighbourhood(db: Db, id: string) {
  return db.selectFrom("neighbourhoods").select(["id", "cover_upload_id"]).where("id", "=", id).forUpdate().executeTakeFirst();
}

export async function listModeratorIds(db: Db, neighbourhoodId: string): Promise<string[]> {
  const rows = await db.selectFrom("neighbourhood_moderators").select("user_id").where("neighbourhood_id", "=", neighbourhoodId).execute();
  return rows.map((r) => r.user_id);
}

/** May this member edit the neighbourhood's page? (For the route's guard; the writer asks again.) */
export async function mayEditNeighbourhood(db: Db, neighbourhoodId: string, actor: Actor | null): Promise<boolean> {
  if (!actor) return false;
  const suspended = await db.selectFrom("users").select("suspended_at").where("id", "=", actor.id).executeTakeFirst();
  return canEditNeighbourhood({ ...actor, suspended: !suspended || suspended.suspended_at !== null }, await listModeratorIds(db, neighbourhoodId));
}

/**
 * A site admin names a member (by handle) a moderator of a neighbourhood. A member may moderate
 * several neighbourhoods; one row per person and neighbourhood (the primary key).
 */
export async function appointNeighbourhoodModerator(
  db: Db,
  input: { neighbourhoodId: string; handle: string; actor: Actor; now: Date },
): Promise<{ ok: true; userId: string } | { ok: false; field: "handle" | "_form"; error: NeighbourhoodPageError }> {
  if (input.actor.role !== "admin") return { ok: false, field: "_form", error: "buurt.error.notAllowed" };
  return db.transaction().execute(async (trx) => {
    if (!(await lockNeighbourhood(trx, input.neighbourhoodId))) return { ok: false as const, field: "_form" as const, error: "buurt.error.notFound" as const };
    const user = await trx
      .selectFrom("users")
      .select(["id"])
      .where(sql`lower(handle)`, "=", input.handle.toLowerCase())
      .where("suspended_at", "is", null)
      .executeTakeFirst();
    if (!user) return { ok: false as const, field: "handle" as const, error: "buurt.error.userUnknown" as const };
    const inserted = await trx
      .insertInto("neighbourhood_moderators")
      .values({ neighbourhood_id: input.neighbourhoodId, user_id: user.id, appointed_by: input.actor.id, appointed_at: input.now })
      .onConflict((oc) => oc.columns(["neighbourhood_id", "user_id"]).doNothing())
      .returning("user_id")
      .executeTakeFirst();
    if (!inserted) return { ok: false as const, field: "handle" as const, error: "buurt.error.alreadyModerator" as const };
    await trx
      .insertInto("neighbourhood_events")
      .values({ neighbourhood_id: input.neighbourhoodId, actor_id: input.actor.id, event: "moderator_appointed", subject_id: user.id, created_at: input.now })
      .execute();
    return { ok: true as const, userId: user.id };
  });
}

export async function removeNeighbourhoodModerator(
  db: Db,
  input: { neighbourhoodId: string; userId: string; actor: Actor; now: Date },
): Promise<{ ok: true } | { ok: false; field: "_form"; error: NeighbourhoodPageError }> {
  if (input.actor.role !== "admin") return { ok: false, field: "_form", error: "buurt.error.notAllowed" };
  return db.transaction().execute(async (trx) => {
    if (!(await lockNeighbourhood(trx, input.neighbourhoodId))) return { ok: false as const, field: "_form" as const, error: "buurt.error.notFound" as const };
    const removed = await trx
      .deleteFrom("neighbourhood_moderators")
      .where("neighbourhood_id", "=", input.neighbourhoodId)
      .where("user_id", "=", input.userId)
      .returning("user_id")
      .executeTakeFirst();
    if (!removed) return { ok: false as const, field: "_form" as const, error: "buurt.error.notModerator" as const };
    await trx
      .insertInto("neighbourhood_events")
      .values({
        neighbourhood_id: input.neighbourhoodId,
        actor_id: input.actor.id,
        event: "moderator_removed",
        subject_id: input.userId,
        created_at: input.now,
      })
      .execute();
    return { ok: true as const };
  });
}

/**
 * A moderator edits the story (Markdown, Dutch and English) and, optionally, the cover: a new
 * picture (checked and stored before the transaction, like a project's cover) or none. Refused,
 * with nothing written, for anyone else.
 */
export async function editNeighbourhoodStory(
  deps: { db: Db; storage?: FileStorage },
  input: { neighbourhoodId: string; actor: Actor; storyNl: string; storyEn: string; cover?: Buffer; removeCover?: boolean; now: Date },
): Promise<{ ok: true } | { ok: false; field: "_form" | "storyNl" | "storyEn" | "cover"; error: NeighbourhoodPageError | ImageError }> {
  const { db } = deps;
  if (input.storyNl.length > MAX_STORY_LENGTH) return { ok: false, field: "storyNl", error: "buurt.error.storyTooLong" };
  if (input.storyEn.length > MAX_STORY_LENGTH) return { ok: false, field: "storyEn", error: "buurt.error.storyTooLong" };
  if (!(await mayEditNeighbourhood(db, input.neighbourhoodId, input.actor))) return { ok: false, field: "_form", error: "buurt.error.notAllowed" };
  let image = null;
  if (input.cover) {
    if (!deps.storage) throw new Error("editNeighbourhoodStory: a cover needs storage");
    const prepared = await prepareImage(deps.storage, { ownerId: input.actor.id, purpose: "neighbourhood_cover", data: input.cover });
    if (!prepared.ok) return { ok: false, field: "cover", error: prepared.error };
    image = prepared.image;
  }
  return db.transaction().execute(async (trx) => {
    const hood = await lockNeighbourhood(trx, input.neighbourhoodId);
    if (!hood) return { ok: false as const, field: "_form" as const, error: "buurt.error.notFound" as const };
    // Asked again under the lock: an admin may have removed the moderator meanwhile.
    if (!(await mayEditNeighbourhood(trx, input.neighbourhoodId, input.actor)))
      return { ok: false as const, field: "_form" as const, error: "buurt.error.notAllowed" as const };
    const coverId = image ? (await recordUpload(trx, image, input.now)).id : input.removeCover ? null : hood.cover_upload_id;
    await trx
      .updateTable("neighbourhoods")
      .set({ story_nl: input.storyNl, story_en: input.storyEn, cover_upload_id: coverId, story_updated_at: input.now, story_updated_by: input.actor.id })
      .where("id", "=", hood.id)
      .execute();
    await trx
      .insertInto("neighbourhood_events")
      .values({
        neighbourhood_id: hood.id,
        actor_id: input.actor.id,
        event: "story_edited",
        story_nl: input.storyNl,
        story_en: input.storyEn,
        cover_changed: coverId !== hood.cover_upload_id,
        created_at: input.now,
      })
      .execute();
    return { ok: true as const };
  });
}

/**
 * A member who erases their account (app/privacy, decision 074) moderates no neighbourhood any
 * more: each place ends with its event row (the member as the actor), in the erasure's transaction.
 */
export async function releaseModeratorships(trx: Transaction<Database>, input: { userId: string; now: Date }): Promise<void> {
  const released = await trx.deleteFrom("neighbourhood_moderators").where("user_id", "=", input.userId).returning("neighbourhood_id").execute();
  for (const { neighbourhood_id } of released) {
    await trx
      .insertInto("neighbourhood_events")
      .values({ neighbourhood_id, actor_id: input.userId, event: "moderator_removed", subject_id: input.userId, created_at: input.now })
      .execute();
  }
}
