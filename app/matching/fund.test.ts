import { describe, expect, it } from "vitest";
import { checkReservation, type FundPool, poolReservation, reservedCents, unallocatedCents } from "./fund";

const at = new Date("2026-12-07T12:00:00Z");
const later = new Date("2027-01-01T00:00:00Z");
const earlier = new Date("2026-12-01T00:00:00Z");

function pool(over: Partial<FundPool> = {}): FundPool {
  return { budgetCents: 10_000, committedCents: 0, paidCents: 0, endsAt: later, ...over };
}

describe("poolReservation", () => {
  it.each([
    // name, pool, expected
    ["an open pool holds its whole budget", pool(), 10_000],
    ["an open pool's promises do not change it", pool({ committedCents: 4_000 }), 10_000],
    ["what it paid has left the fund already", pool({ committedCents: 4_000, paidCents: 3_000 }), 7_000],
    ["an ended pool holds only its unpaid promises", pool({ endsAt: earlier, committedCents: 4_000, paidCents: 1_000 }), 3_000],
    ["an ended pool that promised nothing holds nothing", pool({ endsAt: earlier }), 0],
    ["an ended pool that paid everything holds nothing", pool({ endsAt: earlier, committedCents: 4_000, paidCents: 4_000 }), 0],
    ["the period's end is exclusive: ended at that instant", pool({ endsAt: at, committedCents: 2_000 }), 2_000],
  ])("%s", (_name, p, expected) => {
    expect(poolReservation(p, at)).toBe(expected);
  });
});

describe("reservedCents and unallocatedCents", () => {
  const pools = [pool({ budgetCents: 5_000 }), pool({ endsAt: earlier, committedCents: 2_500, paidCents: 500 })];
  it("adds every pool's reservation", () => expect(reservedCents(pools, at)).toBe(7_000));
  it.each([
    ["cash left over", 10_000, 3_000],
    ["exactly reserved", 7_000, 0],
    ["never below zero", 1_000, 0],
    ["no pools: all of it", 4_000, 4_000],
  ])("%s", (name, cash, expected) => {
    expect(unallocatedCents(cash, name === "no pools: all of it" ? [] : pools, at)).toBe(expected);
  });
});

describe("checkReservation", () => {
  it.each([
    // name, cash, existing pools, budget, ok, unallocated after (ok) or before (refused)
    ["an empty fund refuses", 0, [], 100, false, 0],
    ["all of the fund", 12_000, [], 12_000, true, 0],
    ["one cent more than the fund", 12_000, [], 12_001, false, 12_000],
    ["what another open pool holds is not free", 12_000, [pool()], 2_001, false, 2_000],
    ["the rest beside another open pool", 12_000, [pool()], 2_000, true, 0],
    ["an ended pool frees what it did not promise", 12_000, [pool({ endsAt: earlier, committedCents: 3_000 })], 9_000, true, 0],
    ["a paid match lowered cash and reservation alike", 9_000, [pool({ paidCents: 3_000 })], 2_000, true, 0],
    ["a zero budget is no reservation", 12_000, [], 0, false, 12_000],
  ])("%s", (_name, cash, pools, budget, ok, free) => {
    const r = checkReservation({ cashCents: cash, pools, budgetCents: budget, at });
    expect(r.ok).toBe(ok);
    expect(r.unallocatedCents).toBe(free);
  });
});
