import { describe, expect, it } from "vitest";
import { canBorrow, distanceKm, itemTransition } from "./item";

describe("item status", () => {
  it.each([
    ["listed", "pause", "paused"],
    ["listed", "unlist", "unlisted"],
    ["listed", "relist", null],
    ["paused", "pause", null],
    ["paused", "unlist", "unlisted"],
    ["paused", "relist", "listed"],
    ["unlisted", "pause", null],
    ["unlisted", "unlist", null],
    ["unlisted", "relist", "listed"],
  ] as const)("%s + %s → %s", (from, event, to) => {
    expect(itemTransition(from, event)).toEqual(to ? { ok: true, to } : { ok: false, error: "IllegalTransition" });
  });
});

describe("who may borrow", () => {
  const item = { ownerId: "o", status: "listed" as const, audience: "neighbourhood" as const, neighbourhoodId: "lombok" };
  const neighbour = { id: "b", neighbourhoodId: "lombok", hasBorrowedFromOwner: false };
  it("follows the owner's choice", () => {
    expect(canBorrow(item, neighbour)).toBeNull();
    expect(canBorrow(item, { ...neighbour, neighbourhoodId: "oude-noorden" })).toBe("OtherNeighbourhood");
    expect(canBorrow({ ...item, audience: "everyone" }, { ...neighbour, neighbourhoodId: "oude-noorden" })).toBeNull();
    expect(canBorrow({ ...item, audience: "previous_borrowers" }, neighbour)).toBe("NotLentBefore");
    expect(canBorrow({ ...item, audience: "previous_borrowers" }, { ...neighbour, hasBorrowedFromOwner: true })).toBeNull();
    expect(canBorrow(item, { ...neighbour, id: "o" })).toBe("OwnItem");
    expect(canBorrow({ ...item, status: "paused" }, neighbour)).toBe("NotListed");
  });
});

describe("distance", () => {
  it("measures Amsterdam 1093 to Utrecht 3531 at about 35 km", () => {
    const km = distanceKm({ lat: 52.3617, lng: 4.9402 }, { lat: 52.0925, lng: 5.1035 });
    expect(km).toBeGreaterThan(30);
    expect(km).toBeLessThan(35);
  });
});
