import { payoutBlocker } from "../payouts/payout";
import { getPayoutAccountRow, getPayoutStatement, isSettlementComplete } from "../payouts/payouts.server";
import type { PaymentGateway } from "../payments/gateway";
import { fundingSeries, listBackersForInitiator, tierTotals } from "../pledges/pledges.server";
import { budgetTotal } from "../projects/project";
import { listProjectEvents, type ProjectDetail } from "../projects/projects.server";
import type { Db } from "../utils/db.server";
import type { DashboardPage } from "./dashboard-page";

export type { DashboardPage } from "./dashboard-page";

/** The initiator's dashboard (/projects/<slug>/dashboard): the project's history (projects) and its backers and money (pledges). */
export async function getDashboardPage(db: Db, input: { project: ProjectDetail; now: Date; gateway: PaymentGateway["kind"] }): Promise<DashboardPage> {
  const { project } = input;
  const [events, backers, tiers, series, payout] = await Promise.all([
    listProjectEvents(db, project.id),
    listBackersForInitiator(db, project.id),
    tierTotals(db, project.id),
    fundingSeries(db, project.id),
    getPayoutSection(db, project, input.gateway),
  ]);
  return {
    project,
    events: events.filter((e) => e.event !== "edited"),
    backers,
    tiers,
    series,
    now: input.now,
    planTotalCents: budgetTotal(project.budgetLines),
    payout,
  };
}

/** Shown once the project is decided in its favour (succeeded, or paid out). */
async function getPayoutSection(db: Db, project: ProjectDetail, gateway: PaymentGateway["kind"]): Promise<DashboardPage["payout"]> {
  if (project.status !== "succeeded" && project.status !== "paid_out") return null;
  const [row, statement, settled] = await Promise.all([
    getPayoutAccountRow(db, project.initiator.id, gateway),
    getPayoutStatement(db, project.id),
    isSettlementComplete(db, project.id),
  ]);
  const account = { status: row?.status ?? ("none" as const), bankLast4: row?.bank_last4 ?? null, bankName: row?.bank_name ?? null };
  return {
    account,
    statement,
    blocker: payoutBlocker({ projectStatus: project.status, settled, account: account.status, payableCents: statement.payableCents }),
  };
}
