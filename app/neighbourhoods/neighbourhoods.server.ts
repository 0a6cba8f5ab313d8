import { sql } from "kysely";
import type { Db } from "../utils/db.server";

export interface Neighbourhood {
  id: string;
  name: string;
  city: string;
  municipality: string;
  description: { nl: string; en: string };
  postcodes: string[];
}

export async function listNeighbourhoods(db: Db): Promise<(Neighbourhood & { memberCount: number })[]> {
  const rows = await db
    .selectFrom("neighbourhoods as n")
    .select([
      "n.id",
      "n.name",
      "n.city",
      "n.municipality",
      "n.description_nl",
      "n.description_en",
      sql<number>`(select count(*) from users u where u.neighbourhood_id = n.id and u.suspended_at is null)`.as("member_count"),
      sql<string[]>`coalesce((select array_agg(p.postcode4 order by p.postcode4) from postcode_areas p where p.neighbourhood_id = n.id), '{}')`.as("postcodes"),
    ])
    .orderBy("n.city")
    .orderBy("n.name")
    .execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    city: r.city,
    municipality: r.municipality,
    description: { nl: r.description_nl, en: r.description_en },
    postcodes: r.postcodes,
    memberCount: Number(r.member_count),
  }));
}

export async function getNeighbourhood(db: Db, id: string): Promise<{ id: string; name: string; city: string } | null> {
  const row = await db.selectFrom("neighbourhoods").select(["id", "name", "city"]).where("id", "=", id).executeTakeFirst();
  return row ?? null;
}
