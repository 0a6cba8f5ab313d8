import { z } from "zod";
import { MAX_SHIFT_PEOPLE } from "./shift";

/**
 * The initiator's shift form ("Zaterdag 10:00–13:00, 6 mensen om plantenbakken te bouwen").
 * Times are Amsterdam wall-clock times on one day; the end comes after the start.
 */
const day = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "needs.error.day");
const time = z
  .string()
  .trim()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, "needs.error.time");

export const shiftSchema = z
  .object({
    title: z.string().trim().min(1, "form.required").max(120, "form.tooLong"),
    description: z.string().trim().max(1000, "form.tooLong").default(""),
    day,
    startTime: time,
    endTime: time,
    place: z.string().trim().max(200, "form.tooLong").default(""),
    skills: z.string().trim().max(200, "form.tooLong").default(""),
    needed: z.coerce.number("needs.error.needed").int("needs.error.needed").min(1, "needs.error.needed").max(MAX_SHIFT_PEOPLE, "needs.error.neededMax"),
  })
  .refine((s) => s.endTime > s.startTime, { path: ["endTime"], message: "needs.error.endBeforeStart" });
export type ShiftInput = z.output<typeof shiftSchema>;

/** The initiator's forms on the shifts page, besides adding one. */
export const shiftManageSchema = z.discriminatedUnion(
  "intent",
  [
    z.object({ intent: z.literal("cancel-shift"), needId: z.string().trim().max(64).default("") }),
    z.object({ intent: z.literal("mark"), signupId: z.string().trim().max(64).default(""), outcome: z.enum(["attended", "no_show"], "form.invalid") }),
  ],
  "form.invalid",
);

/** A neighbour's forms on the project page: sign up (with an optional note) or withdraw. */
export const shiftSignupSchema = z.discriminatedUnion(
  "intent",
  [
    z.object({ intent: z.literal("sign-up"), needId: z.string().trim().max(64).default(""), note: z.string().trim().max(300, "form.tooLong").default("") }),
    z.object({ intent: z.literal("withdraw"), needId: z.string().trim().max(64).default("") }),
    z.object({ intent: z.literal("offer"), needId: z.string().trim().max(64).default(""), note: z.string().trim().max(300, "form.tooLong").default("") }),
    z.object({ intent: z.literal("withdraw-offer"), needId: z.string().trim().max(64).default("") }),
  ],
  "form.invalid",
);

/** The initiator's forms for a skill or a thing. */
export const skillNeedSchema = z.object({
  title: z.string().trim().min(1, "form.required").max(120, "form.tooLong"),
  description: z.string().trim().max(1000, "form.tooLong").default(""),
  effort: z.string().trim().max(60, "form.tooLong").default(""),
  needed: z.coerce
    .number("needs.error.needed")
    .int("needs.error.needed")
    .min(1, "needs.error.needed")
    .max(MAX_SHIFT_PEOPLE, "needs.error.neededMax")
    .default(1),
});
export const itemNeedSchema = z.object({
  title: z.string().trim().min(1, "form.required").max(120, "form.tooLong"),
  description: z.string().trim().max(1000, "form.tooLong").default(""),
  neededOn: z
    .string()
    .trim()
    .regex(/^(\d{4}-\d{2}-\d{2})?$/, "needs.error.day")
    .transform((v) => (v ? v : null)),
  needed: z.coerce
    .number("needs.error.needed")
    .int("needs.error.needed")
    .min(1, "needs.error.needed")
    .max(MAX_SHIFT_PEOPLE, "needs.error.neededMax")
    .default(1),
});

/** The initiator's answer to an offer. */
export const offerAnswerSchema = z.object({
  intent: z.literal("answer"),
  offerId: z.string().trim().max(64).default(""),
  answer: z.enum(["accept", "decline"], "form.invalid"),
});
