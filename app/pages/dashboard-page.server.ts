import { payoutBlocker } from "../payouts/payout";
import { getPayoutAccountRow, getPayoutStatement, isSettlementComplete } from "../payouts/payouts.server";
import type { PaymentGateway } from "../payments/gateway";
import { fundingSeries, listBackersForInitiator, tierTotals } from "../pledges/pledges.server";
import { budgetTotal } from "../projects/project";
import { listProjectEvents, type ProjectDetail } from "../projects/projects.server";
import { listOpenQuestionsForTeam } from "../questions/reads.server";
import { mayDo, projectPermissions, type ProjectStanding } from "../projects/team";
import { listTeamForManager } from "../projects/team.server";
import type { Db } from "../utils/db.server";
import type { DashboardPage } from "./dashboard-page";

export type { DashboardPage } from "./dashboard-page";

/**
 * The project's dashboard (/projects/<slug>/dashboard) for its initiator and co-initiators: the
 * project's history (projects), its backers and money (pledges), the team, and the questions
 * waiting for the team's answer (questions). Only what the viewer's
 * standing allows is read (decision 071).
 */
export async function getDashboardPage(
  db: Db,
  input: { project: ProjectDetail; standing: ProjectStanding; viewerId: string; now: Date; gateway: PaymentGateway["kind"] },
): Promise<DashboardPage> {
  const { project } = input;
  const can = Object.fromEntries(projectPermissions.map((p) => [p, mayDo(input.standing, p)])) as DashboardPage["can"];
  const [events, backers, tiers, series, payout, members, openQuestions] = await Promise.all([
    listProjectEvents(db, project.id),
    can.see_backers ? listBackersForInitiator(db, project.id) : Promise.resolve([]),
    tierTotals(db, project.id),
    fundingSeries(db, project.id),
    can.payouts ? getPayoutSection(db, project, input.gateway) : Promise.resolve(null),
    listTeamForManager(db, project.id),
    can.answer ? listOpenQuestionsForTeam(db, { id: project.id, initiatorId: project.initiator.id }, input.viewerId) : Promise.resolve([]),
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
    openQuestions,
    can,
    team: { members, payoutTo: project.initiator.displayName },
  };
}

/** Shown once the project is decided in its favour (succeeded, or paid out), and while an ongoing project runs (paid out monthly, decision 079). */
async function getPayoutSection(db: Db, project: ProjectDetail, gateway: PaymentGateway["kind"]): Promise<DashboardPage["payout"]> {
  const ongoing = project.fundingModel === "ongoing" && project.status === "live";
  if (!ongoing && project.status !== "succeeded" && project.status !== "paid_out") return null;
  const [row, statement, settled] = await Promise.all([
    getPayoutAccountRow(db, project.initiator.id, gateway),
    getPayoutStatement(db, project.id),
    isSettlementComplete(db, project.id),
  ]);
  const account = { status: row?.status ?? ("none" as const), bankLast4: row?.bank_last4 ?? null, bankName: row?.bank_name ?? null };
  return {
    account,
    statement,
    monthly: ongoing,
    blocker: payoutBlocker({ projectStatus: project.status, ongoing, settled, account: account.status, payableCents: statement.payableCents }),
  };
}
