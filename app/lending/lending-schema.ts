import { z } from "zod";
import type { ItemInput } from "./item";
import type { Locale } from "../i18n/i18n";
import { moneyField } from "../utils/money-field";
import { isYmd } from "./days";
import {
  itemAudiences,
  itemCategories,
  itemConditions,
  MAX_DEPOSIT_CENTS,
  MAX_FEE_PER_DAY_CENTS,
  MAX_CIRCLES_PER_ITEM,
  MAX_LOAN_DAYS,
  MAX_REPLACEMENT_CENTS,
} from "./item";
import { uuidField } from "../utils/ids";
import { POSTCODE } from "../auth/account-schema";

/**
 * The lending forms' zod schemas, shared by actions and forms. Messages are i18n keys
 * (app/i18n/messages/lending.ts). Amounts are typed in euros ("12,50") and become cents here.
 */

const day = (message: "lending.error.dateInvalid") => z.string().trim().refine(isYmd, message);

type TooHigh = "lending.error.depositTooHigh" | "lending.error.feeTooHigh" | "lending.error.valueTooHigh" | "lending.error.claimTooHigh";
/** An optional euro amount, read in the user's language: empty → 0; otherwise whole cents up to `max`. */
const euros = (locale: Locale, max: number, tooHigh: TooHigh) => moneyField(locale, { optional: true, max, maxKey: tooHigh });

/** The item form, read in the user's language (amounts). */
export const itemSchema = (locale: Locale) =>
  z
    .object({
      title: z.string().trim().min(3, "lending.error.titleShort").max(120, "form.tooLong"),
      description: z.string().trim().max(4000, "form.tooLong").default(""),
      category: z.enum(itemCategories, "lending.error.categoryRequired"),
      condition: z.enum(itemConditions, "lending.error.conditionRequired"),
      replacementValue: euros(locale, MAX_REPLACEMENT_CENTS, "lending.error.valueTooHigh"),
      deposit: euros(locale, MAX_DEPOSIT_CENTS, "lending.error.depositTooHigh"),
      feePerDay: euros(locale, MAX_FEE_PER_DAY_CENTS, "lending.error.feeTooHigh"),
      maxLoanDays: z.coerce
        .number("lending.error.maxDaysInvalid")
        .int("lending.error.maxDaysInvalid")
        .min(1, "lending.error.maxDaysInvalid")
        .max(MAX_LOAN_DAYS, "lending.error.maxDaysInvalid"),
      audience: z.enum(itemAudiences, "lending.error.audienceRequired"),
      postcode: z
        .string()
        .trim()
        .default("")
        .transform((v) => v.replace(/\s+/g, ""))
        .refine((v) => v === "" || POSTCODE.test(v), "auth.error.postcodeInvalid")
        .transform((v) => v.slice(0, 4)),
      pickupAddress: z.string().trim().min(3, "lending.error.addressRequired").max(200, "form.tooLong"),
      minTrustLevel: z.coerce
        .number("lending.error.minTrustLevelInvalid")
        .int("lending.error.minTrustLevelInvalid")
        .min(0, "lending.error.minTrustLevelInvalid")
        .max(3, "lending.error.minTrustLevelInvalid")
        .default(0),
      waiveDepositTrusted: z
        .string()
        .optional()
        .transform((v) => v === "on" || v === "1" || v === "true"),
      // With "only my circles": which of the owner's circles (docs/decisions/061). Checkboxes: none, one or many.
      circleIds: z.preprocess(
        (v) => (v === undefined || v === "" ? [] : Array.isArray(v) ? v : [v]),
        z.array(uuidField("lending.error.NoCircle")).max(MAX_CIRCLES_PER_ITEM, "lending.error.NoCircle"),
      ),
    })
    .superRefine((v, ctx) => {
      if (v.audience === "circles" && v.circleIds.length === 0) ctx.addIssue({ code: "custom", path: ["circleIds"], message: "lending.error.NoCircle" });
    });
export type ItemFormInput = z.output<ReturnType<typeof itemSchema>>;

export const ItemStatusSchema = z.object({ intent: z.enum(["pause", "unlist", "relist"], "form.invalid") });

export const RequestLoanSchema = z
  .object({
    startsOn: day("lending.error.dateInvalid"),
    endsOn: day("lending.error.dateInvalid"),
    message: z.string().trim().max(1000, "form.tooLong").default(""),
  })
  .refine((v) => v.endsOn >= v.startsOn, { path: ["endsOn"], message: "lending.error.EndBeforeStart" });

/** The item page's forms: ask to borrow it (the default), or — its owner — pause, unlist or relist it. */
export const ItemPageActionSchema = z.discriminatedUnion(
  "intent",
  [ItemStatusSchema, RequestLoanSchema.safeExtend({ intent: z.literal("request") })],
  "form.invalid",
);

/** Lend an item to a live project: the project (by id) and the days. */
export const LendToProjectSchema = z
  .object({
    projectId: uuidField("lending.project.choose"),
    startsOn: day("lending.error.dateInvalid"),
    endsOn: day("lending.error.dateInvalid"),
    message: z.string().trim().max(1000, "form.tooLong").default(""),
  })
  .refine((v) => v.endsOn >= v.startsOn, { path: ["endsOn"], message: "lending.error.EndBeforeStart" });

const note = z.string().trim().max(1000, "form.tooLong").default("");

/** Every action on the loan page, by `intent`, read in the user's language (amounts). */
export const loanActionSchema = (locale: Locale) =>
  z.discriminatedUnion(
    "intent",
    [
      z.object({ intent: z.literal("accept") }),
      z.object({ intent: z.literal("decline"), note }),
      z.object({ intent: z.literal("cancel"), reason: z.string().trim().max(1000, "form.tooLong").default("") }),
      z.object({ intent: z.literal("confirm_handover"), note }),
      z.object({ intent: z.literal("confirm_return"), note }),
      z.object({ intent: z.literal("close") }),
      z.object({
        intent: z.literal("file_claim"),
        // A claim names its amount: empty is refused next to the field (issue 13 §2); a typed 0 is a
        // report without a deposit to take from (the loan page says so), settled with a moderator.
        amount: moneyField(locale, { allowZero: true, max: MAX_DEPOSIT_CENTS, maxKey: "lending.error.claimTooHigh" }),
        description: z.string().trim().min(1, "lending.error.claimDescription").max(2000, "form.tooLong"),
      }),
      z.object({ intent: z.literal("dispute_claim"), note: z.string().trim().min(1, "form.required").max(2000, "form.tooLong") }),
      z.object({ intent: z.literal("accept_claim") }),
      z.object({
        intent: z.literal("decide_claim"),
        // A final decision: the moderator types the amount, 0 included; empty is not "€ 0" (issue 13 §2).
        amount: moneyField(locale, { allowZero: true, max: MAX_DEPOSIT_CENTS, maxKey: "lending.error.claimTooHigh" }),
        note: z.string().trim().max(2000, "form.tooLong").default(""),
      }),
      z.object({ intent: z.literal("request_extension"), newEndsOn: day("lending.error.dateInvalid"), note }),
      z.object({ intent: z.literal("accept_extension") }),
      z.object({ intent: z.literal("decline_extension") }),
      z.object({ intent: z.literal("start_deposit") }),
      z.object({ intent: z.literal("message"), body: z.string().trim().min(1, "lending.error.messageEmpty").max(2000, "form.tooLong") }),
    ],
    "form.invalid",
  );
export type LoanActionInput = z.output<ReturnType<typeof loanActionSchema>>;

export const WantedSchema = z
  .object({
    title: z.string().trim().min(3, "lending.error.titleShort").max(120, "form.tooLong"),
    description: z.string().trim().max(1000, "form.tooLong").default(""),
    category: z
      .union([z.literal(""), z.enum(itemCategories)], "form.invalid")
      .default("")
      .transform((v) => (v === "" ? null : v)),
    neededFrom: day("lending.error.dateInvalid"),
    neededUntil: day("lending.error.dateInvalid"),
  })
  .refine((v) => v.neededUntil >= v.neededFrom, { path: ["neededUntil"], message: "lending.error.EndBeforeStart" });

export const WantedActionSchema = z.discriminatedUnion(
  "intent",
  [
    z.object({
      intent: z.literal("offer"),
      wantedPostId: z.string().trim().min(1, "form.invalid"),
      itemId: z.string().trim().min(1, "lending.error.chooseItem"),
      message: note,
    }),
    z.object({ intent: z.literal("withdraw"), wantedPostId: z.string().trim().min(1, "form.invalid") }),
  ],
  "form.invalid",
);

/** The wanted board's forms: post a wanted item (the default), offer an item for a post, withdraw one's own. */
export const WantedBoardActionSchema = z.discriminatedUnion(
  "intent",
  [WantedSchema.safeExtend({ intent: z.literal("post") }), ...WantedActionSchema.options],
  "form.invalid",
);

/** Search parameters of /items and GET /api/items: bad values are dropped, never an error page (and named: searchProblems). */
export const SearchQuerySchema = z
  .object({
    q: z.string().trim().max(200).optional().catch(undefined),
    category: z.enum(itemCategories).optional().catch(undefined),
    neighbourhood: z
      .string()
      .trim()
      .regex(/^[a-z0-9-]{1,60}$/)
      .optional()
      .catch(undefined),
    near: z
      .string()
      .trim()
      .regex(/^[1-9]\d{3}$/)
      .optional()
      .catch(undefined),
    km: z.coerce.number().min(0.5).max(300).optional().catch(undefined),
    from: z.string().refine(isYmd).optional().catch(undefined),
    to: z.string().refine(isYmd).optional().catch(undefined),
    page: z.coerce.number().int().min(1).max(1000).optional().catch(undefined),
  })
  .transform((v) => {
    // A day range needs both ends, in order; one day alone means that day.
    let from = v.from ?? v.to;
    let to = v.to ?? v.from;
    if (from && to && to < from) [from, to] = [to, from];
    return { ...v, from, to };
  });
export type SearchQuery = z.output<typeof SearchQuerySchema>;

export function searchQueryFrom(url: URL): SearchQuery {
  return SearchQuerySchema.parse(rawSearch(url));
}

function rawSearch(url: URL): Record<string, string> {
  const raw: Record<string, string> = {};
  for (const key of ["q", "category", "neighbourhood", "near", "km", "from", "to", "page"]) {
    const v = url.searchParams.get(key);
    if (v !== null && v !== "") raw[key] = v;
  }
  return raw;
}

export type SearchProblemKey =
  | "lending.search.error.q"
  | "lending.search.error.category"
  | "lending.search.error.near"
  | "lending.search.error.km"
  | "lending.search.error.date"
  | "lending.search.error.toBeforeFrom"
  | "lending.search.error.page";

/**
 * What is wrong with a search, by field (issue 13 §4): the page says so next to the filter instead
 * of silently ignoring it (and still shows what the valid filters find); the API answers 400.
 */
export function searchProblems(url: URL): Partial<Record<"q" | "category" | "near" | "km" | "from" | "to" | "page", SearchProblemKey>> {
  const raw = rawSearch(url);
  const problems: Partial<Record<"q" | "category" | "near" | "km" | "from" | "to" | "page", SearchProblemKey>> = {};
  if (raw.q !== undefined && raw.q.trim().length > 200) problems.q = "lending.search.error.q";
  if (raw.category !== undefined && !(itemCategories as readonly string[]).includes(raw.category)) problems.category = "lending.search.error.category";
  if (raw.near !== undefined && !/^[1-9]\d{3}$/.test(raw.near.trim())) problems.near = "lending.search.error.near";
  if (raw.km !== undefined) {
    const km = Number(raw.km);
    if (!Number.isFinite(km) || km < 0.5 || km > 300) problems.km = "lending.search.error.km";
  }
  if (raw.from !== undefined && !isYmd(raw.from)) problems.from = "lending.search.error.date";
  if (raw.to !== undefined && !isYmd(raw.to)) problems.to = "lending.search.error.date";
  if (!problems.from && !problems.to && raw.from && raw.to && raw.to < raw.from) problems.to = "lending.search.error.toBeforeFrom";
  if (raw.page !== undefined && !/^\d{1,4}$/.test(raw.page)) problems.page = "lending.search.error.page";
  return problems;
}

/** The parsed item form as the items module takes it. */
export function itemInputFrom(form: ItemFormInput): ItemInput {
  return {
    title: form.title,
    description: form.description,
    category: form.category,
    condition: form.condition,
    replacementValueCents: form.replacementValue > 0 ? form.replacementValue : null,
    depositCents: form.deposit,
    feePerDayCents: form.feePerDay,
    maxLoanDays: form.maxLoanDays,
    audience: form.audience,
    postcode4: form.postcode === "" ? null : form.postcode,
    pickupAddress: form.pickupAddress,
    circleIds: form.audience === "circles" ? form.circleIds : [],
    minTrustLevel: form.minTrustLevel,
    waiveDepositTrusted: form.waiveDepositTrusted,
  };
}

/** A new circle (/circles). */
export const CircleCreateSchema = z.object({
  name: z.string().trim().min(2, "circles.error.nameShort").max(80, "form.tooLong"),
});

/** A circle's page (/circles/:id): invite by e-mail, renew the link, leave, remove a member. */
export const CircleActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("invite"), email: z.string().trim().toLowerCase().max(254, "form.tooLong").email("circles.error.emailInvalid") }),
  z.object({ intent: z.literal("renew") }),
  z.object({ intent: z.literal("leave") }),
  z.object({ intent: z.literal("remove"), handle: z.string().trim().min(1, "circles.error.UserUnknown").max(60, "circles.error.UserUnknown") }),
]);
