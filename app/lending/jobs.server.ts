import { defineJob } from "../services.server";
import { settleDueDeposits } from "./deposits.server";
import { closeClaimWindows, expireDueRequests, expireWantedPosts, markOverdueLoans, sendLoanReminders } from "./sweeps.server";

/** Lending sweeps (listed in app/wiring.server.ts). Each calls the same writer as the pages. */
export const expireLoanRequests = defineJob({
  name: "lending.expire-requests",
  sweep: true,
  schedule: "*/5 * * * *",
  async run({ db, now }) {
    return { processed: await expireDueRequests(db, now) };
  },
});

export const markLoansOverdue = defineJob({
  name: "lending.mark-overdue",
  sweep: true,
  schedule: "*/10 * * * *",
  async run({ db, now }) {
    return { processed: await markOverdueLoans(db, now) };
  },
});

export const closeLoanClaimWindows = defineJob({
  name: "lending.close-claim-windows",
  sweep: true,
  schedule: "*/15 * * * *",
  async run({ db, now }) {
    return { processed: await closeClaimWindows(db, now) };
  },
});

// Hourly: a reminder is keyed by (loan, kind, day), so the first run of the day sends it and the rest do nothing.
export const loanReminders = defineJob({
  name: "lending.send-reminders",
  sweep: true,
  schedule: "7 * * * *",
  async run({ db, now }) {
    return { processed: await sendLoanReminders(db, now) };
  },
});

// After the loan sweeps (which close loans): release, capture or charge what is due, with the same keys.
export const settleDeposits = defineJob({
  name: "lending.settle-deposits",
  sweep: true,
  schedule: "*/5 * * * *",
  async run(ctx) {
    return { processed: await settleDueDeposits(ctx, ctx.now) };
  },
});

export const expireWanted = defineJob({
  name: "lending.expire-wanted",
  sweep: true,
  schedule: "23 * * * *",
  async run({ db, now }) {
    return { processed: await expireWantedPosts(db, now) };
  },
});

export const lendingJobs = [expireLoanRequests, markLoansOverdue, loanReminders, closeLoanClaimWindows, settleDeposits, expireWanted];
