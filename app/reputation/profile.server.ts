import { getPublicProfile } from "../auth/accounts.server";
import type { Db } from "../utils/db.server";
import { type TrustLevel, requirementsFor } from "./levels";
import { getPrior, getStoredRecord } from "./projection.server";
import { figuresOf, type TrackRecordFigures } from "./record";
import { getLoanPartyIds, listPublishedReviews, type PublicReview } from "./reviews.server";
import type { ReputationView } from "./views";

/**
 * Reads of a member's reputation for pages and the public API: the stored record (the projection)
 * turned into figures, the level with what the next one needs, and the published reviews with their
 * evidence. docs/reputation.md.
 */
export async function getReputation(db: Db, userId: string, now: Date): Promise<ReputationView> {
  const [stored, prior, user] = await Promise.all([
    getStoredRecord(db, userId),
    getPrior(db),
    db.selectFrom("users").select("email_verified_at").where("id", "=", userId).executeTakeFirst(),
  ]);
  const level = stored.trustLevel;
  const nextLevel = level < 3 ? ((level + 1) as 1 | 2 | 3) : null;
  return {
    figures: figuresOf(stored.counts, prior),
    trustLevel: level,
    next: nextLevel
      ? { level: nextLevel, requirements: requirementsFor(nextLevel, { counts: stored.counts, emailVerified: Boolean(user?.email_verified_at), prior, now }) }
      : null,
  };
}

export interface ProfileEvidence {
  loans: { itemId: string; itemTitle: string; role: "owner" | "borrower"; returnedOn: Date }[];
  projects: { slug: string; title: string; delivered: boolean }[];
}

/** Links to what the record counts: completed loans (their items' pages) and succeeded projects. Public pages only. */
export async function getEvidence(db: Db, userId: string, limit = 10): Promise<ProfileEvidence> {
  // Two index-served top-N reads (as lender, as borrower: loans_owner_returned and
  // loans_borrower_user_returned) merged here, rather than one OR that reads every returned loan
  // in date order and filters (issue 17). A loan is never both (loans_not_own_item).
  const side = (column: "l.owner_id" | "l.borrower_user_id") =>
    db
      .selectFrom("loans as l")
      .innerJoin("items as i", "i.id", "l.item_id")
      .select(["i.id", "i.title", "l.owner_id", "l.returned_at"])
      .where(column, "=", userId)
      .where("l.returned_at", "is not", null)
      .where("i.status", "<>", "unlisted")
      .orderBy("l.returned_at", "desc")
      .limit(limit)
      .execute();
  const [lent, borrowed] = await Promise.all([side("l.owner_id"), side("l.borrower_user_id")]);
  const loans = [...lent, ...borrowed].sort((a, b) => b.returned_at!.getTime() - a.returned_at!.getTime()).slice(0, limit);
  const projects = await db
    .selectFrom("projects")
    .select(["slug", "title", "delivered_at"])
    .where("initiator_id", "=", userId)
    .where("status", "in", ["succeeded", "paid_out"])
    .orderBy("ends_at", "desc")
    .limit(limit)
    .execute();
  return {
    loans: loans.map((l) => ({ itemId: l.id, itemTitle: l.title, role: l.owner_id === userId ? "owner" : "borrower", returnedOn: l.returned_at! })),
    projects: projects.map((p) => ({ slug: p.slug, title: p.title, delivered: p.delivered_at !== null })),
  };
}

export interface ProfilePage {
  reputation: ReputationView;
  reviews: PublicReview[];
  evidence: ProfileEvidence;
}

export async function getProfileReputation(db: Db, userId: string, now: Date, viewerId: string | null = null): Promise<ProfilePage> {
  const [reputation, reviews, evidence] = await Promise.all([
    getReputation(db, userId, now),
    listPublishedReviews(db, userId, now, 50, viewerId),
    getEvidence(db, userId),
  ]);
  return { reputation, reviews, evidence };
}

/** GET /api/users/:handle — the public profile; never an e-mail address, an id or an amount of anyone's pledge. */
export interface ApiUser {
  handle: string;
  url: string;
  displayName: string;
  neighbourhood: { id: string; name: string };
  memberSince: string;
  trustLevel: TrustLevel;
  trackRecord: TrackRecordFigures;
  reviewCount: number;
  rating: number | null;
}

export async function apiGetUser(db: Db, handle: string, appUrl: string, now: Date): Promise<ApiUser | null> {
  const profile = await getPublicProfile(db, handle);
  if (!profile) return null;
  const reputation = await getReputation(db, profile.id, now);
  // Copied field by field (never a spread row), so a new column cannot leak into the API.
  return {
    handle: profile.handle,
    url: `${appUrl}/u/${encodeURIComponent(profile.handle)}`,
    displayName: profile.displayName,
    neighbourhood: { id: profile.neighbourhood.id, name: profile.neighbourhood.name },
    memberSince: profile.memberSince.toISOString(),
    trustLevel: reputation.trustLevel,
    trackRecord: reputation.figures,
    reviewCount: reputation.figures.rating.count,
    rating: reputation.figures.rating.value,
  };
}

/** The records of several members at once (the loan page shows both parties, the item page its owner). */
export async function getReputations(db: Db, userIds: readonly string[], now: Date): Promise<Map<string, ReputationView>> {
  const out = new Map<string, ReputationView>();
  for (const id of new Set(userIds)) out.set(id, await getReputation(db, id, now));
  return out;
}

/** The loan page's view of its parties: both records, and the requester's latest reviews for the owner deciding. */
export interface LoanPartiesReputation {
  owner: ReputationView;
  borrower: ReputationView | null;
  borrowerReviews: PublicReview[];
}

export async function getLoanPartiesReputation(db: Db, loanId: string, now: Date): Promise<LoanPartiesReputation | null> {
  const parties = await getLoanPartyIds(db, loanId);
  if (!parties) return null;
  const [owner, borrower, borrowerReviews] = await Promise.all([
    getReputation(db, parties.ownerId, now),
    parties.borrowerId ? getReputation(db, parties.borrowerId, now) : Promise.resolve(null),
    parties.borrowerId ? listPublishedReviews(db, parties.borrowerId, now, 3) : Promise.resolve([]),
  ]);
  return { owner, borrower, borrowerReviews };
}
