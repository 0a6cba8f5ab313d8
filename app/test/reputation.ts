import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { addDays, today } from "../lending/days";
import { acceptLoanRequest, confirmHandover, confirmReturn, requestLoan } from "../lending/loans.server";
import type { FileStorage } from "../storage/storage.server";

const HOUR = 3_600_000;

/** Marks a test user's e-mail as verified (level 1 needs it). */
export async function verifyEmail(db: Kysely<Database>, userId: string, at = new Date("2026-01-01T00:00:00Z")): Promise<void> {
  await db.updateTable("users").set({ email_verified_at: at }).where("id", "=", userId).execute();
}

/**
 * A loan from request to return through the lending module's real functions (the writer and its
 * registered effects): requested at `start`, accepted an hour later, handed over, returned `days`
 * later. Returns the loan id and the time of the return.
 */
export async function completeLoan(
  db: Kysely<Database>,
  storage: FileStorage,
  input: { itemId: string; ownerId: string; borrowerId: string; start: Date; days?: number },
): Promise<{ loanId: string; returnedAt: Date }> {
  const days = input.days ?? 2;
  const startsOn = today(input.start);
  const requested = await requestLoan(db, {
    itemId: input.itemId,
    borrowerId: input.borrowerId,
    startsOn,
    endsOn: addDays(startsOn, days),
    message: "",
    now: input.start,
  });
  if (!requested.ok) throw new Error(`request failed: ${requested.error}`);
  const loanId = requested.loanId;
  const accepted = await acceptLoanRequest(db, loanId, { userId: input.ownerId }, new Date(input.start.getTime() + HOUR));
  if (!accepted.ok) throw new Error(`accept failed: ${accepted.error}`);
  const handover = new Date(input.start.getTime() + 2 * HOUR);
  for (const userId of [input.ownerId, input.borrowerId]) {
    const r = await confirmHandover(db, storage, { loanId, by: { userId }, now: handover });
    if (!r.ok) throw new Error(`handover failed: ${r.error}`);
  }
  const returnedAt = new Date(input.start.getTime() + days * 24 * HOUR);
  const returned = await confirmReturn(db, loanId, { userId: input.ownerId }, returnedAt);
  if (!returned.ok) throw new Error(`return failed: ${returned.error}`);
  return { loanId, returnedAt };
}
