import type { Db } from "../utils/db.server";
import { tiersEditable } from "./project";
import type { TierInput } from "./project-schema";
import { lockProject } from "./projects.server";
import { mayActOnProject } from "./team.server";
import { isUuid } from "../utils/ids";

export type TierError = "projects.tier.notEditable" | "projects.tier.notFound" | "projects.tier.hasPledges" | "projects.tier.loanHasNone";

/**
 * Reward tiers are shaped by the initiator until launch; from then on backers rely on them, so
 * they stay as they are (their remaining places keep counting down).
 */
export async function saveTier(
  db: Db,
  input: { projectId: string; actorId: string; tier: TierInput; now: Date },
): Promise<{ ok: true; tierId: string } | { ok: false; error: TierError }> {
  return db.transaction().execute(async (trx) => {
    const project = await lockProject(trx, input.projectId);
    // A community loan repays its lenders with interest: it has no rewards (app/community-loans).
    if (project?.funding_model === "community_loan" && (await mayActOnProject(trx, project.id, input.actorId, "edit")))
      return { ok: false as const, error: "projects.tier.loanHasNone" as const };
    if (!project || !tiersEditable(project.status) || !(await mayActOnProject(trx, project.id, input.actorId, "edit"))) {
      return { ok: false as const, error: "projects.tier.notEditable" as const };
    }
    const values = {
      title: input.tier.title,
      description: input.tier.description,
      min_cents: input.tier.minAmount,
      quantity: input.tier.quantity,
      pickup_note: input.tier.pickupNote,
    };
    if (input.tier.tierId) {
      const existing = await trx
        .selectFrom("reward_tiers")
        .select(["id", "claimed"])
        .where("id", "=", input.tier.tierId)
        .where("project_id", "=", project.id)
        .executeTakeFirst();
      if (!existing) return { ok: false as const, error: "projects.tier.notFound" as const };
      if (existing.claimed > 0) return { ok: false as const, error: "projects.tier.hasPledges" as const };
      await trx.updateTable("reward_tiers").set(values).where("id", "=", existing.id).execute();
      return { ok: true as const, tierId: existing.id };
    }
    const row = await trx
      .insertInto("reward_tiers")
      .values({ ...values, project_id: project.id, created_at: input.now })
      .returning("id")
      .executeTakeFirstOrThrow();
    return { ok: true as const, tierId: row.id };
  });
}

export async function deleteTier(
  db: Db,
  input: { projectId: string; actorId: string; tierId: string },
): Promise<{ ok: true } | { ok: false; error: TierError }> {
  return db.transaction().execute(async (trx) => {
    const project = await lockProject(trx, input.projectId);
    if (!project || !tiersEditable(project.status) || !(await mayActOnProject(trx, project.id, input.actorId, "edit"))) {
      return { ok: false as const, error: "projects.tier.notEditable" as const };
    }
    if (!isUuid(input.tierId)) return { ok: false as const, error: "projects.tier.notFound" as const };
    const used = await trx.selectFrom("pledges").select("id").where("tier_id", "=", input.tierId).limit(1).executeTakeFirst();
    if (used) return { ok: false as const, error: "projects.tier.hasPledges" as const };
    const result = await trx.deleteFrom("reward_tiers").where("id", "=", input.tierId).where("project_id", "=", project.id).executeTakeFirst();
    return Number(result.numDeletedRows) === 1 ? { ok: true as const } : { ok: false as const, error: "projects.tier.notFound" as const };
  });
}
