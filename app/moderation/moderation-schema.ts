import { z } from "zod";
import { MODERATION_REASON_MAX, moderationActions, REPORT_DETAILS_MAX, reportReasons } from "./moderation";

/** The report form (/report?kind=…&id=…): what, why, and in the reporter's words. */
export const ReportSchema = z.object({
  kind: z.string().regex(/^[a-z_]{2,40}$/, "moderation.error.subjectUnknown"),
  id: z.string().min(1, "moderation.error.subjectUnknown").max(100, "moderation.error.subjectUnknown"),
  reason: z.enum(reportReasons, "moderation.error.reasonRequired"),
  details: z.string().trim().min(1, "moderation.error.detailsRequired").max(REPORT_DETAILS_MAX, "form.tooLong"),
});

/** A moderator's decision on a report: one action and the reason the person concerned will read. */
export const ModerationActionSchema = z.object({
  intent: z.enum(moderationActions, "form.invalid"),
  reason: z.string().trim().min(1, "moderation.error.reasonTextRequired").max(MODERATION_REASON_MAX, "form.tooLong"),
});

export const BlockSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("block"), handle: z.string().trim().min(1, "moderation.error.handleRequired").max(60, "moderation.error.userUnknown") }),
  z.object({ intent: z.literal("unblock"), handle: z.string().trim().min(1, "moderation.error.handleRequired").max(60, "moderation.error.userUnknown") }),
]);
