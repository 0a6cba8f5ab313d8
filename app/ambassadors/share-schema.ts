import { z } from "zod";

/** The share kit's one form: the opt-in to be thanked by name (a checkbox: present means on). */
export const ShowPubliclySchema = z.object({
  intent: z.literal("show", "form.invalid"),
  show: z
    .enum(["on"])
    .optional()
    .transform((v) => v === "on"),
});
