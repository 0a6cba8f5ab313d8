import { describe, expect, it } from "vitest";
import { filledDelta, type ShiftView, type SignupEvent, summarizeShifts, transitionSignup } from "./shift";
import { amsterdamInstant, amsterdamParts } from "./time";

const start = new Date("2027-06-12T08:00:00Z");
const shift = (o: Partial<ShiftView> = {}): ShiftView => ({ status: "open", startsAt: start, needed: 6, filled: 2, projectStatus: "live", ...o });
const hours = (h: number) => new Date(start.getTime() - h * 3_600_000);

describe("transitionSignup", () => {
  it.each([
    // from, event, shift, now → to | error
    [null, "sign_up", {}, hours(48), "signed_up"],
    ["cancelled", "sign_up", {}, hours(48), "signed_up"],
    [null, "sign_up", { projectStatus: "succeeded" }, hours(48), "signed_up"],
    [null, "sign_up", { filled: 6 }, hours(48), "ShiftFull"],
    [null, "sign_up", {}, hours(24), "SignupClosed"], // exactly 24 h before: closed
    [null, "sign_up", {}, hours(24.01), "signed_up"],
    [null, "sign_up", { status: "cancelled" }, hours(48), "ShiftCancelled"],
    [null, "sign_up", { projectStatus: "draft" }, hours(48), "ProjectNotOpen"],
    [null, "sign_up", { projectStatus: "failed" }, hours(48), "ProjectNotOpen"],
    ["signed_up", "sign_up", {}, hours(48), "IllegalTransition"],
    ["signed_up", "cancel", {}, hours(25), "cancelled"],
    ["signed_up", "cancel", {}, hours(23), "SignupClosed"],
    [null, "cancel", {}, hours(48), "IllegalTransition"],
    ["signed_up", "attended", {}, hours(-1), "attended"],
    ["signed_up", "no_show", {}, hours(0), "no_show"],
    ["no_show", "attended", {}, hours(-5), "attended"], // the initiator corrects a mark
    ["attended", "no_show", {}, hours(-5), "no_show"],
    ["signed_up", "attended", {}, hours(1), "NotYetStarted"],
    ["cancelled", "attended", {}, hours(-1), "IllegalTransition"],
    [null, "attended", {}, hours(-1), "IllegalTransition"],
  ] as const)("%s ─%s→ (%j, %s) %s", (from, event, o, now, want) => {
    const r = transitionSignup(from, { type: event } as SignupEvent, shift(o), now);
    expect(r.ok ? r.to : r.error).toBe(want);
  });
});

describe("filledDelta", () => {
  it.each([
    [null, "signed_up", 1],
    ["cancelled", "signed_up", 1],
    ["signed_up", "cancelled", -1],
    ["signed_up", "attended", 0],
    ["attended", "no_show", 0],
  ] as const)("%s → %s: %i", (a, b, d) => expect(filledDelta(a, b)).toBe(d));
});

describe("summarizeShifts", () => {
  it("counts open shifts only: '8 van 12 vrijwilligers'", () => {
    expect(
      summarizeShifts([
        { status: "open", needed: 6, filled: 5 },
        { status: "open", needed: 6, filled: 3 },
        { status: "cancelled", needed: 4, filled: 0 },
      ]),
    ).toEqual({ shifts: 2, volunteersNeeded: 12, volunteersSignedUp: 8 });
  });
});

describe("Amsterdam wall-clock times", () => {
  it.each([
    ["2027-06-12", "10:00", "2027-06-12T08:00:00.000Z"], // summer: UTC+2
    ["2027-01-09", "10:00", "2027-01-09T09:00:00.000Z"], // winter: UTC+1
    ["2027-03-28", "01:30", "2027-03-28T00:30:00.000Z"], // before the clocks go forward
    ["2027-03-28", "03:30", "2027-03-28T01:30:00.000Z"], // after
    ["2027-10-31", "12:00", "2027-10-31T11:00:00.000Z"], // the day they go back
  ])("%s %s → %s, and back", (day, time, iso) => {
    const instant = amsterdamInstant(day, time);
    expect(instant.toISOString()).toBe(iso);
    expect(amsterdamParts(instant)).toEqual({ day, time });
  });
});
