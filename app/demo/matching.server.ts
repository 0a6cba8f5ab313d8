import { createVerifiedOrganisation } from "../matching/organisations.server";
import { createPool } from "../matching/pools.server";
import type { SeedContext } from "./context.server";

const DAY = 86_400_000;

/**
 * The demo's co-funders (issue 11, docs/matching.md): the municipality matches Indische Buurt
 * projects €0,50 per €1 (at most €750 each, from 3 backers and 25% of the goal); Wijkfonds Oost adds
 * €0,25 per €1 for green projects there — a newer pool, so it gets what the older one leaves of the
 * crowd limit. Runs before the projects' pledges, which then are matched as they are made.
 * Idempotent: organisations by slug, pools by name.
 */
export async function seedMatching(ctx: SeedContext): Promise<void> {
  const { db, now } = ctx;
  const at = (days: number) => new Date(now.getTime() + days * DAY);
  const day = (days: number) => at(days).toISOString().slice(0, 10);
  const adminId = await ctx.userId("admin");
  const admin = { id: adminId, role: "admin" };
  const ensureOrg = async (slug: string, make: () => Promise<unknown>) => {
    if (!(await db.selectFrom("organisations").select("id").where("slug", "=", slug).executeTakeFirst())) await make();
  };
  await ensureOrg("gemeente-amsterdam", () =>
    createVerifiedOrganisation(db, {
      name: "Gemeente Amsterdam",
      kind: "municipality",
      description: "Stadsdeel Oost steunt bewonersinitiatieven met het buurtbudget.",
      website: "https://www.amsterdam.nl",
      actor: admin,
      adminUserId: adminId,
      now: at(-130),
    }),
  );
  const wijkfondsUser = await ctx.userId("wijkfonds");
  await ensureOrg("wijkfonds-oost", () =>
    createVerifiedOrganisation(db, {
      name: "Wijkfonds Oost",
      kind: "fund",
      description: "Fonds dat bewonersinitiatieven in Amsterdam-Oost mede mogelijk maakt.",
      website: "",
      actor: admin,
      adminUserId: wijkfondsUser,
      now: at(-125),
    }),
  );
  const ensurePool = async (orgSlug: string, actorId: string, name: string, pool: Omit<Parameters<typeof createPool>[1]["pool"], "name">, createdAt: Date) => {
    const exists = await db
      .selectFrom("matching_pools as mp")
      .innerJoin("organisations as o", "o.id", "mp.organisation_id")
      .select("mp.id")
      .where("o.slug", "=", orgSlug)
      .where("mp.name", "=", name)
      .executeTakeFirst();
    if (exists) return;
    const r = await createPool(db, { organisationSlug: orgSlug, actor: { id: actorId, role: "member" }, pool: { name, ...pool }, now: createdAt });
    if (!r.ok) throw new Error(`seed pool ${name}: ${r.error}`);
  };
  await ensurePool(
    "gemeente-amsterdam",
    adminId,
    "Buurtbudget Indische Buurt",
    {
      description: "Voor elke euro die buren geven legt de gemeente er € 0,50 bij, tot € 750 per project.",
      budget: 500_000,
      ratioPercent: 50,
      capPerProject: 75_000,
      neighbourhoodIds: ["indische-buurt"],
      categories: [],
      minBackers: 3,
      thresholdPercent: 25,
      startsOn: day(-120),
      endsOn: day(90),
    },
    at(-120),
  );
  await ensurePool(
    "wijkfonds-oost",
    wijkfondsUser,
    "Groen in Oost",
    {
      description: "Extra voor groene projecten in de Indische Buurt.",
      budget: 100_000,
      ratioPercent: 25,
      capPerProject: 40_000,
      neighbourhoodIds: ["indische-buurt"],
      categories: ["green"],
      minBackers: 2,
      thresholdPercent: null,
      startsOn: day(-110),
      endsOn: day(90),
    },
    at(-110),
  );
}
