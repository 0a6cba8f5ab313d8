import { describe, expect, it } from "vitest";
import {
  mayDo,
  type MemberRole,
  type MemberStatus,
  type ProjectPermission,
  type ProjectStanding,
  standingOf,
  type TeamActor,
  type TeamEvent,
  transitionMembership,
} from "./team";

describe("who may do what on a project", () => {
  // Columns: view_dashboard edit post_update answer see_backers see_volunteers manage_team lifecycle payouts
  const permissions: ProjectPermission[] = [
    "view_dashboard",
    "edit",
    "post_update",
    "answer",
    "see_backers",
    "see_volunteers",
    "manage_team",
    "lifecycle",
    "payouts",
  ];
  it.each<[ProjectStanding, string]>([
    ["initiator", "y y y y y y y y y"],
    ["co_initiator", "y y y y y y - - -"],
    ["helper", "- - - - - y - - -"],
    ["moderator", "- - - - - - - - -"],
    ["anyone", "- - - - - - - - -"],
  ])("%s: %s", (standing, row) => {
    expect(permissions.map((p) => (mayDo(standing, p) ? "y" : "-")).join(" ")).toBe(row);
  });

  it.each<[Parameters<typeof standingOf>[0], ProjectStanding]>([
    [{ userId: null, initiatorId: "i", activeRole: null, siteRole: null }, "anyone"],
    [{ userId: "i", initiatorId: "i", activeRole: null, siteRole: "member" }, "initiator"],
    [{ userId: "i", initiatorId: "i", activeRole: null, siteRole: "moderator" }, "initiator"],
    [{ userId: "c", initiatorId: "i", activeRole: "co_initiator", siteRole: "member" }, "co_initiator"],
    [{ userId: "h", initiatorId: "i", activeRole: "helper", siteRole: "admin" }, "helper"],
    [{ userId: "m", initiatorId: "i", activeRole: null, siteRole: "moderator" }, "moderator"],
    [{ userId: "a", initiatorId: "i", activeRole: null, siteRole: "admin" }, "moderator"],
    [{ userId: "x", initiatorId: "i", activeRole: null, siteRole: "member" }, "anyone"],
  ])("standing %j → %s", (input, expected) => {
    expect(standingOf(input)).toBe(expected);
  });
});

describe("a membership's one transition", () => {
  const m = (status: MemberStatus, role: MemberRole = "co_initiator") => ({ status, role });
  const co: TeamEvent = { type: "invite", role: "co_initiator" };
  it.each<[ReturnType<typeof m> | null, TeamEvent, TeamActor, ReturnType<typeof transitionMembership>]>([
    [null, co, "initiator", { ok: true, to: "invited", role: "co_initiator" }],
    [null, { type: "invite", role: "helper" }, "initiator", { ok: true, to: "invited", role: "helper" }],
    [null, co, "other", { ok: false, error: "NotAllowed" }],
    [null, co, "member", { ok: false, error: "NotAllowed" }],
    [m("invited"), co, "initiator", { ok: false, error: "AlreadyInvited" }],
    [m("active"), co, "initiator", { ok: false, error: "AlreadyMember" }],
    [m("declined"), { type: "invite", role: "helper" }, "initiator", { ok: true, to: "invited", role: "helper" }],
    [m("removed"), co, "initiator", { ok: true, to: "invited", role: "co_initiator" }],
    [m("left"), co, "initiator", { ok: true, to: "invited", role: "co_initiator" }],
    [m("invited"), { type: "accept" }, "member", { ok: true, to: "active", role: "co_initiator" }],
    [m("invited", "helper"), { type: "decline" }, "member", { ok: true, to: "declined", role: "helper" }],
    [m("invited"), { type: "accept" }, "initiator", { ok: false, error: "NotAllowed" }],
    [m("invited"), { type: "accept" }, "other", { ok: false, error: "NotAllowed" }],
    [null, { type: "accept" }, "member", { ok: false, error: "NotInvited" }],
    [m("active"), { type: "accept" }, "member", { ok: false, error: "NotInvited" }],
    [m("removed"), { type: "accept" }, "member", { ok: false, error: "NotInvited" }],
    [m("declined"), { type: "decline" }, "member", { ok: false, error: "NotInvited" }],
    [m("active"), { type: "change_role", role: "helper" }, "initiator", { ok: true, to: "active", role: "helper" }],
    [m("invited", "helper"), { type: "change_role", role: "co_initiator" }, "initiator", { ok: true, to: "invited", role: "co_initiator" }],
    [m("active"), { type: "change_role", role: "co_initiator" }, "initiator", { ok: false, error: "SameRole" }],
    [m("active"), { type: "change_role", role: "helper" }, "member", { ok: false, error: "NotAllowed" }],
    [m("left"), { type: "change_role", role: "helper" }, "initiator", { ok: false, error: "NotAMember" }],
    [m("active"), { type: "remove" }, "initiator", { ok: true, to: "removed", role: "co_initiator" }],
    [m("invited"), { type: "remove" }, "initiator", { ok: true, to: "removed", role: "co_initiator" }],
    [m("active"), { type: "remove" }, "member", { ok: false, error: "NotAllowed" }],
    [m("declined"), { type: "remove" }, "initiator", { ok: false, error: "NotAMember" }],
    [null, { type: "remove" }, "initiator", { ok: false, error: "NotAMember" }],
    [m("active", "helper"), { type: "leave" }, "member", { ok: true, to: "left", role: "helper" }],
    [m("invited"), { type: "leave" }, "member", { ok: false, error: "NotAMember" }],
    [m("active"), { type: "leave" }, "initiator", { ok: false, error: "NotAllowed" }],
  ])("%j + %j by %s", (current, event, actor, expected) => {
    expect(transitionMembership(current, event, actor)).toEqual(expected);
  });
});
