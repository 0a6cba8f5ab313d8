import { z } from "zod";
import type { Locale } from "../i18n/i18n";
import type { Cents } from "../utils/money";
import { moneyField } from "../utils/money-field";
import { fundingModels, MAX_BUDGET_LINES, MAX_DURATION_DAYS, MAX_GOAL_CENTS, MIN_DURATION_DAYS, MIN_GOAL_CENTS, projectCategories } from "./project";

/** The project forms' money fields: the one money input (app/utils/money-field.ts). */
export function amountField(locale: Locale, limits: { min?: Cents; max?: Cents; minKey?: string; maxKey?: string } = {}) {
  return moneyField(locale, limits);
}

const asArray = (v: unknown): string[] => (v === undefined ? [] : Array.isArray(v) ? v.map(String) : [String(v)]);

/**
 * The project form: fields plus the funding plan as repeated `lineDescription`/`lineAmount` pairs
 * (blank rows are ignored). Errors on a line are reported as `lines.<n>.description|amount`.
 * Whether the lines add up to the goal is a submission rule (a draft may be unfinished), see
 * `transitionProject`; the form shows the difference.
 */
export function projectSchema(locale: Locale) {
  const line = z.object({
    description: z.string().trim().min(1, "projects.error.lineDescription").max(200, "form.tooLong"),
    amountCents: amountField(locale),
  });
  return z.preprocess(
    (raw) => {
      if (!raw || typeof raw !== "object") return raw;
      const { lineDescription, lineAmount, ...rest } = raw as Record<string, unknown>;
      const descriptions = asArray(lineDescription);
      const amounts = asArray(lineAmount);
      const lines: { description: string; amountCents: string }[] = [];
      for (let i = 0; i < Math.max(descriptions.length, amounts.length); i++) {
        const description = descriptions[i] ?? "";
        const amount = amounts[i] ?? "";
        // Blank rows are spare rows of the form, not lines.
        if (description.trim() || amount.trim()) lines.push({ description, amountCents: amount });
      }
      return { ...rest, lines };
    },
    z.object({
      title: z.string().trim().min(3, "projects.error.titleShort").max(100, "projects.error.titleLong"),
      summary: z.string().trim().min(1, "projects.error.summaryRequired").max(200, "projects.error.summaryLong"),
      story: z.string().trim().max(20_000, "form.tooLong").default(""),
      neighbourhoodId: z.string().trim().min(1, "projects.error.neighbourhoodRequired"),
      category: z.enum(projectCategories, "projects.error.categoryRequired"),
      goal: amountField(locale, { min: MIN_GOAL_CENTS, max: MAX_GOAL_CENTS, minKey: "projects.error.goalSmall", maxKey: "projects.error.goalLarge" }),
      fundingModel: z.enum(fundingModels, "form.invalid").default("all_or_nothing"),
      durationDays: z.coerce
        .number("projects.error.duration")
        .int("projects.error.duration")
        .min(MIN_DURATION_DAYS, "projects.error.duration")
        .max(MAX_DURATION_DAYS, "projects.error.duration"),
      removeCover: z
        .string()
        .optional()
        .transform((v) => v === "1"),
      lines: z.array(line).max(MAX_BUDGET_LINES, "projects.error.tooManyLines"),
    }),
  );
}
export type ProjectInput = z.output<ReturnType<typeof projectSchema>>;

export const ReviewSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("approve") }),
  z.object({ intent: z.literal("request_changes"), message: z.string().trim().min(1, "projects.review.messageRequired").max(2000, "form.tooLong") }),
  z.object({ intent: z.literal("cancel"), reason: z.string().trim().min(1, "projects.cancel.reasonRequired").max(1000, "form.tooLong") }),
]);

export const UpdateSchema = z.object({
  title: z.string().trim().min(1, "projects.update.titleRequired").max(120, "form.tooLong"),
  body: z.string().trim().min(1, "projects.update.bodyRequired").max(20_000, "form.tooLong"),
});

export const CommentSchema = z.object({
  body: z.string().trim().min(1, "projects.comment.required").max(2000, "form.tooLong"),
});

export function tierSchema(locale: Locale) {
  return z.object({
    tierId: z.string().optional(),
    title: z.string().trim().min(1, "projects.tier.titleRequired").max(100, "form.tooLong"),
    description: z.string().trim().max(1000, "form.tooLong").default(""),
    minAmount: amountField(locale, { min: 100, max: 1_000_000, minKey: "pledges.error.BelowMinimum", maxKey: "pledges.error.AboveMaximum" }),
    quantity: z
      .string()
      .trim()
      .optional()
      .transform((v, ctx) => {
        if (!v) return null;
        const n = Number(v);
        if (!Number.isInteger(n) || n < 1 || n > 100_000) {
          ctx.addIssue({ code: "custom", message: "projects.tier.quantityInvalid" });
          return z.NEVER;
        }
        return n;
      }),
    pickupNote: z.string().trim().max(300, "form.tooLong").default(""),
  });
}
export type TierInput = z.output<ReturnType<typeof tierSchema>>;

export const ListQuerySchema = z.object({
  neighbourhood: z.string().trim().max(60).optional().catch(undefined),
  category: z.enum(projectCategories).optional().catch(undefined),
  status: z.enum(["live", "funded", "failed", "all"]).default("live").catch("live"),
  sort: z.enum(["ending_soon", "newest", "most_funded", "nearly_there"]).default("ending_soon").catch("ending_soon"),
  page: z.coerce.number().int().min(1).max(1000).default(1).catch(1),
  /** Near a four-digit postcode: sorted by distance between its area's centroid and the project's neighbourhood's (decision 068). */
  near: z
    .string()
    .trim()
    .regex(/^[1-9]\d{3}$/)
    .optional()
    .catch(undefined),
});
export type ListQuery = z.output<typeof ListQuerySchema>;

/** What the list says next to the postcode field: not four digits, or a postcode we have no area for. */
export type NearProblem = "projects.list.near.invalid" | "projects.list.near.unknown";

/** A `near` that is not a four-digit postcode (the schema drops it; the page says so next to the field). */
export function nearProblem(raw: string | null): NearProblem | null {
  if (raw === null || raw.trim() === "") return null;
  return /^[1-9]\d{3}$/.test(raw.trim()) ? null : "projects.list.near.invalid";
}

/**
 * The public API's list query (issue 13 §19): the statuses the API itself returns are accepted
 * ("succeeded", "paid_out" mean funded), and a value it does not know is refused with the allowed
 * ones — a widget asking for something else must not silently get live projects.
 */
export const apiListStatuses = ["live", "funded", "succeeded", "paid_out", "failed", "all"] as const;
export const ApiListQuerySchema = z.object({
  neighbourhood: z.string().trim().max(60).optional(),
  category: z.enum(projectCategories).optional(),
  status: z
    .enum(apiListStatuses)
    .default("live")
    .transform((s) => (s === "succeeded" || s === "paid_out" ? ("funded" as const) : s)),
  sort: z.enum(["ending_soon", "newest", "most_funded", "nearly_there"]).default("ending_soon"),
  page: z.coerce.number().int().min(1).max(1000).default(1),
});

/** The funding plan rows as typed (to show them again after an error). */
export function linesFromForm(formData: FormData): { description: string; amount: string }[] {
  const descriptions = formData.getAll("lineDescription").map(String);
  const amounts = formData.getAll("lineAmount").map(String);
  const rows: { description: string; amount: string }[] = [];
  for (let i = 0; i < Math.max(descriptions.length, amounts.length); i++) {
    const description = descriptions[i] ?? "";
    const amount = amounts[i] ?? "";
    if (description.trim() || amount.trim()) rows.push({ description, amount });
  }
  return rows;
}

/** The single-valued fields as typed, to put back into the form after a business error. */
export function echo(formData: FormData): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of formData.entries()) {
    if (typeof value === "string" && !key.startsWith("line") && key !== "token") out[key] = value;
  }
  return out;
}
