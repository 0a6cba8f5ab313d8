import { createVerifiedOrganisation } from "../matching/organisations.server";
import { createPool } from "../matching/pools.server";
import type { PoolInput } from "../matching/matching-schema";
import type { Db } from "../utils/db.server";
import { createUsers } from "./projects";

/** A verified organisation (with one member) and a pool with these rules (default: €1 per €1 in every neighbourhood). */
export async function organisationWithPool(db: Db, o: { now: Date; name?: string; pool?: Partial<PoolInput> }) {
  const tag = Math.random().toString(36).slice(2, 7);
  const [admin] = await createUsers(db, `siteadmin-${tag}`, 1, "admin");
  const [member] = await createUsers(db, `orgmember-${tag}`, 1);
  const org = await createVerifiedOrganisation(db, {
    name: o.name ?? `Wijkfonds ${tag}`,
    kind: "fund",
    description: "",
    website: "",
    actor: { id: admin!, role: "admin" },
    adminUserId: member!,
    now: o.now,
  });
  if (!org.ok) throw new Error(org.error);
  const pool = await addPool(db, { organisationSlug: org.slug, memberId: member!, now: o.now, pool: o.pool });
  return { organisationId: org.id, organisationSlug: org.slug, poolId: pool, memberId: member!, adminId: admin! };
}

export async function addPool(db: Db, o: { organisationSlug: string; memberId: string; now: Date; pool?: Partial<PoolInput> }): Promise<string> {
  const startsOn = new Date(o.now.getTime() - 86_400_000).toISOString().slice(0, 10);
  const endsOn = new Date(o.now.getTime() + 90 * 86_400_000).toISOString().slice(0, 10);
  const r = await createPool(db, {
    organisationSlug: o.organisationSlug,
    actor: { id: o.memberId, role: "member" },
    now: o.now,
    pool: {
      name: "Buurtpot",
      description: "",
      budget: 1_000_000,
      ratioPercent: 100,
      capPerProject: 100_000,
      neighbourhoodIds: [],
      categories: [],
      minBackers: 0,
      thresholdPercent: null,
      startsOn,
      endsOn,
      ...o.pool,
    },
  });
  if (!r.ok) throw new Error(r.error);
  return r.poolId;
}
