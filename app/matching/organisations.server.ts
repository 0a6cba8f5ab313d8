import type { OrganisationRow } from "../../db/schema";
import type { Db, Trx } from "../utils/db.server";
import { isUuid } from "../utils/ids";
import {
  type OrganisationEvent,
  type OrganisationKind,
  type OrganisationRole,
  type OrganisationStatus,
  organisationSlug,
  transitionOrganisation,
} from "./organisation";
import type { OrganisationView } from "./views";

/**
 * Organisation accounts (docs/matching.md): requested by a user (who becomes its first admin) and
 * verified by a site admin, or created verified by a site admin. Every status change goes through
 * `transitionOrganisation` and writes an organisation_events row, in one transaction.
 */

export type OrganisationError = "NotFound" | "NotAllowed" | "IllegalTransition" | "ReasonRequired" | "UnknownUser" | "AlreadyMember";

export function toOrganisationView(row: OrganisationRow): OrganisationView {
  return { id: row.id, slug: row.slug, name: row.name, kind: row.kind, description: row.description, website: row.website, status: row.status };
}

async function freeSlug(trx: Trx, name: string): Promise<string> {
  const base = organisationSlug(name);
  for (let n = 1; ; n++) {
    const slug = n === 1 ? base : `${base}-${n}`;
    const taken = await trx.selectFrom("organisations").select("id").where("slug", "=", slug).executeTakeFirst();
    if (!taken) return slug;
  }
}

interface NewOrganisation {
  name: string;
  kind: OrganisationKind;
  description: string;
  website: string;
}

/** A user asks for an organisation account; they become its first admin. An admin verifies it. */
export async function requestOrganisation(db: Db, input: NewOrganisation & { userId: string; now: Date }): Promise<{ ok: true; slug: string; id: string }> {
  return db.transaction().execute(async (trx) => {
    const slug = await freeSlug(trx, input.name);
    const org = await trx
      .insertInto("organisations")
      .values({
        slug,
        name: input.name,
        kind: input.kind,
        description: input.description,
        website: input.website,
        status: "requested",
        requested_by: input.userId,
        created_at: input.now,
        updated_at: input.now,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await trx.insertInto("organisation_members").values({ organisation_id: org.id, user_id: input.userId, role: "admin", created_at: input.now }).execute();
    await trx
      .insertInto("organisation_events")
      .values({ organisation_id: org.id, actor_id: input.userId, event: "request", from_status: null, to_status: "requested", created_at: input.now })
      .execute();
    return { ok: true as const, slug, id: org.id };
  });
}

/** A site admin creates a verified organisation, optionally with its first admin member. */
export async function createVerifiedOrganisation(
  db: Db,
  input: NewOrganisation & { actor: { id: string; role: string }; adminUserId?: string; now: Date },
): Promise<{ ok: true; slug: string; id: string } | { ok: false; error: "NotAllowed" }> {
  if (input.actor.role !== "admin") return { ok: false, error: "NotAllowed" };
  return db.transaction().execute(async (trx) => {
    const slug = await freeSlug(trx, input.name);
    const org = await trx
      .insertInto("organisations")
      .values({
        slug,
        name: input.name,
        kind: input.kind,
        description: input.description,
        website: input.website,
        status: "verified",
        decided_by: input.actor.id,
        decided_at: input.now,
        created_at: input.now,
        updated_at: input.now,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    if (input.adminUserId) {
      await trx
        .insertInto("organisation_members")
        .values({ organisation_id: org.id, user_id: input.adminUserId, role: "admin", created_at: input.now })
        .execute();
    }
    await trx
      .insertInto("organisation_events")
      .values({ organisation_id: org.id, actor_id: input.actor.id, event: "create_verified", from_status: null, to_status: "verified", created_at: input.now })
      .execute();
    return { ok: true as const, slug, id: org.id };
  });
}

/** A site admin verifies or rejects a requested organisation. */
export async function decideOrganisation(
  db: Db,
  input: { organisationId: string; event: OrganisationEvent; actor: { id: string; role: string }; now: Date },
): Promise<{ ok: true; to: OrganisationStatus } | { ok: false; error: OrganisationError }> {
  if (input.actor.role !== "admin") return { ok: false, error: "NotAllowed" };
  if (!isUuid(input.organisationId)) return { ok: false, error: "NotFound" };
  return db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom("organisations").selectAll().where("id", "=", input.organisationId).forUpdate().executeTakeFirst();
    if (!row) return { ok: false as const, error: "NotFound" as const };
    const result = transitionOrganisation(row.status, input.event);
    if (!result.ok) return result;
    await trx
      .updateTable("organisations")
      .set({ status: result.to, decided_by: input.actor.id, decided_at: input.now, updated_at: input.now })
      .where("id", "=", row.id)
      .execute();
    await trx
      .insertInto("organisation_events")
      .values({
        organisation_id: row.id,
        actor_id: input.actor.id,
        event: input.event.type,
        from_status: row.status,
        to_status: result.to,
        note: result.note ?? null,
        created_at: input.now,
      })
      .execute();
    return { ok: true as const, to: result.to };
  });
}

export async function getOrganisationBySlug(db: Db, slug: string): Promise<OrganisationView | null> {
  const row = await db.selectFrom("organisations").selectAll().where("slug", "=", slug).executeTakeFirst();
  return row ? toOrganisationView(row) : null;
}

/** The user's role in the organisation, or null (site admins act as organisation admins). */
export async function roleInOrganisation(db: Db, organisationId: string, user: { id: string; role: string }): Promise<OrganisationRole | null> {
  if (user.role === "admin") return "admin";
  const row = await db
    .selectFrom("organisation_members")
    .select("role")
    .where("organisation_id", "=", organisationId)
    .where("user_id", "=", user.id)
    .executeTakeFirst();
  return row?.role ?? null;
}

export async function listOrganisationsOfUser(db: Db, userId: string): Promise<(OrganisationView & { role: OrganisationRole })[]> {
  const rows = await db
    .selectFrom("organisation_members as m")
    .innerJoin("organisations as o", "o.id", "m.organisation_id")
    .selectAll("o")
    .select("m.role as member_role")
    .where("m.user_id", "=", userId)
    .orderBy("o.name")
    .execute();
  return rows.map((r) => ({ ...toOrganisationView(r), role: r.member_role }));
}

/** Requested organisations waiting for a site admin, oldest first. */
export async function listRequestedOrganisations(db: Db): Promise<(OrganisationView & { requestedBy: string | null; createdAt: Date })[]> {
  const rows = await db
    .selectFrom("organisations as o")
    .leftJoin("users as u", "u.id", "o.requested_by")
    .selectAll("o")
    .select("u.display_name as requester")
    .where("o.status", "=", "requested")
    .orderBy("o.created_at")
    .execute();
  return rows.map((r) => ({ ...toOrganisationView(r), requestedBy: r.requester, createdAt: r.created_at }));
}

/** An organisation admin adds a member by handle. */
export async function addOrganisationMember(
  db: Db,
  input: { organisationId: string; actor: { id: string; role: string }; handle: string; role: OrganisationRole; now: Date },
): Promise<{ ok: true } | { ok: false; error: OrganisationError }> {
  if ((await roleInOrganisation(db, input.organisationId, input.actor)) !== "admin") return { ok: false, error: "NotAllowed" };
  const user = await db.selectFrom("users").select("id").where("handle", "=", input.handle.replace(/^@/, "")).executeTakeFirst();
  if (!user) return { ok: false, error: "UnknownUser" };
  const inserted = await db
    .insertInto("organisation_members")
    .values({ organisation_id: input.organisationId, user_id: user.id, role: input.role, created_at: input.now })
    .onConflict((oc) => oc.columns(["organisation_id", "user_id"]).doNothing())
    .returning("user_id")
    .executeTakeFirst();
  return inserted ? { ok: true } : { ok: false, error: "AlreadyMember" };
}
