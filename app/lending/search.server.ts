import { type Expression, type SqlBool, sql } from "kysely";
import { getImages } from "../storage/images.server";
import type { Db } from "../utils/db.server";
import type { Ymd } from "./days";
import type { ItemCategory } from "./item";
import { BOOKED_STATES } from "./loan";
import { isEmptyQuery, normalizeQuery, TRIGRAM_MATCH, WORD_SIMILARITY_MATCH } from "./search";
import { dateParam } from "./sql.server";
import { notBlockedBy } from "../moderation/blocks.server";
import { visibleThroughCircles } from "./circles.server";
import type { ItemCard } from "./views";

export type { ItemCard } from "./views";

export interface SearchParams {
  q?: string;
  category?: ItemCategory;
  neighbourhoodId?: string;
  /** A four-digit postcode: distances are measured from its area's centroid. */
  near?: string;
  maxKm?: number;
  from?: Ymd;
  to?: Ymd;
  page?: number;
  perPage?: number;
  /** Internal (wanted-board matching): only this owner's items / never this member's items. */
  ownerId?: string;
  excludeOwnerId?: string;
  /** The member searching: items of people they blocked stay out (docs/decisions/060). */
  viewerId?: string | null;
}

export interface SearchResult {
  items: ItemCard[];
  /** How many items match, counted up to TOTAL_CAP: with `totalCapped`, more than that. */
  total: number;
  totalCapped: boolean;
  /** Whether a page after this one has items (known without counting every match). */
  hasNextPage: boolean;
  page: number;
  perPage: number;
  /** The area distances were measured from; `nearUnknown` when the postcode is not in our table. */
  near: { postcode4: string; place: string } | null;
  nearUnknown: boolean;
}

/**
 * Matches are counted up to this many (decision 083): "1,000+" says enough, and counting all of a
 * city's listed items to show 24 of them read every one.
 */
export const TOTAL_CAP = 1000;

/**
 * What browsing shows this viewer, over `items as i`: listed (not paused or unlisted); not hidden
 * by a moderator nor listed by a suspended member (decision 060); not the items of someone the
 * viewer blocked; circles-only items only to their owner and their circles' members (decision 061).
 * Search, the map, the neighbourhood feed and the sitemap share it.
 *
 * The owner's suspension is asked per item (`not exists`), not by joining every listed item's owner:
 * the few suspended members sit in a small partial index (migration 0050), so the check is a
 * lookup there, and a page read in index order stops after its rows (decision 083).
 */
function listedFor(viewerId: string | null | undefined): Expression<SqlBool> {
  return sql<SqlBool>`(i.status = 'listed' and i.hidden_at is null and ${ownerNotSuspended} and ${notBlockedBy(viewerId, "i.owner_id")} and ${visibleThroughCircles(
    viewerId,
    { id: "i.id", audience: "i.audience", owner: "i.owner_id" },
  )})`;
}

const ownerNotSuspended = sql<SqlBool>`not exists (select 1 from users su where su.id = i.owner_id and su.suspended_at is not null)`;

/**
 * A neighbourhood's newest listed items, as browsing shows them to a visitor without an account
 * (the neighbourhood page's feed, docs/decisions/073-neighbourhood-pages.md).
 */
export async function listNewItemsOfNeighbourhood(
  db: Db,
  input: { neighbourhoodId: string; limit: number },
): Promise<{ id: string; title: string; description: string; createdAt: Date }[]> {
  const rows = await db
    .selectFrom("items as i")
    .select(["i.id", "i.title", "i.description", "i.created_at"])
    .where(listedFor(null))
    .where("i.neighbourhood_id", "=", input.neighbourhoodId)
    .orderBy("i.created_at", "desc")
    .orderBy("i.id")
    .limit(input.limit)
    .execute();
  return rows.map((r) => ({ id: r.id, title: r.title, description: r.description, createdAt: r.created_at }));
}

/**
 * The items the sitemap names (docs/decisions/065-seo-and-feeds.md): what browsing shows a visitor
 * without an account, most recently changed first, at most `limit`.
 */
export async function listSitemapItems(db: Db, limit: number): Promise<{ id: string; lastmod: Date; owner: { handle: string; updatedAt: Date } }[]> {
  const rows = await db
    .selectFrom("items as i")
    .innerJoin("users as u", "u.id", "i.owner_id")
    .select(["i.id", "i.updated_at", "u.handle", "u.updated_at as owner_updated_at"])
    .where(listedFor(null))
    .orderBy("i.updated_at", "desc")
    .orderBy("i.id")
    .limit(limit)
    .execute();
  return rows.map((r) => ({ id: r.id, lastmod: r.updated_at, owner: { handle: r.handle, updatedAt: r.owner_updated_at } }));
}

/** The map shows at most this many items (the search pages through the rest). */
export const MAP_ITEM_LIMIT = 500;

/**
 * What browsing shows this viewer, each item at its postcode area's centroid (or its
 * neighbourhood's, when its postcode is not in the table): never the pickup address, which only a
 * borrower with an accepted loan sees. The map's layer (docs/decisions/068-map.md), with the
 * browsing filters that make sense there; newest first, at most MAP_ITEM_LIMIT.
 */
export async function listItemMarkers(
  db: Db,
  params: Pick<SearchParams, "viewerId" | "category" | "neighbourhoodId">,
): Promise<{ id: string; title: string; neighbourhood: { name: string; city: string }; lat: number; lng: number }[]> {
  let q = db
    .selectFrom("items as i")
    .innerJoin("neighbourhoods as n", "n.id", "i.neighbourhood_id")
    .leftJoin("postcode_areas as pa", "pa.postcode4", "i.postcode4")
    .select([
      "i.id",
      "i.title",
      "n.name as n_name",
      "n.city as n_city",
      sql<number | null>`coalesce(pa.lat, (select avg(p2.lat) from postcode_areas p2 where p2.neighbourhood_id = i.neighbourhood_id))`.as("lat"),
      sql<number | null>`coalesce(pa.lng, (select avg(p2.lng) from postcode_areas p2 where p2.neighbourhood_id = i.neighbourhood_id))`.as("lng"),
    ])
    .where(listedFor(params.viewerId));
  if (params.category) q = q.where("i.category", "=", params.category);
  if (params.neighbourhoodId) q = q.where("i.neighbourhood_id", "=", params.neighbourhoodId);
  const rows = await q.orderBy("i.created_at", "desc").orderBy("i.id").limit(MAP_ITEM_LIMIT).execute();
  return rows.flatMap((r) =>
    r.lat === null || r.lng === null
      ? []
      : [{ id: r.id, title: r.title, neighbourhood: { name: r.n_name, city: r.n_city }, lat: Number(r.lat), lng: Number(r.lng) }],
  );
}

/**
 * Browse and search listed items (docs/decisions/042-item-search.md): Dutch full-text search OR
 * trigram similarity on the title, ranked by both; filters for category, neighbourhood, distance
 * from a postcode area, and free days.
 *
 * At city scale (docs/decisions/083): browsing reads the listed items in the page's order from an
 * index (migration 0050) and stops after the page; a search scores each candidate of the indexes'
 * prefilter once (a materialized CTE), then filters, ranks and pages those. The total is counted
 * up to TOTAL_CAP (or, deeper, to one past the page), in the same statement.
 */
export async function searchItems(db: Db, params: SearchParams): Promise<SearchResult> {
  const perPage = Math.min(Math.max(params.perPage ?? 24, 1), 100);
  const page = Math.min(Math.max(params.page ?? 1, 1), 1000);
  const offset = (page - 1) * perPage;
  const query = normalizeQuery(params.q ?? "");
  const searching = !isEmptyQuery(query);

  let near: { postcode4: string; place: string; lat: number; lng: number } | null = null;
  let nearUnknown = false;
  if (params.near) {
    const area = await db.selectFrom("postcode_areas").select(["postcode4", "place", "lat", "lng"]).where("postcode4", "=", params.near).executeTakeFirst();
    if (area) near = area;
    else nearUnknown = true;
  }

  const run = async (trx: Db) => {
    // The prefilter `<%` uses the trigram index; its threshold is a setting, local to this transaction.
    // The trigram operators' thresholds are settings, local to this transaction (see the prefilter below).
    if (searching) {
      await sql`select set_config('pg_trgm.word_similarity_threshold', ${String(WORD_SIMILARITY_MATCH)}, true),
        set_config('pg_trgm.strict_word_similarity_threshold', ${String(TRIGRAM_MATCH)}, true),
        set_config('pg_trgm.similarity_threshold', ${String(TRIGRAM_MATCH)}, true)`.execute(trx);
    }

    const tsq = sql`replace(plainto_tsquery('dutch', ${query.text})::text, ' & ', ' | ')::tsquery`;
    const qc = sql`${query.compact}::text`;
    const fts = sql<number>`ts_rank(i.search_vector, ${tsq})`;
    // Best of: the whole query run together against the title run together or any title word;
    // or any query word against any title word (a little less weight). The query's words are
    // spelled out (at most eight), so each title word is compared in one expression, not in a
    // nested `unnest` per title word.
    const perWord = query.words.map((x) => sql`similarity(${x}::text, w) * 0.9`);
    const trigram = sql<number>`greatest(
      similarity(${qc}, replace(i.title_norm, ' ', '')),
      (select max(greatest(similarity(${qc}, w)${perWord.length ? sql`, ${sql.join(perWord)}` : sql``}))
         from unnest(string_to_array(i.title_norm, ' ')) w)
    )`;
    const wordSim = sql<number>`word_similarity(${qc}, i.title_norm)`;
    const lat = near ? sql`coalesce(pa.lat, (select avg(p2.lat) from postcode_areas p2 where p2.neighbourhood_id = i.neighbourhood_id))` : null;
    const lng = near ? sql`coalesce(pa.lng, (select avg(p2.lng) from postcode_areas p2 where p2.neighbourhood_id = i.neighbourhood_id))` : null;
    // `least` skips NULLs: without the `case`, an item with no known centroid would be half the earth away.
    const distance = near
      ? sql<number | null>`case when (${lat}) is null then null else 2 * 6371 * asin(least(1, sqrt(
          power(sin(radians((${lat}) - ${near.lat}) / 2), 2) +
          cos(radians(${near.lat})) * cos(radians(${lat})) * power(sin(radians((${lng}) - ${near.lng}) / 2), 2)))) end`
      : sql<number | null>`null::float8`;

    // The matching items with what the page shows of them; the owner's name is looked up for the
    // page's rows only (below), never joined for every match.
    let inner = trx
      .selectFrom("items as i")
      .innerJoin("neighbourhoods as n", "n.id", "i.neighbourhood_id")
      .leftJoin("postcode_areas as pa", "pa.postcode4", "i.postcode4")
      .select([
        "i.id",
        "i.owner_id",
        "i.title",
        "i.category",
        "i.condition",
        "i.deposit_cents",
        "i.fee_per_day_cents",
        "i.max_loan_days",
        "i.postcode4",
        "i.created_at",
        "n.id as n_id",
        "n.name as n_name",
        "n.city as n_city",
        distance.as("distance_km"),
        (searching ? fts : sql<number>`0::real`).as("fts"),
        (searching ? trigram : sql<number>`0::real`).as("trigram"),
        (searching ? wordSim : sql<number>`0::real`).as("word_sim"),
        (searching ? sql<boolean>`i.search_vector @@ ${tsq}` : sql<boolean>`false`).as("fts_hit"),
      ])
      .where(listedFor(params.viewerId));
    // Which items can score: each part of the threshold below has an index-served necessary
    // condition, so the trigram indexes hand over only items that may match (decision 083) — the
    // whole query as a word or the title run together (`<<%`, `%` at TRIGRAM_MATCH: a word's
    // similarity is at most the title's strict word similarity), the whole query inside the title
    // (`<%` at WORD_SIMILARITY_MATCH), or a query word as a word. Then the same tests as before: the
    // original prefilter (full text, or word similarity at TRIGRAM_MATCH) and the score threshold,
    // in the scan itself (its cost keeps the planner on the indexes' candidates).
    if (searching) {
      const wordHits = query.words.filter((x) => x !== query.compact).map((x) => sql<SqlBool>`${x}::text <<% i.title_norm`);
      inner = inner
        .where(
          sql<SqlBool>`(i.search_vector @@ ${tsq} or ${qc} <% i.title_norm or ${qc} <<% i.title_norm or ${qc} % replace(i.title_norm, ' ', '')${
            wordHits.length ? sql` or ${sql.join(wordHits, sql` or `)}` : sql``
          })`,
        )
        .where(sql<SqlBool>`(i.search_vector @@ ${tsq} or ${wordSim} >= ${TRIGRAM_MATCH})`)
        .where(sql<SqlBool>`(i.search_vector @@ ${tsq} or ${wordSim} >= ${WORD_SIMILARITY_MATCH} or ${trigram} >= ${TRIGRAM_MATCH})`);
    }
    if (params.category) inner = inner.where("i.category", "=", params.category);
    if (params.neighbourhoodId) inner = inner.where("i.neighbourhood_id", "=", params.neighbourhoodId);
    if (params.ownerId) inner = inner.where("i.owner_id", "=", params.ownerId);
    if (params.excludeOwnerId) inner = inner.where("i.owner_id", "<>", params.excludeOwnerId);
    if (params.from && params.to) {
      const { from, to } = params;
      inner = inner.where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom("loans as l")
              .select("l.id")
              .whereRef("l.item_id", "=", "i.id")
              .where("l.state", "in", [...BOOKED_STATES])
              .where("l.starts_on", "<=", dateParam(to))
              .where("l.ends_on", ">=", dateParam(from)),
          ),
        ),
      );
    }

    // A search's candidates are scored once each: a materialized CTE is computed before the filter
    // and the order below read its columns (a subquery would be folded in and each score computed
    // again for the filter, the sort and the output). Browsing has no scores: its subquery is
    // folded in, so the page is read in index order.
    const matching: Expression<SqlBool>[] = [];
    if (near && params.maxKm !== undefined) matching.push(sql<SqlBool>`r.distance_km <= ${params.maxKm}`);
    const matches = matching.length ? sql<SqlBool>`(${sql.join(matching, sql` and `)})` : sql<SqlBool>`true`;
    // Counted up to the cap, or on a deep page to one past it: enough to say "1,000+" and whether a
    // next page exists, without reading every match.
    const countUpTo = Math.max(TOTAL_CAP, offset + perPage) + 1;
    const source = searching
      ? trx
          .with(
            (w) => w("candidates").materialized(),
            () => inner,
          )
          .selectFrom("candidates as r")
      : trx.selectFrom(inner.as("r"));
    let pageQuery = source
      .selectAll("r")
      .select([
        sql<number>`r.fts * 2 + r.trigram + 0.5 * r.word_sim`.as("score"),
        sql<string>`(select count(*) from (select 1 from ${searching ? sql`candidates r` : sql`(${inner}) r`} where ${matches} limit ${countUpTo}) counted)`.as(
          "total",
        ),
        (eb) => eb.selectFrom("users as u").select("u.display_name").whereRef("u.id", "=", "r.owner_id").as("display_name"),
        (eb) =>
          eb
            .selectFrom("item_photos as p")
            .innerJoin("uploads as up", "up.id", "p.upload_id")
            .select("up.id")
            .whereRef("p.item_id", "=", "r.id")
            .orderBy("p.position")
            .limit(1)
            .as("photo_id"),
      ])
      .where(matches);
    if (searching) pageQuery = pageQuery.orderBy("score", "desc");
    if (near) pageQuery = pageQuery.orderBy(sql`r.distance_km asc nulls last`);
    const rows = await pageQuery.orderBy("r.created_at", "desc").orderBy("r.id").limit(perPage).offset(offset).execute();
    const photos = await getImages(
      trx,
      rows.flatMap((r) => (r.photo_id ? [r.photo_id] : [])),
    );
    const counted = rows.length ? Number(rows[0]!.total) : 0;

    return {
      items: rows.map((r) => ({
        id: r.id,
        title: r.title,
        category: r.category,
        condition: r.condition,
        depositCents: r.deposit_cents,
        feePerDayCents: r.fee_per_day_cents,
        maxLoanDays: r.max_loan_days,
        neighbourhood: { id: r.n_id, name: r.n_name, city: r.n_city },
        postcode4: r.postcode4,
        distanceKm: r.distance_km === null ? null : Math.round(Number(r.distance_km) * 10) / 10,
        photo: r.photo_id ? (photos.get(r.photo_id)?.card ?? null) : null,
        ownerName: r.display_name ?? "",
      })),
      total: Math.min(counted, TOTAL_CAP),
      totalCapped: counted > TOTAL_CAP,
      hasNextPage: counted > offset + perPage,
      page,
      perPage,
      near: near ? { postcode4: near.postcode4, place: near.place } : null,
      nearUnknown,
    };
  };
  // Inside a caller's transaction (wanted matching) run there; otherwise in a transaction of our own.
  return db.isTransaction ? run(db) : db.transaction().execute(run);
}
