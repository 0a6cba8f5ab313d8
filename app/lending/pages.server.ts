import { cardSet } from "../storage/images";
import { getImages } from "../storage/images.server";
import type { Db } from "../utils/db.server";
import { addDays, loanDays, today, type Ymd } from "./days";
import { canBorrow, type EligibilityError } from "./item";
import { calendarWindow, getBookedRanges, getItemDetail, type ItemDetail, listOwnerItems } from "./items.server";
import { type LoanActor, loanFeeCents, type LoanSide } from "./loan";
import { availableActions, getLoan, sideOf } from "./loans.server";
import { getDeposit } from "./deposit-records.server";
import { listLoanMessages } from "./messages.server";
import { ymd } from "./sql.server";
import { inItemCircle } from "./circles.server";
import { getTrackRecord } from "./track-record.server";
import { listMyWantedPosts, listWantedMatchesForOwner, listWantedPosts } from "./wanted.server";
import type { TrackRecord } from "./track-record";
import { isUuid } from "../utils/ids";
import type { LoanSummary, ProjectItemLoan } from "./views";

export type { ItemCard, LoanSummary, ProjectItemLoan, TimelineEntry } from "./views";
import type { LoanPage } from "./views";
export type { LoanPage } from "./views";

/**
 * What each lending page needs, in one call per loader (routes stay thin). Everything returned
 * here may be shown to the viewer: privacy decisions (the pickup address!) are made here.
 */

export interface Viewer {
  id: string;
  neighbourhoodId: string;
  isModerator: boolean;
}

export interface ItemPage {
  item: ItemDetail & { isOwner: boolean };
  trackRecord: TrackRecord;
  booked: { startsOn: Ymd; endsOn: Ymd }[];
  window: { from: Ymd; to: Ymd };
  /** Why the viewer may not ask for it (null: they may). Absent when not signed in. */
  cannotBorrow: EligibilityError | null;
  openRequestId: string | null;
}

export async function getItemPage(db: Db, itemId: string, viewer: Viewer | null, now: Date): Promise<ItemPage | null> {
  const detail = await getItemDetail(db, itemId, viewer?.id);
  if (!detail) return null;
  const { ownerId, ...item } = detail;
  const window = calendarWindow(today(now));
  const [trackRecord, booked] = await Promise.all([getTrackRecord(db, ownerId), getBookedRanges(db, itemId, window.from, window.to)]);
  let cannotBorrow: EligibilityError | null = null;
  let openRequestId: string | null = null;
  if (viewer) {
    const lentBefore = await db
      .selectFrom("loans")
      .select("id")
      .where("owner_id", "=", ownerId)
      .where("borrower_user_id", "=", viewer.id)
      .where("picked_up_at", "is not", null)
      .limit(1)
      .executeTakeFirst();
    cannotBorrow = canBorrow(
      { ownerId, status: item.status, audience: item.audience, neighbourhoodId: item.neighbourhood.id },
      {
        id: viewer.id,
        neighbourhoodId: viewer.neighbourhoodId,
        hasBorrowedFromOwner: lentBefore !== undefined,
        inItemCircle: item.audience === "circles" && (await inItemCircle(db, itemId, viewer.id)),
      },
    );
    const open = await db
      .selectFrom("loans")
      .select("id")
      .where("item_id", "=", itemId)
      .where("borrower_side_id", "=", viewer.id)
      .where("state", "in", ["requested", "accepted", "picked_up", "overdue"])
      .orderBy("created_at", "desc")
      .limit(1)
      .executeTakeFirst();
    openRequestId = open?.id ?? null;
  }
  return { item, trackRecord, booked, window, cannotBorrow, openRequestId };
}

// ——— Loan lists (My items / My loans) ————————————————————————————————————————

async function listLoans(db: Db, viewerId: string, as: LoanSide): Promise<LoanSummary[]> {
  const rows = await db
    .selectFrom("loans as l")
    .innerJoin("items as i", "i.id", "l.item_id")
    .innerJoin("users as o", "o.id", "l.owner_id")
    .innerJoin("users as b", "b.id", "l.borrower_side_id")
    .leftJoin("item_photos as p", (j) => j.onRef("p.item_id", "=", "i.id").on("p.position", "=", 0))
    .leftJoin("uploads as up", "up.id", "p.upload_id")
    .select([
      "l.id",
      "l.state",
      "l.initiated_by",
      "l.expires_at",
      "l.borrower_project_id",
      "i.id as item_id",
      "i.title",
      "up.card_key",
      "up.variants",
      "o.display_name as owner_name",
      "b.display_name as borrower_name",
      ymd("l.starts_on").as("starts_on"),
      ymd("l.ends_on").as("ends_on"),
    ])
    .where(as === "owner" ? "l.owner_id" : "l.borrower_side_id", "=", viewerId)
    .orderBy("l.starts_on", "desc")
    .orderBy("l.created_at", "desc")
    .limit(300)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    state: r.state,
    item: { id: r.item_id, title: r.title, photo: r.card_key ? cardSet({ cardKey: r.card_key, variants: r.variants }) : null },
    otherPartyName: as === "owner" ? r.borrower_name : r.owner_name,
    forProject: r.borrower_project_id !== null,
    initiatedBy: r.initiated_by,
    startsOn: r.starts_on,
    endsOn: r.ends_on,
    expiresAt: r.expires_at,
    awaitingViewer: r.state === "requested" && r.initiated_by !== as,
  }));
}

export interface LoanGroups {
  requests: LoanSummary[];
  active: LoanSummary[];
  history: LoanSummary[];
}

function group(loans: LoanSummary[]): LoanGroups {
  return {
    requests: loans.filter((l) => l.state === "requested"),
    active: loans.filter((l) => ["accepted", "picked_up", "overdue", "returned", "claimed"].includes(l.state)),
    history: loans.filter((l) => ["declined", "expired", "cancelled", "resolved", "closed"].includes(l.state)),
  };
}

/** The lender's inbox: requests to answer, loans out, history. */
export const listOwnerLoans = async (db: Db, ownerId: string) => group(await listLoans(db, ownerId, "owner"));
/** The borrower's view (also project loans the viewer handles for a project). */
export const listBorrowerLoans = async (db: Db, userId: string) => group(await listLoans(db, userId, "borrower"));

// ——— The loan page ——————————————————————————————————————————————————————————

/**
 * A loan as one viewer may see it: the two parties, or a moderator when there is a claim. Anyone
 * else gets null (a 404: we do not even confirm the loan exists).
 */
export async function getLoanPage(db: Db, loanId: string, viewer: Viewer, now: Date): Promise<LoanPage | null> {
  const loan = await getLoan(db, loanId);
  if (!loan) return null;
  const side = sideOf(loan, viewer.id);
  const actor: LoanActor | null = side ?? (viewer.isModerator && (loan.state === "claimed" || loan.state === "resolved") ? "moderator" : null);
  if (!actor) return null;

  const [item, people, events, messages, extension, claim, photoRows, deposit] = await Promise.all([
    db
      .selectFrom("items as i")
      .leftJoin("item_photos as p", (j) => j.onRef("p.item_id", "=", "i.id").on("p.position", "=", 0))
      .leftJoin("uploads as up", "up.id", "p.upload_id")
      .select(["i.id", "i.title", "i.pickup_address", "up.card_key", "up.variants"])
      .where("i.id", "=", loan.itemId)
      .executeTakeFirstOrThrow(),
    db.selectFrom("users").select(["id", "display_name", "handle"]).where("id", "in", [loan.ownerId, loan.borrowerSideId]).execute(),
    db
      .selectFrom("loan_events as e")
      .leftJoin("users as u", "u.id", "e.actor_id")
      .select(["e.id", "e.kind", "e.from_state", "e.to_state", "e.actor_role", "e.note", "e.data", "e.occurred_at", "u.display_name"])
      .where("e.loan_id", "=", loan.id)
      .orderBy("e.id")
      .execute(),
    side ? listLoanMessages(db, loan.id, viewer.id) : Promise.resolve([]),
    db
      .selectFrom("loan_extensions")
      .select([ymd("new_ends_on").as("new_ends_on"), "note"])
      .where("loan_id", "=", loan.id)
      .where("state", "=", "requested")
      .executeTakeFirst(),
    db.selectFrom("loan_claims").selectAll().where("loan_id", "=", loan.id).executeTakeFirst(),
    db.selectFrom("loan_photos").select(["upload_id", "kind"]).where("loan_id", "=", loan.id).orderBy("created_at").execute(),
    getDeposit(db, loan.id),
  ]);
  const images = await getImages(
    db,
    photoRows.map((p) => p.upload_id),
  );
  const person = (id: string) => {
    const p = people.find((x) => x.id === id);
    return { displayName: p?.display_name ?? "", handle: p?.handle ?? "" };
  };
  const { ownerId: _o, borrowerUserId: _b, projectContactId: _c, borrowerSideId: _s, itemId: _i, wantedPostId: _w, ...visible } = loan;
  const holdsItem = loan.state === "accepted" || loan.state === "picked_up" || loan.state === "overdue";
  return {
    loan: { ...visible, days: loanDays(loan.startsOn, loan.endsOn), feeTotalCents: loanFeeCents(loan.feePerDayCents, loan.startsOn, loan.endsOn) },
    viewer: actor,
    item: { id: item.id, title: item.title, photo: item.card_key ? cardSet({ cardKey: item.card_key, variants: item.variants }) : null },
    owner: person(loan.ownerId),
    borrower: person(loan.borrowerSideId),
    projectId: loan.borrowerProjectId,
    // Privacy: the exact address only once accepted, only to the two parties.
    pickupAddress: side && holdsItem ? item.pickup_address : null,
    timeline: events.map((e) => ({
      id: e.id,
      kind: e.kind,
      fromState: e.from_state,
      toState: e.to_state,
      actorRole: e.actor_role,
      actorName: e.display_name,
      note: e.note,
      data: e.data,
      occurredAt: e.occurred_at,
    })),
    messages,
    extension: extension ? { newEndsOn: extension.new_ends_on, note: extension.note } : null,
    claim: claim
      ? {
          amountCents: claim.amount_cents,
          description: claim.description,
          state: claim.state,
          disputeNote: claim.dispute_note,
          decidedAmountCents: claim.decided_amount_cents,
          decisionNote: claim.decision_note,
        }
      : null,
    photos: photoRows.flatMap((p) => {
      const img = images.get(p.upload_id);
      return img ? [{ kind: p.kind, card: img.card, largeUrl: img.largeUrl }] : [];
    }),
    deposit: deposit
      ? {
          path: deposit.path,
          state: deposit.state,
          amountCents: deposit.amountCents,
          methodLabel: deposit.methodLabel,
          heldCents: deposit.heldCents,
          holdExpiresAt: deposit.holdExpiresAt,
          collectedCents: deposit.collectedCents,
          actionUrl: side === "borrower" ? deposit.actionUrl : null,
          lastFailure: side === "borrower" ? deposit.lastFailure : null,
        }
      : null,
    actions: await availableActions(db, loan, actor, now),
    maxEndsOn: addDays(loan.startsOn, loan.maxLoanDays - 1),
    today: today(now),
  };
}

// ——— Items for projects ——————————————————————————————————————————————————————

/**
 * "Lent by neighbours" on a project page: items lent (or promised) to the project, with dates.
 * Read by the project page assembler (app/pages/project-page.server.ts).
 */
export async function listProjectItemLoans(db: Db, projectId: string): Promise<ProjectItemLoan[]> {
  if (!isUuid(projectId)) return [];
  const rows = await db
    .selectFrom("loans as l")
    .innerJoin("items as i", "i.id", "l.item_id")
    .innerJoin("users as o", "o.id", "l.owner_id")
    .leftJoin("item_photos as p", (j) => j.onRef("p.item_id", "=", "i.id").on("p.position", "=", 0))
    .leftJoin("uploads as up", "up.id", "p.upload_id")
    .select([
      "l.id",
      "l.state",
      "i.id as item_id",
      "i.title",
      "up.card_key",
      "up.variants",
      "o.display_name",
      ymd("l.starts_on").as("starts_on"),
      ymd("l.ends_on").as("ends_on"),
    ])
    .where("l.borrower_project_id", "=", projectId)
    .where("l.state", "in", ["accepted", "picked_up", "overdue", "returned", "claimed", "resolved", "closed"])
    .orderBy("l.starts_on")
    .execute();
  return rows.map((r) => ({
    loanId: r.id,
    state: r.state,
    item: { id: r.item_id, title: r.title, photo: r.card_key ? cardSet({ cardKey: r.card_key, variants: r.variants }) : null },
    ownerName: r.display_name,
    startsOn: r.starts_on,
    endsOn: r.ends_on,
  }));
}

// ——— Dashboards ———————————————————————————————————————————————————————————————

/** My items: the lender's inbox, their items, and wanted posts their items match. */
export async function getLenderDashboard(db: Db, viewer: Viewer, now: Date) {
  const [loans, items, wanted] = await Promise.all([
    listOwnerLoans(db, viewer.id),
    listOwnerItems(db, viewer.id),
    listWantedMatchesForOwner(db, { ownerId: viewer.id, neighbourhoodId: viewer.neighbourhoodId, now }),
  ]);
  return { loans, items, wanted };
}

/** My loans: what the member asked for and borrowed, and their wanted posts. */
export async function getBorrowerDashboard(db: Db, viewer: Viewer) {
  const [loans, wanted] = await Promise.all([listBorrowerLoans(db, viewer.id), listMyWantedPosts(db, viewer.id)]);
  return { loans, wanted };
}

/** The wanted board: open posts (the viewer's neighbourhood unless `all`), and the viewer's listed items to offer. */
export async function getWantedBoard(db: Db, viewer: Viewer | null, options: { all: boolean }, now: Date) {
  const neighbourhoodId = viewer && !options.all ? viewer.neighbourhoodId : undefined;
  const [posts, items, neighbourhood] = await Promise.all([
    listWantedPosts(db, { neighbourhoodId, now, viewerId: viewer?.id ?? null }),
    viewer ? listOwnerItems(db, viewer.id) : Promise.resolve([]),
    neighbourhoodId ? db.selectFrom("neighbourhoods").select("name").where("id", "=", neighbourhoodId).executeTakeFirst() : Promise.resolve(undefined),
  ]);
  return {
    posts,
    myItems: items.filter((i) => i.status === "listed").map((i) => ({ id: i.id, title: i.title })),
    neighbourhoodName: neighbourhood?.name ?? null,
  };
}

/** Open damage claims, oldest first, for moderators (/moderation/loan-claims). */
export async function listOpenClaims(db: Db) {
  const rows = await db
    .selectFrom("loan_claims as c")
    .innerJoin("loans as l", "l.id", "c.loan_id")
    .innerJoin("items as i", "i.id", "l.item_id")
    .innerJoin("users as o", "o.id", "l.owner_id")
    .innerJoin("users as b", "b.id", "l.borrower_side_id")
    .select([
      "l.id as loan_id",
      "i.title",
      "c.amount_cents",
      "c.dispute_note",
      "c.created_at",
      "o.display_name as owner_name",
      "b.display_name as borrower_name",
    ])
    .where("c.state", "=", "open")
    .orderBy("c.created_at")
    .limit(200)
    .execute();
  return rows.map((r) => ({
    loanId: r.loan_id,
    itemTitle: r.title,
    amountCents: r.amount_cents,
    disputed: r.dispute_note !== null,
    filedAt: r.created_at,
    ownerName: r.owner_name,
    borrowerName: r.borrower_name,
  }));
}
