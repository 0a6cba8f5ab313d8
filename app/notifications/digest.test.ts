import { describe, expect, it } from "vitest";
import { digestDedupeKey, weekStart } from "./digest";

describe("weekStart", () => {
  it.each([
    ["2026-11-30T08:00:00Z", "2026-11-30"], // Monday morning
    ["2026-12-06T22:59:59Z", "2026-11-30"], // Sunday 23:59:59 in Amsterdam
    ["2026-12-06T23:00:00Z", "2026-12-07"], // already Monday in Amsterdam, still Sunday in UTC
    ["2026-11-28T10:00:00Z", "2026-11-23"], // Saturday
    ["2027-01-01T12:00:00Z", "2026-12-28"], // across a year boundary
    ["2026-03-29T01:30:00Z", "2026-03-23"], // the night summer time starts (a Sunday)
  ])("%s → week of %s", (now, monday) => expect(weekStart(new Date(now))).toBe(monday));

  it("keys digests by week", () => expect(digestDedupeKey("2026-11-30")).toBe("week:2026-11-30"));
});
