import { depositsMatchLedger } from "../lending/ledger-checks.server";
import { projectBalancesMatchCollected, projectCommitmentsMatchPledges } from "../pledges/ledger-checks.server";
import type { LedgerCheck } from "./verify.server";

/**
 * Per-feature ledger checks run by `npm run ledger:verify` after the built-in ones (every journal
 * balances, no journal changed after posting, reversals mirror their originals).
 *
 * Features register theirs here, e.g. projects: "each project's ledger balance equals its
 * collected total". A check returns one readable line per problem; an empty list means fine.
 *
 *   import { projectBalancesMatchCollected } from "../projects/ledger-checks.server";
 *   export const ledgerChecks: LedgerCheck[] = [projectBalancesMatchCollected];
 */
export const ledgerChecks: LedgerCheck[] = [projectBalancesMatchCollected, projectCommitmentsMatchPledges, depositsMatchLedger];
