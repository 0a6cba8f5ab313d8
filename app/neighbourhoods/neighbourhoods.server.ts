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
      "n.member_count", // kept by the database (migration 0049), not counted per view
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

/** A URL-safe id from a name: "Oude Noorden" → "oude-noorden". */
export function neighbourhoodSlug(name: string): string {
  return name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60);
}

/** Finds a neighbourhood by id, or creates it (for the first admin of an empty deployment). */
export async function ensureNeighbourhood(db: Db, input: { name: string; city: string; municipality?: string }): Promise<{ id: string; created: boolean }> {
  const id = neighbourhoodSlug(input.name);
  if (!id) throw new Error("A neighbourhood needs a name.");
  const inserted = await db
    .insertInto("neighbourhoods")
    .values({ id, name: input.name.trim(), city: input.city.trim(), municipality: (input.municipality ?? input.city).trim() })
    .onConflict((oc) => oc.column("id").doNothing())
    .returning("id")
    .executeTakeFirst();
  return { id, created: Boolean(inserted) };
}
