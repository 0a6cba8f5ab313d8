import { z } from "zod";
import type { Locale } from "../i18n/i18n";
import { projectCategories } from "../projects/project";
import { moneyField } from "../utils/money-field";
import { organisationKinds, organisationRoles } from "./organisation";
import { MAX_RATIO_BPS } from "./rules";

const asArray = (v: unknown): string[] => (v === undefined || v === "" ? [] : Array.isArray(v) ? v.map(String) : [String(v)]);
const day = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "matching.error.date");

/** The pool form (an organisation member creates a pool). Errors are i18n keys, shown next to the field. */
export function poolSchema(locale: Locale) {
  return z.preprocess(
    (raw) => {
      if (!raw || typeof raw !== "object") return raw;
      const r = raw as Record<string, unknown>;
      return { ...r, neighbourhoodIds: asArray(r.neighbourhoodIds), categories: asArray(r.categories) };
    },
    z
      .object({
        name: z.string().trim().min(2, "matching.error.name").max(120, "form.tooLong"),
        description: z.string().trim().max(2000, "form.tooLong").default(""),
        budget: moneyField(locale, { min: 100 }),
        // Percent of each euro: 100 = €1 per €1, 50 = €0,50 per €1.
        ratioPercent: z.coerce
          .number("matching.error.ratio")
          .int("matching.error.ratio")
          .min(1, "matching.error.ratio")
          .max(MAX_RATIO_BPS / 100, "matching.error.ratio"),
        capPerProject: moneyField(locale, { min: 100 }),
        neighbourhoodIds: z.array(z.string().trim().min(1).max(100)).max(100, "form.invalid"),
        categories: z.array(z.enum(projectCategories, "form.invalid")).max(projectCategories.length, "form.invalid"),
        minBackers: z.coerce
          .number("matching.error.minBackers")
          .int("matching.error.minBackers")
          .min(0, "matching.error.minBackers")
          .max(10_000, "matching.error.minBackers"),
        thresholdPercent: z
          .string()
          .trim()
          .default("")
          .transform((v, ctx) => {
            if (v === "") return null;
            const n = Number(v);
            if (!Number.isInteger(n) || n < 1 || n > 100) {
              ctx.addIssue({ code: "custom", message: "matching.error.threshold" });
              return z.NEVER;
            }
            return n;
          }),
        startsOn: day,
        endsOn: day,
        // Funded from the organisation's neighbourhood fund (decision 080): a checkbox.
        fromFund: z
          .string()
          .optional()
          .transform((v) => v === "on" || v === "true"),
      })
      .superRefine((v, ctx) => {
        if (v.endsOn <= v.startsOn) ctx.addIssue({ code: "custom", path: ["endsOn"], message: "matching.error.period" });
        if (v.capPerProject > v.budget) ctx.addIssue({ code: "custom", path: ["capPerProject"], message: "matching.error.capAboveBudget" });
      }),
  );
}
/** A pool's rules; `fromFund` (decision 080) is false when left out. */
export type PoolInput = Omit<z.output<ReturnType<typeof poolSchema>>, "fromFund"> & { fromFund?: boolean };

export const OrganisationRequestSchema = z.object({
  name: z.string().trim().min(2, "matching.error.orgName").max(120, "form.tooLong"),
  kind: z.enum(organisationKinds, "matching.error.orgKind"),
  description: z.string().trim().max(2000, "form.tooLong").default(""),
  website: z
    .string()
    .trim()
    .max(200, "form.tooLong")
    .default("")
    .refine((v) => v === "" || /^https?:\/\/[^\s]+$/.test(v), "matching.error.website"),
});
export type OrganisationRequestInput = z.output<typeof OrganisationRequestSchema>;

export const OrganisationAdminSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("verify"), organisationId: z.string().uuid("form.invalid") }),
  z.object({
    intent: z.literal("reject"),
    organisationId: z.string().uuid("form.invalid"),
    reason: z.string().trim().min(1, "matching.error.reason").max(500, "form.tooLong"),
  }),
  z.object({
    intent: z.literal("mark_paid"),
    poolId: z.string().uuid("form.invalid"),
    projectId: z.string().uuid("form.invalid"),
    reference: z.string().trim().min(1, "matching.error.reference").max(140, "form.tooLong"),
  }),
]);

export const MemberSchema = z.object({
  handle: z.string().trim().min(1, "form.required").max(100, "form.tooLong"),
  role: z.enum(organisationRoles, "form.invalid"),
});
