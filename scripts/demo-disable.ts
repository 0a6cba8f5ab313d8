/**
 * `npm run demo:disable`: locks every demo account (a random password each, suspended), so a
 * database that once held the demo can serve a public APP_URL. Their history stays: pledges, loans
 * and ledger journals refer to them and the ledger is append-only.
 */
import { DataDirLockedError } from "../app/utils/data-dir-lock.server";
import { EnvError } from "../app/utils/env.server";
import { boot } from "../server/boot";
import { disableDemoAccounts } from "../server/demo";

let booted;
try {
  booted = await boot({ purpose: "npm run demo:disable", work: false, startQueue: false });
} catch (error) {
  if (error instanceof DataDirLockedError || error instanceof EnvError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}
try {
  const emails = await disableDemoAccounts(booted.services.db, booted.services.clock.now());
  console.log(emails.length ? `Locked ${emails.length} demo accounts: ${emails.join(", ")}` : "No open demo accounts.");
} finally {
  await booted.shutdown();
}
