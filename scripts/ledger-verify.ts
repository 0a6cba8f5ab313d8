/**
 * `npm run ledger:verify`: checks that every journal balances, that no journal changed after it was
 * posted, that reversals mirror their originals, and every feature's own check (e.g. each
 * project's ledger balance equals its collected total). Exits 1 with a readable report if not.
 */
import { formatLedgerReport, verifyLedger } from "../app/ledger/verify.server";
import { DataDirLockedError } from "../app/utils/data-dir-lock.server";
import { boot } from "../server/boot";

let booted;
try {
  booted = await boot({ purpose: "npm run ledger:verify", work: false, startQueue: false });
} catch (error) {
  if (error instanceof DataDirLockedError) {
    console.error(error.message);
    process.exit(2);
  }
  throw error;
}
let ok: boolean;
try {
  const report = await verifyLedger(booted.services.db, booted.services.extensions.ledgerChecks);
  console.log(formatLedgerReport(report));
  ok = report.ok;
} finally {
  await booted.shutdown();
}
process.exit(ok ? 0 : 1);
