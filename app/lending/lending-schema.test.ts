import { describe, expect, it } from "vitest";
import { loanActionSchema, searchProblems } from "./lending-schema";

/** Issue 13 §2: an empty amount on a claim or a final decision is a question, not € 0. */
describe("claim amounts on the loan page", () => {
  const parse = (fields: Record<string, string>) => loanActionSchema("nl").safeParse(fields);
  const issue = (r: ReturnType<typeof parse>) => (r.success ? null : r.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`));

  it.each([
    ["", "amount: projects.amount.required"],
    ["abc", "amount: projects.amount.invalid"],
    ["-5", "amount: projects.amount.negative"],
  ])("a claim of %o is refused next to the amount", (amount, message) => {
    expect(issue(parse({ intent: "file_claim", amount, description: "Kras op de lak" }))).toEqual([message]);
  });

  it("a claim with an amount passes, in cents; a typed 0 is a report on a loan without a deposit", () => {
    expect(parse({ intent: "file_claim", amount: "0", description: "Kras" })).toMatchObject({ success: true, data: { amount: 0 } });
    expect(parse({ intent: "file_claim", amount: "45,50", description: "Kras" })).toMatchObject({ success: true, data: { amount: 4550 } });
  });

  it("a decision needs the amount typed: empty is refused, a typed 0 means nothing awarded", () => {
    expect(issue(parse({ intent: "decide_claim", amount: "" }))).toEqual(["amount: projects.amount.required"]);
    expect(parse({ intent: "decide_claim", amount: "0" })).toMatchObject({ success: true, data: { amount: 0 } });
    expect(parse({ intent: "decide_claim", amount: "12" })).toMatchObject({ success: true, data: { amount: 1200 } });
  });
});

describe("search filters that cannot be used are named (issue 13 §4)", () => {
  const problems = (q: string) => searchProblems(new URL(`http://x/items?${q}`));
  it.each([
    ["q=boor&near=1094&km=5&from=2026-12-10&to=2026-12-12", {}],
    ["km=-5", { km: "lending.search.error.km" }],
    ["km=abc", { km: "lending.search.error.km" }],
    ["near=12", { near: "lending.search.error.near" }],
    ["from=2026-12-12&to=2026-12-10", { to: "lending.search.error.toBeforeFrom" }],
    ["from=gisteren", { from: "lending.search.error.date" }],
    [`q=${"a".repeat(10_000)}`, { q: "lending.search.error.q" }],
    ["category=raketten", { category: "lending.search.error.category" }],
    ["page=-1", { page: "lending.search.error.page" }],
  ] as const)("%s", (q, expected) => {
    expect(problems(q)).toEqual(expected);
  });
});
