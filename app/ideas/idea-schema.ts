import { z } from "zod";
import { ideaKinds, ideaStatuses } from "./idea";

/**
 * The board's forms and list filters (zod, shared by actions and forms). Messages are i18n keys
 * (app/i18n/messages/ideas.ts).
 */
export const ideaCategories = ["green", "playground", "traffic", "waste", "safety", "social", "culture", "sport", "other"] as const;
export type IdeaCategory = (typeof ideaCategories)[number];

/** The project category a post's category becomes when it turns into a draft. */
export const projectCategoryOf: Record<IdeaCategory, "green" | "social" | "culture" | "sport" | "playground" | "safety" | "other"> = {
  green: "green",
  playground: "playground",
  traffic: "safety",
  waste: "green",
  safety: "safety",
  social: "social",
  culture: "culture",
  sport: "sport",
  other: "other",
};

export const IdeaFormSchema = z.object({
  kind: z.enum(ideaKinds, "ideas.error.kindRequired"),
  title: z.string().trim().min(3, "ideas.error.titleShort").max(120, "form.tooLong"),
  body: z.string().trim().min(10, "ideas.error.bodyShort").max(10_000, "form.tooLong"),
  category: z.enum(ideaCategories, "ideas.error.categoryRequired"),
  neighbourhoodId: z.string().trim().min(1, "ideas.error.neighbourhoodUnknown").max(60, "ideas.error.neighbourhoodUnknown"),
  street: z.string().trim().max(120, "form.tooLong").default(""),
  postcode4: z
    .string()
    .trim()
    .default("")
    .refine((v) => v === "" || /^[1-9]\d{3}$/.test(v), "ideas.error.postcodeInvalid"),
});
export type IdeaForm = z.output<typeof IdeaFormSchema>;

const note = z.string().trim().max(500, "form.tooLong").default("");

/** The post page's actions. */
export const IdeaActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("support") }),
  z.object({ intent: z.literal("unsupport") }),
  z.object({ intent: z.literal("help"), note }),
  z.object({ intent: z.literal("unhelp") }),
  z.object({ intent: z.literal("comment"), body: z.string().trim().min(1, "form.required").max(2000, "form.tooLong") }),
  z.object({
    intent: z.literal("respond"),
    organisationId: z.string().trim().min(1, "ideas.error.notResponder").max(60),
    status: z.enum(ideaStatuses, "ideas.error.statusNotAllowed"),
    response: z.string().trim().max(4000, "form.tooLong").default(""),
  }),
  z.object({ intent: z.literal("allow-maker"), helperId: z.string().trim().max(60).default("") }),
]);

/** The list's filters. Values it cannot use are named next to their field (not silently ignored). */
export const IdeaListQuerySchema = z.object({
  neighbourhood: z.string().trim().max(60).optional(),
  kind: z.enum(ideaKinds).optional(),
  status: z.enum(ideaStatuses).optional(),
  category: z.enum(ideaCategories).optional(),
  sort: z.enum(["new", "support", "unanswered", "near"]).default("new"),
  near: z
    .string()
    .trim()
    .regex(/^[1-9]\d{3}$/)
    .optional(),
});
export type IdeaListQuery = z.output<typeof IdeaListQuerySchema>;

export type IdeaListProblem =
  | "ideas.filter.error.kind"
  | "ideas.filter.error.status"
  | "ideas.filter.error.category"
  | "ideas.filter.error.sort"
  | "ideas.filter.error.near"
  | "ideas.filter.error.nearNeeded";

/** Reads the list's query string: the filters, and a message per filter it cannot use. */
export function readIdeaListQuery(url: URL): { query: IdeaListQuery; problems: Partial<Record<keyof IdeaListQuery, IdeaListProblem>> } {
  const raw = Object.fromEntries([...url.searchParams.entries()].filter(([, v]) => v.trim() !== ""));
  const problems: Partial<Record<keyof IdeaListQuery, IdeaListProblem>> = {};
  const keep: Record<string, string> = {};
  const check = <K extends keyof IdeaListQuery>(key: K, problem: IdeaListProblem) => {
    if (raw[key] === undefined) return;
    const one = IdeaListQuerySchema.shape[key].safeParse(raw[key]);
    if (one.success) keep[key] = raw[key]!;
    else problems[key] = problem;
  };
  if (raw.neighbourhood !== undefined) keep.neighbourhood = raw.neighbourhood.slice(0, 60);
  check("kind", "ideas.filter.error.kind");
  check("status", "ideas.filter.error.status");
  check("category", "ideas.filter.error.category");
  check("sort", "ideas.filter.error.sort");
  check("near", "ideas.filter.error.near");
  if (keep.sort === "near" && !keep.near && !problems.near) problems.near = "ideas.filter.error.nearNeeded";
  return { query: IdeaListQuerySchema.parse(keep), problems };
}
