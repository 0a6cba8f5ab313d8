import type { Db } from "../utils/db.server";

/** A need in the public API (/api/projects/:slug): `kind` "shift" for now; "skill" and "item" later. */
export interface ApiNeed {
  kind: "shift" | "skill" | "item";
  title: string;
  /** ISO start and end of a shift. */
  when: { start: string; end: string } | null;
  place: string;
  needed: number;
  filled: number;
}

export async function apiNeeds(db: Db, projectSlug: string): Promise<ApiNeed[]> {
  const rows = await db
    .selectFrom("project_needs as n")
    .innerJoin("projects as p", "p.id", "n.project_id")
    .select(["n.kind", "n.title", "n.starts_at", "n.ends_at", "n.place", "n.needed", "n.filled"])
    .where("p.slug", "=", projectSlug)
    .where("n.status", "=", "open")
    .orderBy("n.starts_at")
    .execute();
  return rows.map((r) => ({
    kind: r.kind,
    title: r.title,
    when: r.starts_at && r.ends_at ? { start: r.starts_at.toISOString(), end: r.ends_at.toISOString() } : null,
    place: r.place,
    needed: r.needed,
    filled: r.filled,
  }));
}
