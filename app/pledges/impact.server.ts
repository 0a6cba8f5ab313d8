import { sql } from "kysely";
import type { ImpactSource } from "../services.server";

/**
 * Money raised, by the month pledges were charged: what backers actually paid (a pledge refunded
 * or charged back later no longer counts), one neighbourhood's projects or the platform's
 * (docs/decisions/073-neighbourhood-pages.md).
 */
export const pledgeImpact: ImpactSource = {
  async figures(db, query) {
    let q = db
      .selectFrom("pledges as pl")
      .innerJoin("projects as p", "p.id", "pl.project_id")
      .select([sql<string>`to_char(pl.charged_at at time zone 'Europe/Amsterdam', 'YYYY-MM')`.as("month"), sql<number>`sum(pl.amount_cents)`.as("cents")])
      .where("pl.status", "=", "charged")
      .where("pl.charged_at", ">=", query.from)
      .where("pl.charged_at", "<=", query.now)
      .groupBy("month");
    if (query.neighbourhoodId) q = q.where("p.neighbourhood_id", "=", query.neighbourhoodId);
    const rows = await q.execute();
    const by = new Map(rows.map((r) => [r.month, Number(r.cents)]));
    return [
      {
        key: "money-raised",
        titleKey: "buurt.impact.raised",
        noteKey: "buurt.impact.raised.note",
        unit: "cents",
        byMonth: query.months.map((month) => ({ month, value: by.get(month) ?? 0 })),
      },
    ];
  },
};
