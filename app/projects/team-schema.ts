import { z } from "zod";
import { memberRoles } from "./team";

/**
 * The team's forms (zod, shared by the actions and the forms; messages are i18n keys in
 * app/i18n/messages/team.ts). The dashboard's team section posts `team_invite`, `team_role` and
 * `team_remove`; the invitation page posts `accept`, `decline` or `leave`.
 */
const role = z.enum(memberRoles, "team.error.roleRequired");
const memberId = z.string().trim().uuid("form.invalid");

/** An e-mail address or a handle ("@eva-visser" or "eva-visser") of someone with an account. */
export const inviteWho = z
  .string()
  .trim()
  .min(1, "team.error.whoRequired")
  .max(254, "form.tooLong")
  .transform((v) => v.replace(/^@/, "").toLowerCase());

export const TeamInviteSchema = z.object({ intent: z.literal("team_invite"), who: inviteWho, role });
export const TeamRoleSchema = z.object({ intent: z.literal("team_role"), memberId, role });
export const TeamRemoveSchema = z.object({ intent: z.literal("team_remove"), memberId });

/** The invitee answers, or a member leaves. */
export const TeamResponseSchema = z.discriminatedUnion(
  "intent",
  [z.object({ intent: z.literal("accept") }), z.object({ intent: z.literal("decline") }), z.object({ intent: z.literal("leave") })],
  "form.invalid",
);
