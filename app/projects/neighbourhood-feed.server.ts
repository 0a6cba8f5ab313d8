import type { ImpactSource, NeighbourhoodFeedEntry, NeighbourhoodFeedSource } from "../services.server";
import { markdownToText } from "../utils/markdown.server";
import { sql } from "kysely";
import { publicStatuses } from "./project";

/**
 * Projects on /buurt/<slug> (docs/decisions/073-neighbourhood-pages.md): to do — back a live
 * project before its deadline; to see — a project that went live, and its updates. Only what the
 * public projects list shows (launched, never hidden or a suspended initiator's; an update never
 * when hidden or withdrawn).
 */
export const projectNeighbourhoodFeed: NeighbourhoodFeedSource = {
  kinds: ["do", "see"],
  async entries(db, query) {
    const projects = await db
      .selectFrom("projects as p")
      .innerJoin("users as u", "u.id", "p.initiator_id")
      .select(["p.id", "p.slug", "p.title", "p.summary", "p.status", "p.launched_at", "p.ends_at"])
      .where("p.neighbourhood_id", "=", query.neighbourhoodId)
      .where("p.status", "in", [...publicStatuses])
      .where("p.launched_at", "is not", null)
      .where("p.hidden_at", "is", null)
      .where("u.suspended_at", "is", null)
      .orderBy("p.launched_at", "desc")
      .orderBy("p.id")
      .limit(query.limit)
      .execute();
    const updates = await db
      .selectFrom("project_updates as up")
      .innerJoin("projects as p", "p.id", "up.project_id")
      .innerJoin("users as u", "u.id", "p.initiator_id")
      .select(["up.id", "up.title", "up.body", "up.created_at", "p.slug"])
      .where("p.neighbourhood_id", "=", query.neighbourhoodId)
      .where("p.status", "in", [...publicStatuses])
      .where("p.hidden_at", "is", null)
      .where("u.suspended_at", "is", null)
      .where("up.hidden_at", "is", null)
      .where("up.deleted_at", "is", null)
      .orderBy("up.created_at", "desc")
      .orderBy("up.id")
      .limit(query.limit)
      .execute();
    const out: NeighbourhoodFeedEntry[] = [];
    for (const p of projects) {
      const launched = p.launched_at!;
      out.push({
        kind: "see",
        id: `project:${p.id}`,
        labelKey: "buurt.feed.type.project",
        at: launched,
        happensAt: null,
        title: p.title,
        summary: p.summary,
        href: `/projects/${p.slug}`,
      });
      if (p.status === "live" && p.ends_at && p.ends_at > query.now) {
        out.push({
          kind: "do",
          id: `deadline:${p.id}`,
          labelKey: "buurt.feed.type.deadline",
          at: launched,
          happensAt: p.ends_at,
          title: p.title,
          summary: p.summary,
          href: `/projects/${p.slug}/pledge`,
        });
      }
    }
    for (const u of updates) {
      out.push({
        kind: "see",
        id: `update:${u.id}`,
        labelKey: "buurt.feed.type.update",
        at: u.created_at,
        happensAt: null,
        title: u.title,
        summary: markdownToText(u.body, 200),
        href: `/projects/${u.slug}/updates/${u.id}`,
      });
    }
    return out;
  },
};

/**
 * Projects funded, by the month they were decided funded (their `succeeded` event): one
 * neighbourhood's or the platform's (docs/decisions/073).
 */
export const projectImpact: ImpactSource = {
  async figures(db, query) {
    let q = db
      .selectFrom("project_events as e")
      .innerJoin("projects as p", "p.id", "e.project_id")
      .select([sql<string>`to_char(e.created_at at time zone 'Europe/Amsterdam', 'YYYY-MM')`.as("month"), sql<number>`count(distinct e.project_id)`.as("n")])
      .where("e.to_status", "=", "succeeded")
      .where("e.created_at", ">=", query.from)
      .where("e.created_at", "<=", query.now)
      .groupBy("month");
    if (query.neighbourhoodId) q = q.where("p.neighbourhood_id", "=", query.neighbourhoodId);
    const rows = await q.execute();
    const by = new Map(rows.map((r) => [r.month, Number(r.n)]));
    return [
      {
        key: "projects-funded",
        titleKey: "buurt.impact.funded",
        noteKey: "buurt.impact.funded.note",
        unit: "count",
        byMonth: query.months.map((month) => ({ month, value: by.get(month) ?? 0 })),
      },
    ];
  },
};
