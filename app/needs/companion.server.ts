import type { MessageKey } from "../i18n/i18n";
import { lockProject } from "../projects/projects.server";
import type { PledgeCompanion } from "../services.server";
import { giveAlongSchema, shiftField } from "./companion-schema";
import { applyOfferEventTx } from "./offers.server";
import { applySignupEventTx } from "./shifts.server";

/**
 * The needs' part of the pledge form (issue 11): sign up for the shifts ticked and offer the skill
 * or thing chosen, in the pledge's transaction (app/pledges/companions.server.ts rolls it all back
 * if any part says no). The same writers as the project page's buttons, so the same rules: a place
 * left, until 24 hours before, one standing sign-up per person.
 */
export const needsPledgeCompanion: PledgeCompanion = {
  key: "needs",
  async applyTx(trx, input) {
    const parsed = giveAlongSchema.safeParse(input.payload);
    if (!parsed.success) return { ok: false, errors: { _form: "needs.error.NotFound" } };
    const project = await lockProject(trx, input.projectId);
    if (!project) return { ok: false, errors: { _form: "needs.error.NotFound" } };
    const errors: Record<string, MessageKey> = {};
    const { shiftIds, offer } = parsed.data;
    if (shiftIds.length > 0) {
      const own = new Set(
        (await trx.selectFrom("project_needs").select("id").where("project_id", "=", project.id).where("id", "in", shiftIds).execute()).map((r) => r.id),
      );
      for (const needId of shiftIds) {
        if (!own.has(needId)) {
          errors[shiftField(needId)] = "needs.error.NotFound";
          continue;
        }
        const r = await applySignupEventTx(trx, {
          projectStatus: project.status,
          needId,
          userId: input.userId,
          event: { type: "sign_up" },
          actorId: input.userId,
          now: input.now,
        });
        if (!r.ok) errors[shiftField(needId)] = `needs.error.${r.error}`;
      }
    }
    if (offer) {
      const r = await applyOfferEventTx(trx, {
        project,
        needId: offer.needId,
        userId: input.userId,
        event: { type: "offer" },
        actorId: input.userId,
        note: offer.note,
        now: input.now,
      });
      if (!r.ok) errors.offerNeedId = `needs.error.${r.error}`;
    }
    return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true };
  },
};
