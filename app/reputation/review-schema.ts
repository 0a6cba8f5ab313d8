import { z } from "zod";
import { MAX_REPLY, MAX_REVIEW_BODY } from "./review";

/** The loan page's review forms (one schema, shared by the action and the form). */
export const reviewIntents = ["review", "reply"] as const;

export const ReviewActionSchema = z.discriminatedUnion(
  "intent",
  [
    z.object({
      intent: z.literal("review"),
      stars: z.coerce
        .number("reputation.error.StarsOutOfRange")
        .int("reputation.error.StarsOutOfRange")
        .min(1, "reputation.error.StarsOutOfRange")
        .max(5, "reputation.error.StarsOutOfRange"),
      body: z.string().trim().max(MAX_REVIEW_BODY, "reputation.error.BodyTooLong").default(""),
      answer: z.enum(["yes", "no"], "form.required").transform((v) => v === "yes"),
    }),
    z.object({
      intent: z.literal("reply"),
      reviewId: z.string().min(1, "form.invalid").max(100, "form.invalid"),
      text: z.string().trim().min(1, "reputation.error.ReplyEmpty").max(MAX_REPLY, "reputation.error.ReplyTooLong"),
    }),
  ],
  "form.invalid",
);
export type ReviewActionInput = z.output<typeof ReviewActionSchema>;

export const isReviewIntent = (intent: unknown): intent is (typeof reviewIntents)[number] =>
  typeof intent === "string" && (reviewIntents as readonly string[]).includes(intent);

/** The field a review error belongs next to. */
export function reviewErrorField(error: string, intent: "review" | "reply"): string {
  if (intent === "reply") return "text";
  if (error === "StarsOutOfRange") return "stars";
  if (error === "BodyTooLong") return "body";
  return "_form";
}
