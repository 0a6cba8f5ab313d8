import { formatLedgerReport, type LedgerCheck, verifyLedger } from "../ledger/verify.server";
import type { PaymentGateway } from "../payments/gateway";
import type { Clock } from "../utils/clock.server";
import type { Db } from "../utils/db.server";
import { parseVerifyArgs, VERIFY_USAGE } from "./cli";
import { type Reconcilers, reconcileWithGateway } from "./reconcile.server";
import { formatReconciliationReport } from "./report";

/**
 * `npm run ledger:verify [-- --gateway …]` (scripts/ledger-verify.ts): the ledger's own checks and,
 * with --gateway, the reconciliation with the gateway's own record. Exit code 0 when both are
 * sound, 1 when either is not, 2 for bad arguments. Reads only; stores nothing (the hourly job
 * stores its runs).
 */
export interface VerifyDeps {
  db: Db;
  gateway: PaymentGateway;
  clock: Pick<Clock, "now">;
  ledgerChecks: readonly LedgerCheck[];
  reconcilers: Reconcilers;
}

export async function runLedgerVerify(deps: VerifyDeps, argv: readonly string[]): Promise<{ exitCode: 0 | 1 | 2; output: string }> {
  const now = deps.clock.now();
  const parsed = parseVerifyArgs(argv, now);
  if (!parsed.ok) return { exitCode: 2, output: `${parsed.error}\n${VERIFY_USAGE}` };
  const { args } = parsed;
  const ledger = await verifyLedger(deps.db, deps.ledgerChecks);
  const parts = [formatLedgerReport(ledger)];
  let ok = ledger.ok;
  if (args.gateway) {
    const report = await reconcileWithGateway(
      { db: deps.db, gateway: deps.gateway, reconcilers: deps.reconcilers },
      { since: args.since, until: args.until, now, graceMs: args.graceMs },
    );
    parts.push(formatReconciliationReport(report, "en"));
    ok = ok && report.ok;
  }
  return { exitCode: ok ? 0 : 1, output: parts.join("\n\n") };
}
