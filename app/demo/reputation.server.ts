import { markAllRead } from "../notifications/notifications.server";
import { rebuildAllRecords } from "../reputation/projection.server";
import { replyToReview, submitLoanReview } from "../reputation/reviews.server";
import type { SeedContext } from "./context.server";
import { seedUuid } from "./lending.server";

/**
 * The demo's reviews (issue 12): both sides of some of the closed demo loans reviewed each other,
 * through the real review writer at past moments inside each loan's 14-day window, so profiles and
 * the requester's record are not empty; then every record is rebuilt at `now` (levels age).
 * Idempotent: a loan that has a review already is left alone.
 */
const reviews: { item: string; owner: [stars: number, body: string]; borrower: [stars: number, body: string]; reply?: string }[] = [
  {
    item: "drill",
    owner: [5, "Eva bracht de boormachine schoon en op tijd terug. Graag weer!"],
    borrower: [5, "Werkte perfect, boren zaten erbij. Mohammed legde alles goed uit."],
    reply: "Dank je Eva, tot de volgende klus!",
  },
  { item: "ladder", owner: [5, "Netjes teruggezet in de schuur."], borrower: [4, "Stevige ladder, ophalen ging vlot."] },
  { item: "chairs", owner: [4, "Alles terug, één stoel wat vies maar prima."], borrower: [5, "Precies genoeg stoelen voor het feest."] },
  { item: "waffle", owner: [5, "Schoongemaakt terug, top."], borrower: [5, "Heerlijke wafels gebakken, dank je Fatma!"] },
];

const HOUR = 3_600_000;

export async function seedReputation(ctx: SeedContext): Promise<void> {
  const { db, now } = ctx;
  const told = new Set<string>();
  for (const r of reviews) {
    const loan = await db
      .selectFrom("loans")
      .select(["id", "owner_id", "borrower_user_id", "returned_at"])
      .where("item_id", "=", seedUuid(`item:${r.item}`))
      .where("state", "=", "closed")
      .orderBy("created_at")
      .executeTakeFirst();
    if (!loan || !loan.borrower_user_id || !loan.returned_at) continue;
    const already = await db.selectFrom("reviews").select("id").where("loan_id", "=", loan.id).limit(1).executeTakeFirst();
    if (already) continue;
    const at = (hours: number) => new Date(Math.min(loan.returned_at!.getTime() + hours * HOUR, now.getTime() - 60_000));
    const first = await submitLoanReview(db, {
      loanId: loan.id,
      reviewerId: loan.borrower_user_id,
      stars: r.borrower[0],
      body: r.borrower[1],
      answer: true,
      now: at(3),
    });
    if (!first.ok) throw new Error(`seed review ${r.item}: ${first.error}`);
    const second = await submitLoanReview(db, { loanId: loan.id, reviewerId: loan.owner_id, stars: r.owner[0], body: r.owner[1], answer: true, now: at(20) });
    if (!second.ok) throw new Error(`seed review ${r.item}: ${second.error}`);
    told.add(loan.owner_id).add(loan.borrower_user_id);
    if (r.reply) {
      const replied = await replyToReview(db, { reviewId: first.reviewId, userId: loan.owner_id, text: r.reply, now: at(26) });
      if (!replied.ok) throw new Error(`seed reply ${r.item}: ${replied.error}`);
    }
  }
  // The seeded reviews are history: their notices are read, so the demo starts with a quiet bell.
  for (const userId of told) await markAllRead(db, userId, now);
  await rebuildAllRecords(db, now);
}
