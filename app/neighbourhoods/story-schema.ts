import { z } from "zod";
import { MAX_STORY_LENGTH } from "./story";

/** The story form on /buurt/<slug>/bewerken (the cover arrives as a file beside it). */
export const StoryFormSchema = z.object({
  storyNl: z.string().trim().max(MAX_STORY_LENGTH, "buurt.error.storyTooLong").default(""),
  storyEn: z.string().trim().max(MAX_STORY_LENGTH, "buurt.error.storyTooLong").default(""),
  removeCover: z.literal("on").optional(),
});
export type StoryForm = z.output<typeof StoryFormSchema>;

/** The admin's form: appoint someone (by handle) or remove a moderator of a neighbourhood. */
export const ModeratorFormSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("appoint"),
    neighbourhoodId: z.string().trim().min(1).max(60),
    handle: z
      .string()
      .trim()
      .min(1, "buurt.error.handleRequired")
      .max(60, "buurt.error.userUnknown")
      .transform((h) => h.replace(/^@/, "")),
  }),
  z.object({
    intent: z.literal("remove"),
    neighbourhoodId: z.string().trim().min(1).max(60),
    userId: z.uuid("buurt.error.userUnknown"),
  }),
]);
