import { diffLines } from "diff";
import type { BudgetLine, FundingModel, ProjectCategory } from "./project";

/**
 * What a moderator reviews (issue 13 §15): the content as sent for review, kept with each `submit`
 * event (db/migrations/0033), and what changed between the version reviewed last and the one now.
 * Pure: the texts are compared line by line (the `diff` package, decision 066); money is written by
 * the caller's formatter, in the moderator's language.
 */
export interface ReviewContent {
  title: string;
  summary: string;
  story: string;
  category: ProjectCategory;
  neighbourhoodId: string;
  fundingModel: FundingModel;
  goalCents: number;
  durationDays: number;
  coverUploadId: string | null;
  budget: BudgetLine[];
  tiers: { title: string; description: string; minCents: number; quantity: number | null; pickupNote: string }[];
}

export type DiffPart = { value: string; added: boolean; removed: boolean };
export type ReviewChange =
  | { field: "title" | "summary" | "story" | "budget" | "tiers"; kind: "text"; parts: DiffPart[] }
  | { field: "goalCents"; kind: "money"; before: number; after: number }
  | { field: "durationDays"; kind: "number"; before: number; after: number }
  | { field: "category" | "fundingModel" | "neighbourhoodId"; kind: "code"; before: string; after: string }
  | { field: "coverUploadId"; kind: "cover"; before: string | null; after: string | null };

const lines = (text: string) => (text.endsWith("\n") || text === "" ? text : `${text}\n`);

function textChange(field: "title" | "summary" | "story" | "budget" | "tiers", before: string, after: string): ReviewChange | null {
  if (before === after) return null;
  const parts = diffLines(lines(before), lines(after)).map((p) => ({ value: p.value, added: Boolean(p.added), removed: Boolean(p.removed) }));
  return { field, kind: "text", parts };
}

export function budgetText(budget: readonly BudgetLine[], money: (cents: number) => string): string {
  return budget.map((l) => `${l.description} — ${money(l.amountCents)}`).join("\n");
}

export function tiersText(tiers: ReviewContent["tiers"], money: (cents: number) => string): string {
  return tiers
    .map((t) => [`${t.title} — ${money(t.minCents)}${t.quantity === null ? "" : ` (${t.quantity}×)`}`, t.description, t.pickupNote].filter(Boolean).join(" · "))
    .join("\n");
}

/** What changed from `before` (the version reviewed last) to `after` (the one now), in page order. */
export function reviewChanges(before: ReviewContent, after: ReviewContent, money: (cents: number) => string): ReviewChange[] {
  const changes: (ReviewChange | null)[] = [
    textChange("title", before.title, after.title),
    textChange("summary", before.summary, after.summary),
    before.coverUploadId === after.coverUploadId ? null : { field: "coverUploadId", kind: "cover", before: before.coverUploadId, after: after.coverUploadId },
    before.category === after.category ? null : { field: "category", kind: "code", before: before.category, after: after.category },
    before.neighbourhoodId === after.neighbourhoodId
      ? null
      : { field: "neighbourhoodId", kind: "code", before: before.neighbourhoodId, after: after.neighbourhoodId },
    before.fundingModel === after.fundingModel ? null : { field: "fundingModel", kind: "code", before: before.fundingModel, after: after.fundingModel },
    before.goalCents === after.goalCents ? null : { field: "goalCents", kind: "money", before: before.goalCents, after: after.goalCents },
    before.durationDays === after.durationDays ? null : { field: "durationDays", kind: "number", before: before.durationDays, after: after.durationDays },
    textChange("story", before.story, after.story),
    textChange("budget", budgetText(before.budget, money), budgetText(after.budget, money)),
    textChange("tiers", tiersText(before.tiers, money), tiersText(after.tiers, money)),
  ];
  return changes.filter((c): c is ReviewChange => c !== null);
}

/** Content stored by an older version, or damaged, is not compared (the page says "no earlier version"). */
export function asReviewContent(value: unknown): ReviewContent | null {
  if (!value || typeof value !== "object") return null;
  const v = value as Partial<ReviewContent>;
  return typeof v.title === "string" && typeof v.story === "string" && Array.isArray(v.budget) && Array.isArray(v.tiers) ? (v as ReviewContent) : null;
}
