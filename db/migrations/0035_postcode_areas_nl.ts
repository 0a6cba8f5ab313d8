import { readFileSync } from "node:fs";
import { type Kysely, sql } from "kysely";

/**
 * Every Dutch four-digit postcode area (PC4) with its centroid, on every deployment — not only the
 * demo's dozen (issue 14, decision 070). The rows are `db/data/postcode-areas-nl.json`:
 * `[postcode4, place, lat, lng]`, from the GeoNames postal-code dump for NL (CC BY 4.0,
 * www.geonames.org), averaged per PC4 and rounded to 4 decimals; source, commit and processing in
 * docs/decisions/070-postcode-areas.md.
 *
 * The file is read next to this migration, `../data/`: from db/migrations under tsx and vitest,
 * from build/server/migrations when compiled (scripts/build-server.ts copies db/data to
 * build/server/data). Rows already present (the demo seed's, a deployment's own) are kept as they
 * are: `on conflict do nothing`. One multi-row insert (about 4,100 rows × 4 parameters, well under
 * Postgres's 65,535).
 *
 * Down removes only the rows nothing relies on: no neighbourhood link and no board post naming it.
 * Frozen in time: never import app code here.
 */
type Row = [string, string, number, number];

function rows(): Row[] {
  const parsed: unknown = JSON.parse(readFileSync(new URL("../data/postcode-areas-nl.json", import.meta.url), "utf8"));
  if (!Array.isArray(parsed) || parsed.length < 4000) throw new Error("db/data/postcode-areas-nl.json: expected about 4,000 postcode areas");
  return parsed as Row[];
}

export async function up(db: Kysely<any>): Promise<void> {
  await db
    .insertInto("postcode_areas")
    .values(rows().map(([postcode4, place, lat, lng]) => ({ postcode4, place, lat, lng })))
    .onConflict((oc) => oc.column("postcode4").doNothing())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db
    .deleteFrom("postcode_areas")
    .where("neighbourhood_id", "is", null)
    .where(
      "postcode4",
      "in",
      rows().map(([postcode4]) => postcode4),
    )
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom("ideas")
            .select(sql`1`.as("one"))
            .whereRef("ideas.postcode4", "=", "postcode_areas.postcode4"),
        ),
      ),
    )
    .execute();
}
