import type { Selectable } from "kysely";
import type { ReputationRecordsTable } from "../../db/schema";
import type { Db } from "../utils/db.server";
import { platformMean } from "./formulas";
import { loadFacts } from "./facts.server";
import { type TrustLevel, trustLevel } from "./levels";
import { computeRecord, emptyCounts, type RecordCounts } from "./record";

/**
 * THE projection (reputation_records): one row per member, recomputed from the events — in the
 * transaction of the event that changes it (the loan, pledge and project transition effects, the
 * review writer), nightly (levels depend on time: a claim ages out after 12 months; timed-out
 * reviews publish) and from scratch by `npm run reputation:rebuild`. All three call
 * `refreshRecords`, so they cannot disagree. docs/decisions/059-reputation.md.
 */

export interface StoredRecord {
  counts: RecordCounts;
  trustLevel: TrustLevel;
  computedAt: Date | null;
}

function toCounts(row: Selectable<ReputationRecordsTable>): RecordCounts {
  return {
    loansLent: row.loans_lent,
    requestsAnswered: row.requests_answered,
    requestsAccepted: row.requests_accepted,
    medianResponseSeconds: row.median_response_seconds,
    loansBorrowed: row.loans_borrowed,
    returnsOnTime: row.returns_on_time,
    claimsUpheld: row.claims_upheld,
    lastClaimUpheldAt: row.last_claim_upheld_at,
    pledgesCharged: row.pledges_charged,
    pledgesDropped: row.pledges_dropped,
    projectsSucceeded: row.projects_succeeded,
    projectsDelivered: row.projects_delivered,
    projectsReviewed: row.projects_reviewed,
    reviewsCounted: row.reviews_counted,
    starsCounted: row.stars_counted,
  };
}

/** The platform's prior for ratings: the mean of every counted star. */
export async function getPrior(db: Db): Promise<number> {
  const row = await db
    .selectFrom("reputation_records")
    .select((eb) => [eb.fn.sum<number>("stars_counted").as("stars"), eb.fn.sum<number>("reviews_counted").as("count")])
    .executeTakeFirst();
  return platformMean({ starsSum: Number(row?.stars ?? 0), count: Number(row?.count ?? 0) });
}

/** A member's stored record (an empty one, level 0, for a member nothing has happened to yet). */
export async function getStoredRecord(db: Db, userId: string): Promise<StoredRecord> {
  const row = await db.selectFrom("reputation_records").selectAll().where("user_id", "=", userId).executeTakeFirst();
  if (!row) return { counts: emptyCounts, trustLevel: 0, computedAt: null };
  return { counts: toCounts(row), trustLevel: row.trust_level as TrustLevel, computedAt: row.computed_at };
}

export async function getStoredRecords(db: Db, userIds: readonly string[]): Promise<Map<string, StoredRecord>> {
  const out = new Map<string, StoredRecord>();
  if (userIds.length === 0) return out;
  const rows = await db
    .selectFrom("reputation_records")
    .selectAll()
    .where("user_id", "in", [...userIds])
    .execute();
  for (const row of rows) out.set(row.user_id, { counts: toCounts(row), trustLevel: row.trust_level as TrustLevel, computedAt: row.computed_at });
  return out;
}

/** The member's level as stored (what the gates read). */
export async function getTrustLevel(db: Db, userId: string): Promise<TrustLevel> {
  return (await getStoredRecord(db, userId)).trustLevel;
}

/**
 * Recomputes the members' rows from their events, in the caller's transaction. Ids are sorted so
 * that two transactions refreshing the same pair lock the rows in the same order.
 */
export async function refreshRecords(db: Db, userIds: Iterable<string | null | undefined>, now: Date): Promise<void> {
  const ids = [...new Set([...userIds].filter((id): id is string => typeof id === "string"))].sort();
  if (ids.length === 0) return;
  const prior = await getPrior(db);
  const users = await db.selectFrom("users").select(["id", "email_verified_at"]).where("id", "in", ids).execute();
  const verified = new Map(users.map((u) => [u.id, u.email_verified_at !== null]));
  for (const id of ids) {
    if (!verified.has(id)) continue;
    const counts = computeRecord(await loadFacts(db, id, now));
    const level = trustLevel({ counts, emailVerified: verified.get(id)!, prior, now });
    const values = {
      loans_lent: counts.loansLent,
      requests_answered: counts.requestsAnswered,
      requests_accepted: counts.requestsAccepted,
      median_response_seconds: counts.medianResponseSeconds,
      loans_borrowed: counts.loansBorrowed,
      returns_on_time: counts.returnsOnTime,
      claims_upheld: counts.claimsUpheld,
      last_claim_upheld_at: counts.lastClaimUpheldAt,
      pledges_charged: counts.pledgesCharged,
      pledges_dropped: counts.pledgesDropped,
      projects_succeeded: counts.projectsSucceeded,
      projects_delivered: counts.projectsDelivered,
      projects_reviewed: counts.projectsReviewed,
      reviews_counted: counts.reviewsCounted,
      stars_counted: counts.starsCounted,
      trust_level: level,
      computed_at: now,
    };
    await db
      .insertInto("reputation_records")
      .values({ user_id: id, ...values })
      .onConflict((oc) => oc.column("user_id").doUpdateSet(values))
      .execute();
  }
}

/** Every member's row from scratch (`npm run reputation:rebuild`, the nightly job). Idempotent. */
export async function rebuildAllRecords(db: Db, now: Date, batchSize = 200): Promise<number> {
  let done = 0;
  let after = "00000000-0000-0000-0000-000000000000";
  for (;;) {
    const batch = await db.selectFrom("users").select("id").where("id", ">", after).orderBy("id").limit(batchSize).execute();
    if (batch.length === 0) break;
    await refreshRecords(
      db,
      batch.map((u) => u.id),
      now,
    );
    done += batch.length;
    after = batch[batch.length - 1]!.id;
  }
  return done;
}
