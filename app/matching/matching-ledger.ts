/**
 * Matching's accounts in the one chart (app/ledger/ledger.ts, docs/decisions/056-matching-pools.md):
 *   organisation:<organisationId>   the co-funder's own money (goes negative as it promises and pays)
 *   project_matching:<projectId>    what organisations owe a succeeded project (commitment book)
 *   project:<projectId>             the project's cash, where a paid match lands
 *   organisation_fund:<organisationId>  the organisation's neighbourhood fund (decision 080): a pool
 *                                   funded from it pays its matches from this cash, not the organisation's
 * Live matches are not in the ledger (they change with every pledge; pool_matches and its events
 * keep them): the ledger starts at the deadline, when a match becomes an obligation.
 *   matching.obligated  commitment: organisation → project_matching
 *   matching.paid       commitment: project_matching → organisation; cash: organisation (or its fund) → project
 *   matching.released   commitment: project_matching → organisation (a succeeded project cancelled)
 */
import { accounts } from "../ledger/ledger";

export function matchingAccounts(ids: { organisationId: string; projectId: string }) {
  return {
    organisation: accounts.organisation(ids.organisationId),
    projectMatching: `project_matching:${ids.projectId}`,
    project: accounts.project(ids.projectId),
    fund: accounts.organisationFund(ids.organisationId),
  };
}

export const MATCHING_JOURNAL_KINDS = ["matching.obligated", "matching.paid", "matching.released"] as const;
