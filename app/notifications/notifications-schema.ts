import { z } from "zod";
import type { SwitchableCategory } from "./categories";
import { uuidField } from "../utils/ids";

/** The notifications page's forms (intent field: one form per button). */
export const NotificationActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("read"), id: uuidField("form.invalid") }),
  z.object({ intent: z.literal("read-all") }),
]);

/** An unchecked checkbox is simply absent from the form. */
const checkbox = z
  .literal("on", "form.invalid")
  .optional()
  .transform((v) => v === "on");

const categoryFields = {
  projects_backed: checkbox,
  my_projects: checkbox,
  loans: checkbox,
  reviews: checkbox,
  moderation: checkbox,
  ideas: checkbox,
  digest: checkbox,
} satisfies Record<SwitchableCategory, typeof checkbox>;

/** The settings page: e-mail per category (checkboxes), and the calendar link buttons. */
export const PreferencesActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("save"), ...categoryFields }),
  z.object({ intent: z.literal("calendar-create") }),
  z.object({ intent: z.literal("calendar-revoke") }),
]);

/** The unsubscribe page's button posts the token; mail providers' one-click POST carries it in the URL. */
export const UnsubscribeSchema = z.object({ token: z.string().max(300).optional() });

/** Admin: retry a failed delivery. */
export const RetryDeliverySchema = z.object({ notificationId: uuidField("form.invalid") });
