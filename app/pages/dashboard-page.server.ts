import { fundingSeries, listBackersForInitiator, tierTotals } from "../pledges/pledges.server";
import { budgetTotal } from "../projects/project";
import { listProjectEvents, type ProjectDetail } from "../projects/projects.server";
import type { Db } from "../utils/db.server";
import type { DashboardPage } from "./dashboard-page";

export type { DashboardPage } from "./dashboard-page";

/** The initiator's dashboard (/projects/<slug>/dashboard): the project's history (projects) and its backers and money (pledges). */
export async function getDashboardPage(db: Db, input: { project: ProjectDetail; now: Date }): Promise<DashboardPage> {
  const { project } = input;
  const [events, backers, tiers, series] = await Promise.all([
    listProjectEvents(db, project.id),
    listBackersForInitiator(db, project.id),
    tierTotals(db, project.id),
    fundingSeries(db, project.id),
  ]);
  return {
    project,
    events: events.filter((e) => e.event !== "edited"),
    backers,
    tiers,
    series,
    now: input.now,
    planTotalCents: budgetTotal(project.budgetLines),
  };
}
