import { z } from "zod";

/** The forms of /settings/data (messages are keys of app/i18n/messages/privacy.ts). */
export const DataSettingsSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("export") }),
  z.object({
    intent: z.literal("delete"),
    password: z.string().min(1, "privacy.delete.password.required").max(200, "form.tooLong"),
    confirm: z.literal("on", "privacy.delete.confirm.required"),
  }),
]);
export type DataSettingsInput = z.infer<typeof DataSettingsSchema>;
