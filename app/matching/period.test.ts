import { describe, expect, it } from "vitest";
import { poolPeriod } from "./pools.server";

describe("poolPeriod: Amsterdam days, first to last inclusive", () => {
  it.each([
    ["winter", "2026-12-01", "2026-12-31", "2026-11-30T23:00:00.000Z", "2026-12-31T23:00:00.000Z"],
    ["summer", "2027-06-01", "2027-06-30", "2027-05-31T22:00:00.000Z", "2027-06-30T22:00:00.000Z"],
    ["across the clock change", "2027-03-01", "2027-03-31", "2027-02-28T23:00:00.000Z", "2027-03-31T22:00:00.000Z"],
  ])("%s", (_name, startsOn, endsOn, startsAt, endsAt) => {
    const p = poolPeriod({ startsOn, endsOn });
    expect([p.startsAt.toISOString(), p.endsAt.toISOString()]).toEqual([startsAt, endsAt]);
  });
});
