/**
 * `npm run reputation:rebuild`: recomputes every member's track record and trust level
 * (reputation_records) from scratch, from the event tables — the same function the transition
 * effects and the nightly job call (app/reputation/projection.server.ts). With `-- --check` it
 * compares what is stored with the rebuild first and exits 1 listing the members whose row
 * differed (the projection should never drift; docs/reputation.md).
 */
import { diffAndRebuild } from "../app/reputation/rebuild.server";
import { DataDirLockedError } from "../app/utils/data-dir-lock.server";
import { boot } from "../server/boot";

const check = process.argv.includes("--check");
let booted;
try {
  booted = await boot({ purpose: "npm run reputation:rebuild", work: false, startQueue: false });
} catch (error) {
  if (error instanceof DataDirLockedError) {
    console.error(error.message);
    process.exit(2);
  }
  throw error;
}
let exitCode = 0;
try {
  const { services } = booted;
  const result = await diffAndRebuild(services.db, services.clock.now());
  console.log(`Rebuilt ${result.members} members' records; ${result.differed.length} differed from the projection.`);
  for (const line of result.differed.slice(0, 50)) console.log(`  ${line}`);
  if (check && result.differed.length > 0) exitCode = 1;
} finally {
  await booted.shutdown();
}
process.exit(exitCode);
