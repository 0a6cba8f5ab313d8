import type { Db } from "../utils/db.server";
import { isBlockedEitherWay } from "../moderation/blocks.server";
import { getLoan, sideOf } from "./loans.server";
import { noticeForMessage } from "./notices.server";
import type { LoanMessage } from "./views";
export type { LoanMessage } from "./views";

/**
 * The message thread of a loan: plain text between owner and borrower. Rate-limited by counting
 * the author's recent messages (business time from the clock), so the limit holds across app
 * instances and tests can move time: at most 5 a minute and 30 an hour.
 */
export const MESSAGE_LIMITS = { perMinute: 5, perHour: 30 };
export const MESSAGE_MAX_LENGTH = 2000;

export type MessageError = "NotFound" | "NotAParty" | "Empty" | "TooLong" | "TooManyMessages" | "Blocked";

export async function postLoanMessage(
  db: Db,
  input: { loanId: string; authorId: string; body: string; now: Date },
): Promise<{ ok: true; id: number } | { ok: false; error: MessageError }> {
  const body = input.body.replace(/\r\n/g, "\n").trim();
  if (body === "") return { ok: false, error: "Empty" };
  if (body.length > MESSAGE_MAX_LENGTH) return { ok: false, error: "TooLong" };
  const loan = await getLoan(db, input.loanId);
  if (!loan) return { ok: false, error: "NotFound" };
  if (!sideOf(loan, input.authorId)) return { ok: false, error: "NotAParty" };
  // Neither side writes to someone they blocked or who blocked them (docs/decisions/060).
  const other = loan.ownerId === input.authorId ? loan.borrowerSideId : loan.ownerId;
  if (await isBlockedEitherWay(db, input.authorId, other)) return { ok: false, error: "Blocked" };
  return db.transaction().execute(async (trx) => {
    // Serialise one author's messages so two quick posts cannot both slip under the limit.
    await trx.selectFrom("users").select("id").where("id", "=", input.authorId).forUpdate().execute();
    const hourAgo = new Date(input.now.getTime() - 3_600_000);
    const minuteAgo = new Date(input.now.getTime() - 60_000);
    const recent = await trx.selectFrom("loan_messages").select("sent_at").where("author_id", "=", input.authorId).where("sent_at", ">", hourAgo).execute();
    const lastMinute = recent.filter((m) => m.sent_at.getTime() > minuteAgo.getTime()).length;
    if (recent.length >= MESSAGE_LIMITS.perHour || lastMinute >= MESSAGE_LIMITS.perMinute) return { ok: false as const, error: "TooManyMessages" as const };
    const row = await trx
      .insertInto("loan_messages")
      .values({ loan_id: loan.id, author_id: input.authorId, body, sent_at: input.now })
      .returning("id")
      .executeTakeFirstOrThrow();
    await noticeForMessage(trx, loan, { messageId: row.id, authorId: input.authorId });
    return { ok: true as const, id: row.id };
  });
}

export async function listLoanMessages(db: Db, loanId: string, viewerId: string): Promise<LoanMessage[]> {
  const rows = await db
    .selectFrom("loan_messages as m")
    .innerJoin("users as u", "u.id", "m.author_id")
    .select(["m.id", "m.author_id", "m.body", "m.sent_at", "m.hidden_at", "m.hidden_reason", "u.display_name"])
    .where("m.loan_id", "=", loanId)
    .orderBy("m.id")
    .limit(500)
    .execute();
  // A message a moderator hid keeps its place in the thread without its text; its author sees why.
  return rows.map((r) => {
    const mine = r.author_id === viewerId;
    const hidden = r.hidden_at !== null;
    return {
      id: r.id,
      authorName: r.display_name,
      mine,
      body: hidden ? "" : r.body,
      sentAt: r.sent_at,
      hidden,
      hiddenReason: hidden && mine ? r.hidden_reason : null,
    };
  });
}
