import type { FileStorage } from "../storage/storage.server";
import { type ImageError, type PreparedImage, prepareImage } from "../storage/images.server";
import type { Db } from "../utils/db.server";
import type { Ymd } from "./days";
import { getLoan, predictLoanEvent, sideOf } from "./loan-queries.server";
import { type ApplyResult, applyLoanEvent, type LoanBy } from "./loan-writer.server";

/**
 * What people do with a loan, by name (what routes and the loan page call): each is one event
 * through the one writer (loan-writer.server.ts). Photos are stored before the transaction —
 * resizing is slow and must not hold locks.
 */
export type UserBy = { userId: string; isModerator?: boolean };
const user = (by: UserBy): LoanBy => ({ kind: "user", userId: by.userId, isModerator: by.isModerator });

export const acceptLoanRequest = (db: Db, loanId: string, by: UserBy, now: Date, note?: string) =>
  applyLoanEvent(db, loanId, user(by), { type: "accept" }, { now, note });

export const declineLoanRequest = (db: Db, loanId: string, by: UserBy, now: Date, note?: string) =>
  applyLoanEvent(db, loanId, user(by), { type: "decline" }, { now, note });

export const cancelLoan = (db: Db, loanId: string, by: UserBy, reason: string, now: Date) =>
  applyLoanEvent(db, loanId, user(by), { type: "cancel", reason }, { now, note: reason });

export const confirmReturn = (db: Db, loanId: string, by: UserBy, now: Date, note?: string) =>
  applyLoanEvent(db, loanId, user(by), { type: "confirm_return" }, { now, note });

export const closeLoan = (db: Db, loanId: string, by: UserBy, now: Date) => applyLoanEvent(db, loanId, user(by), { type: "close" }, { now });

export const requestExtension = (db: Db, loanId: string, by: UserBy, newEndsOn: Ymd, now: Date, note?: string) =>
  applyLoanEvent(db, loanId, user(by), { type: "request_extension", newEndsOn }, { now, note });

export const answerExtension = (db: Db, loanId: string, by: UserBy, accept: boolean, now: Date, note?: string) =>
  applyLoanEvent(db, loanId, user(by), { type: accept ? "accept_extension" : "decline_extension" }, { now, note });

export const disputeClaim = (db: Db, loanId: string, by: UserBy, note: string, now: Date) =>
  applyLoanEvent(db, loanId, user(by), { type: "dispute_claim" }, { now, note });

export const acceptClaim = (db: Db, loanId: string, by: UserBy, now: Date) => applyLoanEvent(db, loanId, user(by), { type: "accept_claim" }, { now });

export const decideClaim = (db: Db, loanId: string, by: UserBy, amountCents: number, note: string, now: Date) =>
  applyLoanEvent(db, loanId, user(by), { type: "decide_claim", amountCents }, { now, note });

/** The photos' files, validated and stored outside the transaction; their rows come with the loan event. */
async function preparePhotos(
  storage: FileStorage,
  ownerId: string,
  purpose: "loan_condition" | "claim_evidence",
  photos: Buffer[],
): Promise<{ ok: true; images: PreparedImage[] } | { ok: false; error: ImageError }> {
  const images: PreparedImage[] = [];
  for (const data of photos) {
    const prepared = await prepareImage(storage, { ownerId, purpose, data });
    if (!prepared.ok) return prepared;
    images.push(prepared.image);
  }
  return { ok: true, images };
}

/** One side confirms the handover, optionally with a note and a photo of the item's condition. */
export async function confirmHandover(
  db: Db,
  storage: FileStorage,
  input: { loanId: string; by: UserBy; note?: string; photo?: Buffer; now: Date },
): Promise<ApplyResult | { ok: false; error: ImageError }> {
  const loan = await getLoan(db, input.loanId);
  if (!loan) return { ok: false, error: "NotFound" };
  if (!sideOf(loan, input.by.userId)) return { ok: false, error: "NotYourTurn" };
  // Photos are stored before the transaction (resizing is slow and must not hold locks).
  const photos = input.photo ? await preparePhotos(storage, input.by.userId, "loan_condition", [input.photo]) : { ok: true as const, images: [] };
  if (!photos.ok) return photos;
  return applyLoanEvent(db, input.loanId, user(input.by), { type: "confirm_handover" }, { now: input.now, note: input.note, photos: photos.images });
}

export const CLAIM_MAX_PHOTOS = 5;

/** The owner reports damage or loss: an amount up to the deposit, a description and 1–5 photos. */
export async function fileClaim(
  db: Db,
  storage: FileStorage,
  input: { loanId: string; by: UserBy; amountCents: number; description: string; photos: Buffer[]; now: Date },
): Promise<ApplyResult | { ok: false; error: ImageError | "PhotosRequired" | "DescriptionRequired" }> {
  if (input.photos.length === 0 || input.photos.length > CLAIM_MAX_PHOTOS) return { ok: false, error: "PhotosRequired" };
  if (input.description.trim() === "") return { ok: false, error: "DescriptionRequired" };
  const loan = await getLoan(db, input.loanId);
  if (!loan) return { ok: false, error: "NotFound" };
  if (sideOf(loan, input.by.userId) !== "owner") return { ok: false, error: "NotYourTurn" };
  // Check the rules before storing photos, so an impossible claim stores nothing.
  const pre = await predictLoanEvent(db, loan, { type: "file_claim", amountCents: input.amountCents }, "owner", input.now);
  if (!pre.ok) return pre;
  const photos = await preparePhotos(storage, input.by.userId, "claim_evidence", input.photos);
  if (!photos.ok) return photos;
  return applyLoanEvent(
    db,
    input.loanId,
    user(input.by),
    { type: "file_claim", amountCents: input.amountCents },
    { now: input.now, note: input.description, photos: photos.images },
  );
}
