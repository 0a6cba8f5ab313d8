import { describe, expect, it } from "vitest";
import { asReviewContent, type ReviewContent, reviewChanges } from "./review-diff";

const base: ReviewContent = {
  title: "Moestuin",
  summary: "Groente voor de buurt",
  story: "Regel een\nRegel twee\n",
  category: "green",
  neighbourhoodId: "indische-buurt",
  fundingModel: "all_or_nothing",
  goalCents: 150_000,
  durationDays: 30,
  coverUploadId: null,
  budget: [{ description: "Hout", amountCents: 150_000 }],
  tiers: [],
};
const money = (cents: number) => `€${cents / 100}`;

describe("what changed since the last review (issue 13 §15)", () => {
  it.each<[string, Partial<ReviewContent>, unknown[]]>([
    ["nothing", {}, []],
    ["the title", { title: "Buurtmoestuin" }, [{ field: "title", kind: "text" }]],
    ["a cover added", { coverUploadId: "u1" }, [{ field: "coverUploadId", kind: "cover", before: null, after: "u1" }]],
    ["the category and the model", { category: "social", fundingModel: "keep_what_you_raise" }, [{ field: "category" }, { field: "fundingModel" }]],
    ["the duration", { durationDays: 45 }, [{ field: "durationDays", kind: "number", before: 30, after: 45 }]],
    ["a reward added", { tiers: [{ title: "Zaden", description: "", minCents: 1_000, quantity: null, pickupNote: "" }] }, [{ field: "tiers", kind: "text" }]],
  ])("%s", (_name, change, expected) => {
    const changes = reviewChanges(base, { ...base, ...change }, money);
    expect(changes).toHaveLength(expected.length);
    expected.forEach((e, i) => expect(changes[i]).toMatchObject(e as object));
  });

  it("shows a story line by line: what stayed, what went, what came", () => {
    const [story] = reviewChanges(base, { ...base, story: "Regel een\nRegel drie" }, money);
    expect(story).toEqual({
      field: "story",
      kind: "text",
      parts: [
        { value: "Regel een\n", added: false, removed: false },
        { value: "Regel twee\n", added: false, removed: true },
        { value: "Regel drie\n", added: true, removed: false },
      ],
    });
  });

  it("does not compare damaged or older stored content", () => {
    expect(asReviewContent(null)).toBeNull();
    expect(asReviewContent({ title: "x" })).toBeNull();
    expect(asReviewContent(base)).toEqual(base);
  });
});
