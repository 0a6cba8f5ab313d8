import { sql } from "kysely";
import type { ImpactSource, NeighbourhoodFeedSource } from "../services.server";

/**
 * Volunteer shifts on /buurt/<slug> (docs/decisions/073-neighbourhood-pages.md): to do — the open,
 * still upcoming shifts of live projects that the public project page shows (never a hidden project
 * or a suspended initiator's).
 */
export const shiftNeighbourhoodFeed: NeighbourhoodFeedSource = {
  kinds: ["do"],
  async entries(db, query) {
    const rows = await db
      .selectFrom("project_needs as n")
      .innerJoin("projects as p", "p.id", "n.project_id")
      .innerJoin("users as u", "u.id", "p.initiator_id")
      .select(["n.id", "n.title", "n.description", "n.place", "n.needed", "n.filled", "n.starts_at", "n.created_at", "p.slug", "p.title as project_title"])
      .where("p.neighbourhood_id", "=", query.neighbourhoodId)
      .where("n.kind", "=", "shift")
      .where("n.status", "=", "open")
      .where("n.starts_at", ">", query.now)
      .where("p.status", "=", "live")
      .where("p.hidden_at", "is", null)
      .where("u.suspended_at", "is", null)
      .orderBy("n.created_at", "desc")
      .orderBy("n.id")
      .limit(query.limit)
      .execute();
    return rows.map((r) => ({
      kind: "do" as const,
      id: `shift:${r.id}`,
      labelKey: "buurt.feed.type.shift" as const,
      at: r.created_at,
      happensAt: r.starts_at,
      title: `${r.title} — ${r.project_title}`,
      summary: [r.place, r.description].filter(Boolean).join(" · ").slice(0, 200),
      href: `/projects/${r.slug}#shifts`,
    }));
  },
};

/**
 * Volunteer hours, by the month of the shift: the signed-up hours (start to end, per person
 * signed up or marked present) of shifts that took place — not cancelled and already over; a
 * cancelled sign-up or a no-show counts nothing (docs/decisions/073).
 */
export const shiftImpact: ImpactSource = {
  async figures(db, query) {
    let q = db
      .selectFrom("need_signups as s")
      .innerJoin("project_needs as n", "n.id", "s.need_id")
      .innerJoin("projects as p", "p.id", "n.project_id")
      .select([
        sql<string>`to_char(n.starts_at at time zone 'Europe/Amsterdam', 'YYYY-MM')`.as("month"),
        sql<number>`sum(extract(epoch from (n.ends_at - n.starts_at)))`.as("seconds"),
      ])
      .where("n.kind", "=", "shift")
      .where("n.status", "=", "open")
      .where("s.status", "in", ["signed_up", "attended"])
      .where("n.starts_at", ">=", query.from)
      .where("n.ends_at", "<=", query.now)
      .groupBy("month");
    if (query.neighbourhoodId) q = q.where("p.neighbourhood_id", "=", query.neighbourhoodId);
    const rows = await q.execute();
    // Hours to one decimal: a quarter-hour shift shows as 0.3, not as nothing.
    const by = new Map(rows.map((r) => [r.month, Math.round(Number(r.seconds) / 360) / 10]));
    return [
      {
        key: "volunteer-hours",
        titleKey: "buurt.impact.hours",
        noteKey: "buurt.impact.hours.note",
        unit: "hours",
        byMonth: query.months.map((month) => ({ month, value: by.get(month) ?? 0 })),
      },
    ];
  },
};
