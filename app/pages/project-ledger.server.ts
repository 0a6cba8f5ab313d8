import { chainHead, listChainJournals } from "../ledger/chain.server";
import { publicNamesOfPledges } from "../pledges/pledges.server";
import type { ProjectDetail } from "../projects/projects.server";
import type { Db } from "../utils/db.server";
import { buildProjectLedger, type ProjectLedgerLine, type ProjectLedgerTotals } from "./project-ledger";

export interface ProjectLedgerPage {
  project: { id: string; slug: string; title: string; status: ProjectDetail["status"] };
  chain: string;
  head: { seq: number; hash: string; sealedAt: Date | null };
  lines: ProjectLedgerLine[];
  totals: ProjectLedgerTotals;
  /** Lines committed but not sealed yet (sealed within a minute). */
  unsealed: number;
}

/** The project's public ledger: every journal of its chain, names as each backer allowed, the chain head. */
export async function getProjectLedgerPage(db: Db, project: ProjectDetail): Promise<ProjectLedgerPage> {
  const chain = `project:${project.id}`;
  const [journals, head] = await Promise.all([listChainJournals(db, { projectId: project.id }), chainHead(db, chain)]);
  const names = await publicNamesOfPledges(
    db,
    journals.flatMap((j) => (j.refs.pledgeId ? [j.refs.pledgeId] : [])),
  );
  const { lines, totals } = buildProjectLedger(project.id, journals, names);
  return {
    project: { id: project.id, slug: project.slug, title: project.title, status: project.status },
    chain,
    head,
    lines,
    totals,
    unsealed: lines.filter((l) => l.seq === null).length,
  };
}
