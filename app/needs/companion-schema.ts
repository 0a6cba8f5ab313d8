import { z } from "zod";
import type { MessageKey } from "../i18n/i18n";
import { isUuid } from "../utils/ids";

/**
 * Time and a thing given in the pledge form (issue 11, "one form"): the shifts ticked, and one
 * skill or thing offered with a note. Parsed from the form by the route (errors next to the
 * fields, together with the pledge's own), and again from JSON by the part itself when it runs —
 * what waits on a pledge intent is never trusted as it was stored.
 */
export const MAX_SHIFTS_IN_ONE_FORM = 10;

export const giveAlongSchema = z.object({
  shiftIds: z.array(z.string().refine(isUuid)).max(MAX_SHIFTS_IN_ONE_FORM),
  offer: z.object({ needId: z.string().refine(isUuid), note: z.string().max(300) }).nullable(),
});
export type GiveAlong = z.output<typeof giveAlongSchema>;

/** The form's fields: `shiftIds` (checkboxes), `offerNeedId` (one choice, "" for none), `offerNote`. */
export function parseGiveAlongForm(formData: FormData): { ok: true; value: GiveAlong | null } | { ok: false; errors: Record<string, MessageKey> } {
  const shiftIds = [...new Set(formData.getAll("shiftIds").map((v) => String(v).trim()))].filter((v) => v !== "");
  const needId = String(formData.get("offerNeedId") ?? "").trim();
  const note = String(formData.get("offerNote") ?? "").trim();
  const errors: Record<string, MessageKey> = {};
  if (shiftIds.length > MAX_SHIFTS_IN_ONE_FORM) errors.shiftIds = "needs.error.tooManyShifts";
  else if (shiftIds.some((id) => !isUuid(id))) errors.shiftIds = "needs.error.NotFound";
  if (needId !== "" && !isUuid(needId)) errors.offerNeedId = "needs.error.NotFound";
  if (note.length > 300) errors.offerNote = "form.tooLong";
  else if (note !== "" && needId === "") errors.offerNeedId = "needs.error.chooseOffer";
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  if (shiftIds.length === 0 && needId === "") return { ok: true, value: null };
  return { ok: true, value: { shiftIds, offer: needId ? { needId, note } : null } };
}

/** Where an error of one shift goes in the form: next to its own checkbox. */
export const shiftField = (needId: string) => `shift:${needId}`;
