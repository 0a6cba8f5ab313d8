import { sql } from "kysely";
import type { ImpactSource, NeighbourhoodFeedEntry, NeighbourhoodFeedSource } from "../services.server";
import { listNewItemsOfNeighbourhood } from "./search.server";
import { listWantedPosts } from "./wanted.server";

/**
 * Lending on /buurt/<slug> (docs/decisions/073-neighbourhood-pages.md): to get — items newly
 * listed and what neighbours are looking for. Exactly what browsing and the wanted board show a
 * visitor without an account: never paused, unlisted, hidden or circles-only items, a suspended
 * owner's, or a hidden, closed or expired wanted post.
 */
export const lendingNeighbourhoodFeed: NeighbourhoodFeedSource = {
  kinds: ["get"],
  async entries(db, query) {
    const [items, wanted] = await Promise.all([
      listNewItemsOfNeighbourhood(db, { neighbourhoodId: query.neighbourhoodId, limit: query.limit }),
      listWantedPosts(db, { neighbourhoodId: query.neighbourhoodId, now: query.now, viewerId: null, limit: query.limit }),
    ]);
    const out: NeighbourhoodFeedEntry[] = items.map((i) => ({
      kind: "get",
      id: `item:${i.id}`,
      labelKey: "buurt.feed.type.item",
      at: i.createdAt,
      happensAt: null,
      title: i.title,
      summary: i.description.slice(0, 200),
      href: `/items/${i.id}`,
    }));
    for (const w of wanted) {
      out.push({
        kind: "get",
        id: `wanted:${w.id}`,
        labelKey: "buurt.feed.type.wanted",
        at: w.createdAt,
        happensAt: null,
        title: w.title,
        summary: w.description.slice(0, 200),
        href: `/wanted?neighbourhood=${encodeURIComponent(query.neighbourhoodId)}#wanted-${w.id}`,
      });
    }
    return out;
  },
};

/**
 * Items lent and what borrowing saved, by the month a loan came back (its `returned_at`): every
 * completed loan of an item of the neighbourhood, and the sum of those items' stated replacement
 * values — an estimate of what the borrowers did not have to buy (an item without a stated value
 * counts nothing). Docs/decisions/073.
 */
export const lendingImpact: ImpactSource = {
  async figures(db, query) {
    let q = db
      .selectFrom("loans as l")
      .innerJoin("items as i", "i.id", "l.item_id")
      .select([
        sql<string>`to_char(l.returned_at at time zone 'Europe/Amsterdam', 'YYYY-MM')`.as("month"),
        sql<number>`count(*)`.as("n"),
        sql<number>`coalesce(sum(i.replacement_value_cents), 0)`.as("saved"),
      ])
      .where("l.returned_at", "is not", null)
      .where("l.returned_at", ">=", query.from)
      .where("l.returned_at", "<=", query.now)
      .groupBy("month");
    if (query.neighbourhoodId) q = q.where("i.neighbourhood_id", "=", query.neighbourhoodId);
    const rows = await q.execute();
    const lent = new Map(rows.map((r) => [r.month, Number(r.n)]));
    const saved = new Map(rows.map((r) => [r.month, Number(r.saved)]));
    return [
      {
        key: "items-lent",
        titleKey: "buurt.impact.lent",
        noteKey: "buurt.impact.lent.note",
        unit: "count",
        byMonth: query.months.map((month) => ({ month, value: lent.get(month) ?? 0 })),
      },
      {
        key: "saved-estimate",
        titleKey: "buurt.impact.saved",
        noteKey: "buurt.impact.saved.note",
        unit: "cents",
        estimate: true,
        byMonth: query.months.map((month) => ({ month, value: saved.get(month) ?? 0 })),
      },
    ];
  },
};
