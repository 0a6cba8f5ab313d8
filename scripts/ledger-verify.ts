/**
 * `npm run ledger:verify`: checks that every journal balances, that no journal changed after it was
 * posted, that reversals mirror their originals, and every feature's own check (e.g. each
 * project's ledger balance equals its collected total). With `-- --gateway` it also compares the
 * gateway's own record of payments, holds and refunds with the ledger (docs/decisions/027;
 * `--since 14d|<ISO>`, `--until <ISO>`, `--grace 5m`). Exits 1 with a readable report if anything
 * is wrong, 2 for bad arguments.
 */
import { parseVerifyArgs, VERIFY_USAGE } from "../app/reconciliation/cli";
import { runLedgerVerify } from "../app/reconciliation/cli.server";
import { DataDirLockedError } from "../app/utils/data-dir-lock.server";
import { boot } from "../server/boot";

const argv = process.argv.slice(2);
// Bad arguments are told before the database is opened (the run parses them again, on the services' clock).
const checked = parseVerifyArgs(argv, new Date());
if (!checked.ok) {
  console.error(`${checked.error}\n${VERIFY_USAGE}`);
  process.exit(2);
}

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
let exitCode: number;
try {
  const { services } = booted;
  const result = await runLedgerVerify(
    {
      db: services.db,
      gateway: services.gateway,
      clock: services.clock,
      ledgerChecks: services.extensions.ledgerChecks,
      reconcilers: services.extensions.reconcilers,
    },
    argv,
  );
  (result.exitCode === 2 ? console.error : console.log)(result.output);
  exitCode = result.exitCode;
} finally {
  await booted.shutdown();
}
process.exit(exitCode);
