import { describe, expect, it } from "vitest";
import type { NeighbourhoodFeedEntry } from "../utils/neighbourhood-feed";
import { amsterdamMonth, feedQueryFrom, impactWindow, mergeFeed } from "./neighbourhood-page";

const entry = (id: string, kind: NeighbourhoodFeedEntry["kind"], iso: string): NeighbourhoodFeedEntry => ({
  id,
  kind,
  labelKey: "buurt.feed.type.item",
  at: new Date(iso),
  happensAt: null,
  title: id,
  summary: "",
  href: "/",
});

describe("amsterdamMonth", () => {
  it.each([
    ["2027-03-15T12:00:00Z", "2027-03"],
    // 23:30 UTC on the last day of January is already February in Amsterdam (UTC+1).
    ["2027-01-31T23:30:00Z", "2027-02"],
    // Summer time (UTC+2): 22:30 UTC on 30 June is 1 July.
    ["2027-06-30T22:30:00Z", "2027-07"],
    ["2027-06-30T21:30:00Z", "2027-06"],
  ])("%s → %s", (iso, month) => {
    expect(amsterdamMonth(new Date(iso))).toBe(month);
  });
});

describe("impactWindow", () => {
  it.each([
    ["2027-03-15T12:00:00Z", "2026-04", "2027-03"],
    ["2027-01-01T10:00:00Z", "2026-02", "2027-01"],
    ["2026-12-31T23:30:00Z", "2026-02", "2027-01"],
  ])("at %s: %s … %s, twelve months", (iso, first, last) => {
    const { months, from } = impactWindow(new Date(iso));
    expect(months).toHaveLength(12);
    expect(months[0]).toBe(first);
    expect(months[11]).toBe(last);
    expect(new Set(months).size).toBe(12);
    // The lower bound is at or before the first month's first instant in Amsterdam.
    expect(amsterdamMonth(new Date(from.getTime() + 3 * 3_600_000))).toBe(first);
  });
});

describe("feedQueryFrom", () => {
  it.each([
    ["", null, 1],
    ["?soort=doen", "do", 1],
    ["?soort=halen&pagina=3", "get", 3],
    ["?soort=zien&pagina=0", "see", 1],
    ["?soort=iets&pagina=abc", null, 1],
    ["?pagina=999", null, 20],
  ])("%s → %s, page %i", (search, kind, page) => {
    expect(feedQueryFrom(new URL(`https://x.test/buurt/a${search}`))).toEqual({ kind, page });
  });
});

describe("mergeFeed", () => {
  const a = [entry("a2", "do", "2027-03-02T00:00:00Z"), entry("a1", "do", "2027-03-01T00:00:00Z")];
  const b = [entry("b3", "get", "2027-03-03T00:00:00Z"), entry("b1", "get", "2027-03-01T00:00:00Z")];
  const c = [entry("c2", "see", "2027-03-02T00:00:00Z"), entry("a2", "do", "2027-03-02T00:00:00Z")];
  it.each([
    [{ kind: null, page: 1 }, 2, ["b3", "a2"], true],
    [{ kind: null, page: 2 }, 2, ["c2", "a1"], true],
    [{ kind: null, page: 3 }, 2, ["b1"], false],
    [{ kind: "do", page: 1 }, 10, ["a2", "a1"], false],
    [{ kind: "see", page: 1 }, 10, ["c2"], false],
  ] as const)("%j with pages of %i → %j", (query, size, ids, more) => {
    // c before a: the tie between a2 and c2 (same time) is broken by id, not by the order of the lists.
    const page = mergeFeed([c, b, a], query, size);
    expect(page.entries.map((e) => e.id)).toEqual(ids);
    expect(page.hasMore).toBe(more);
  });
});
