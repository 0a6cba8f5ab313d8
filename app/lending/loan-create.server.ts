import type { Selectable } from "kysely";
import type { ItemsTable } from "../../db/schema";
import { type Db, isUniqueViolation, type Trx } from "../utils/db.server";
import { isUuid } from "../utils/ids";
import { today, type Ymd } from "./days";
import { canBorrow, type EligibilityError } from "./item";
import { checkRequestedDays, type LoanSide, type RequestError, requestExpiresAt } from "./loan";
import { bookedOverlapBy, getLoan } from "./loan-queries.server";
import { noticesForEvent } from "./notices.server";
import { ymd } from "./sql.server";
import { isBlocked } from "../moderation/blocks.server";
import { inItemCircle } from "./circles.server";
import type { GatedItemTerms, TrustRefusal } from "../services.server";
import { borrowGates } from "./trust-gates.server";

/**
 * THE way a loan begins (docs/lending.md): a member asks to borrow an item, an owner offers an
 * item for a wanted post, or an owner lends one to a live project. All three are one opening
 * (`openLoan`): in one transaction, read the item's terms under a share lock, check who may take
 * part and which days, refuse taken days, and insert the loan in state "requested" with its first
 * event and notices. The differences are in `partiesOf` — who borrows, who answers, and which days.
 */
export type CreateLoanError =
  RequestError | EligibilityError | TrustRefusal | "NotFound" | "DaysTaken" | "DaysYours" | "AlreadyRequested" | "WantedClosed" | "ProjectIsYours" | "Blocked";
type CreateResult = { ok: true; loanId: string } | { ok: false; error: CreateLoanError } | { ok: false; error: "CompanionFailed"; companionError: string };

/**
 * Something another feature records together with a new loan, in the loan's own transaction (a
 * project's material need lent from the library: app/needs/loan-needs.server.ts). It returns an
 * error key to refuse, and then nothing of the loan is kept either. The caller — a route, which may
 * combine features — passes it; lending never knows what it does.
 */
export type LoanCompanion = (trx: Trx, loanId: string) => Promise<{ error: string } | null>;

class CompanionRefused extends Error {
  constructor(readonly companionError: string) {
    super(companionError);
  }
}

export interface CreateLoanInput {
  itemId: string;
  startsOn: Ymd;
  endsOn: Ymd;
  message: string;
  now: Date;
}

export type LoanOpening =
  | ({ kind: "request"; borrowerId: string } & CreateLoanInput)
  | { kind: "wanted_offer"; ownerId: string; itemId: string; wantedPostId: string; message: string; now: Date }
  | ({ kind: "project"; ownerId: string; project: { id: string; contactUserId: string } } & CreateLoanInput);

const itemTermsColumns = [
  "id",
  "owner_id",
  "status",
  "audience",
  "neighbourhood_id",
  "deposit_cents",
  "fee_per_day_cents",
  "max_loan_days",
  "hidden_at",
  "replacement_value_cents",
  "min_trust_level",
  "waive_deposit_trusted",
] as const;
type ItemTerms = Pick<Selectable<ItemsTable>, (typeof itemTermsColumns)[number]>;

/** Who takes part and for which days, per kind of opening; or why this opening is refused. */
type Parties = {
  borrowerUserId: string | null;
  project: { id: string; contactUserId: string } | null;
  initiatedBy: LoanSide;
  wantedPostId: string | null;
  startsOn: Ymd;
  endsOn: Ymd;
  /** The deposit this borrower pays: the item's, or none when the owner waives it for trusted neighbours. */
  depositCents: number;
};

const gatedTerms = (item: ItemTerms): GatedItemTerms => ({
  replacementValueCents: item.replacement_value_cents,
  depositCents: item.deposit_cents,
  minTrustLevel: item.min_trust_level,
  waiveDepositTrusted: item.waive_deposit_trusted,
});

async function hasBorrowedFrom(trx: Trx, ownerId: string, borrowerId: string): Promise<boolean> {
  const row = await trx
    .selectFrom("loans")
    .select("id")
    .where("owner_id", "=", ownerId)
    .where("borrower_user_id", "=", borrowerId)
    .where("picked_up_at", "is not", null)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

async function ownerSuspended(trx: Trx, ownerId: string): Promise<boolean> {
  const row = await trx.selectFrom("users").select("suspended_at").where("id", "=", ownerId).executeTakeFirst();
  return row?.suspended_at != null;
}

async function partiesOf(trx: Trx, opening: LoanOpening, item: ItemTerms): Promise<Parties | CreateLoanError> {
  switch (opening.kind) {
    case "request": {
      const borrower = await trx.selectFrom("users").select(["id", "neighbourhood_id"]).where("id", "=", opening.borrowerId).executeTakeFirstOrThrow();
      const eligibility = canBorrow(
        { ownerId: item.owner_id, status: item.status, audience: item.audience, neighbourhoodId: item.neighbourhood_id },
        {
          id: borrower.id,
          neighbourhoodId: borrower.neighbourhood_id,
          hasBorrowedFromOwner: await hasBorrowedFrom(trx, item.owner_id, borrower.id),
          inItemCircle: item.audience === "circles" && (await inItemCircle(trx, item.id, borrower.id)),
        },
      );
      if (eligibility) return eligibility;
      // A hidden item, or a suspended owner's, is not there; someone the owner blocked may not ask (decision 060).
      if (item.hidden_at !== null || (await ownerSuspended(trx, item.owner_id))) return "NotListed";
      if (await isBlocked(trx, item.owner_id, borrower.id)) return "Blocked";
      const terms = await borrowGates().borrowTerms(trx, { userId: borrower.id, item: gatedTerms(item) });
      if (terms.refusal) return terms.refusal;
      return {
        borrowerUserId: borrower.id,
        project: null,
        initiatedBy: "borrower",
        wantedPostId: null,
        startsOn: opening.startsOn,
        endsOn: opening.endsOn,
        depositCents: terms.depositCents,
      };
    }
    case "wanted_offer": {
      if (item.owner_id !== opening.ownerId) return "NotFound";
      if (item.status !== "listed") return "NotListed";
      const post = await trx
        .selectFrom("wanted_posts")
        .select(["id", "author_id", "state", "expires_at", ymd("needed_from").as("needed_from"), ymd("needed_until").as("needed_until")])
        .where("id", "=", opening.wantedPostId)
        .executeTakeFirst();
      if (!post) return "NotFound";
      if (post.state !== "open" || post.expires_at.getTime() <= opening.now.getTime()) return "WantedClosed";
      if (post.author_id === opening.ownerId) return "OwnItem";
      // The asker's days, from today if the first day has already begun.
      const startsOn = post.needed_from < today(opening.now) ? today(opening.now) : post.needed_from;
      // The owner offers: they chose this borrower, so only the deposit waiver applies, not the refusals.
      const terms = await borrowGates().borrowTerms(trx, { userId: post.author_id, item: gatedTerms(item) });
      return {
        borrowerUserId: post.author_id,
        project: null,
        initiatedBy: "owner",
        wantedPostId: post.id,
        startsOn,
        endsOn: post.needed_until,
        depositCents: terms.depositCents,
      };
    }
    case "project":
      if (item.owner_id !== opening.ownerId) return "NotFound";
      if (item.status !== "listed") return "NotListed";
      return {
        borrowerUserId: null,
        project: opening.project,
        initiatedBy: "owner",
        wantedPostId: null,
        startsOn: opening.startsOn,
        endsOn: opening.endsOn,
        depositCents: item.deposit_cents,
      };
  }
}

function preflight(opening: LoanOpening): CreateLoanError | null {
  if (!isUuid(opening.itemId)) return "NotFound";
  if (opening.kind === "wanted_offer" && !isUuid(opening.wantedPostId)) return "NotFound";
  if (opening.kind === "project") {
    if (!isUuid(opening.project.id)) return "NotFound";
    if (opening.project.contactUserId === opening.ownerId) return "ProjectIsYours";
  }
  return null;
}

export async function openLoan(db: Db, opening: LoanOpening, companion?: LoanCompanion): Promise<CreateResult> {
  const refused = preflight(opening);
  if (refused) return { ok: false, error: refused };
  try {
    return await db.transaction().execute(async (trx): Promise<CreateResult> => {
      // FOR SHARE: a pause/unlist (FOR UPDATE) either sees this loan and declines it, or comes first.
      const item = await trx.selectFrom("items").select(itemTermsColumns).where("id", "=", opening.itemId).forShare().executeTakeFirst();
      if (!item) return { ok: false, error: "NotFound" };
      const parties = await partiesOf(trx, opening, item);
      if (typeof parties === "string") return { ok: false, error: parties };
      const daysError = checkRequestedDays({ startsOn: parties.startsOn, endsOn: parties.endsOn, maxLoanDays: item.max_loan_days }, opening.now);
      if (daysError) return { ok: false, error: daysError };
      const booked = await bookedOverlapBy(trx, item.id, parties.startsOn, parties.endsOn);
      // Days one already borrows oneself are not "lent to someone else" (issue 13 §7).
      if (booked) return { ok: false, error: booked.borrowerUserId !== null && booked.borrowerUserId === parties.borrowerUserId ? "DaysYours" : "DaysTaken" };
      const loanId = await insertLoan(trx, item, parties, opening.message, opening.now);
      const refusedBy = companion ? await companion(trx, loanId) : null;
      // Thrown, so the transaction rolls back: the loan, its event and its notices are not kept.
      if (refusedBy) throw new CompanionRefused(refusedBy.error);
      return { ok: true, loanId };
    });
  } catch (error) {
    if (error instanceof CompanionRefused) return { ok: false, error: "CompanionFailed", companionError: error.companionError };
    if (isUniqueViolation(error, "loans_one_open_request")) return { ok: false, error: "AlreadyRequested" };
    throw error;
  }
}

async function insertLoan(trx: Trx, item: ItemTerms, parties: Parties, message: string, now: Date): Promise<string> {
  const text = message.trim().slice(0, 1000);
  const row = await trx
    .insertInto("loans")
    .values({
      item_id: item.id,
      owner_id: item.owner_id,
      borrower_user_id: parties.borrowerUserId,
      borrower_project_id: parties.project?.id ?? null,
      project_contact_id: parties.project?.contactUserId ?? null,
      initiated_by: parties.initiatedBy,
      wanted_post_id: parties.wantedPostId,
      state: "requested",
      starts_on: parties.startsOn,
      ends_on: parties.endsOn,
      message: text,
      deposit_cents: parties.depositCents,
      fee_per_day_cents: item.fee_per_day_cents,
      max_loan_days: item.max_loan_days,
      expires_at: requestExpiresAt(now, parties.endsOn),
      created_at: now,
      updated_at: now,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  const actorId = parties.initiatedBy === "owner" ? item.owner_id : (parties.borrowerUserId ?? parties.project!.contactUserId);
  await trx
    .insertInto("loan_events")
    .values({
      loan_id: row.id,
      actor_id: actorId,
      actor_role: parties.initiatedBy,
      kind: parties.initiatedBy === "owner" ? "offered" : "requested",
      from_state: null,
      to_state: "requested",
      note: text ? text : null,
      data: JSON.stringify({ startsOn: parties.startsOn, endsOn: parties.endsOn, wantedPostId: parties.wantedPostId, projectId: parties.project?.id ?? null }),
      occurred_at: now,
    })
    .execute();
  const loan = (await getLoan(trx, row.id))!;
  await noticesForEvent(trx, loan, "created", parties.initiatedBy);
  return row.id;
}

/** A member asks to borrow an item for some days (a loan request the owner answers). */
export function requestLoan(db: Db, input: CreateLoanInput & { borrowerId: string }): Promise<CreateResult> {
  return openLoan(db, { kind: "request", ...input });
}

/** An owner offers an item to a wanted post: a request the asker accepts or declines. */
export function offerItemForWanted(
  db: Db,
  input: { ownerId: string; itemId: string; wantedPostId: string; message: string; now: Date },
): Promise<CreateResult> {
  return openLoan(db, { kind: "wanted_offer", ...input });
}

/**
 * An owner lends an item to a live project (a material need): an offer the project's contact
 * (its initiator) accepts. The caller resolves the project — the projects feature owns that table.
 */
export function lendItemToProject(
  db: Db,
  input: CreateLoanInput & { ownerId: string; project: { id: string; contactUserId: string } },
  companion?: LoanCompanion,
): Promise<CreateResult> {
  return openLoan(db, { kind: "project", ...input }, companion);
}
