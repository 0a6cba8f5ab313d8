import { applyCommunityLoanEventTx } from "../community-loans/community-loans.server";
import { markAllRead } from "../notifications/notifications.server";
import { ensureGatewayCustomer } from "../payments/customers.server";
import { createSimulatedGateway } from "../payments/simulated/gateway.server";
import { createLogger } from "../utils/logger.server";
import type { SeedContext } from "./context.server";

/**
 * The demo's community loan (app/community-loans): De Kroon's oven loan started at its deadline
 * (app/demo/projects.server.ts); here Sanne repays the first installment on the simulated hosted
 * page, the day before it was due, and the payment is applied as its event would (the seed's gateway
 * delivers no events; when the app later delivers it, the writer finds it paid and ignores it).
 */
export async function seedCommunityLoans(ctx: SeedContext): Promise<void> {
  const { db, now } = ctx;
  const loan = await db
    .selectFrom("community_loans as l")
    .innerJoin("projects as p", "p.id", "l.project_id")
    .select(["l.id", "l.borrower_id"])
    .where("p.slug", "=", "oven-buurtcafe-de-kroon")
    .executeTakeFirst();
  if (!loan) return;
  const first = await db
    .selectFrom("community_loan_installments")
    .select(["id", "status", "amount_cents", "due_on"])
    .where("loan_id", "=", loan.id)
    .where("n", "=", 1)
    .executeTakeFirstOrThrow();
  if (first.status === "paid") return;
  const when = new Date(Math.min(first.due_on.getTime() - 86_400_000, now.getTime()));
  const gateway = createSimulatedGateway({
    db,
    clock: { now: () => when },
    appUrl: process.env.APP_URL ?? "http://localhost:3000",
    logger: createLogger("silent"),
  });
  const user = await db.selectFrom("users").select(["id", "email", "display_name"]).where("id", "=", loan.borrower_id).executeTakeFirstOrThrow();
  const customerId = await ensureGatewayCustomer({ db, gateway }, { id: user.id, email: user.email, displayName: user.display_name });
  const back = `${process.env.APP_URL ?? "http://localhost:3000"}/projects/oven-buurtcafe-de-kroon/buurtlening`;
  const session = await gateway.createPaymentSession({
    customerId,
    amountCents: first.amount_cents,
    description: "Buurtlening De Kroon: termijn 1",
    returnUrl: back,
    cancelUrl: back,
    metadata: { purpose: "community_loan", installmentId: first.id, loanId: loan.id },
    idempotencyKey: `seed:community_loan:${first.id}`,
  });
  const paid = await gateway.hosted.submitCard(session.id, { number: "4242 4242 4242 4242", expMonth: 12, expYear: 2099, cvc: "123" });
  if (!paid.ok) throw new Error("seed community loan: the repayment was refused");
  const done = await gateway.getSession(session.id);
  if (!done?.paymentId) throw new Error("seed community loan: no payment");
  const r = await db
    .transaction()
    .execute((trx) => applyCommunityLoanEventTx(trx, { installmentId: first.id, event: "pay", paymentId: done.paymentId!, actorId: null, now: when }));
  if (!r.ok) throw new Error(`seed community loan: ${r.error}`);
  // History: the lenders' notices are read, so the demo starts with a quiet bell.
  const people = await db.selectFrom("community_loan_lenders").select("user_id").where("loan_id", "=", loan.id).execute();
  for (const id of [loan.borrower_id, ...people.map((p) => p.user_id)]) await markAllRead(db, id, now);
}
