/**
 * `npm run jobs -- run-due [name…]`: runs every due sweep once in this process and exits (for cron and
 * tests). `npm run jobs -- list`: the known jobs.
 */
import { extensions } from "../app/wiring.server";
import { runDueJobs } from "../app/jobs/runtime.server";
import { DataDirLockedError } from "../app/utils/data-dir-lock.server";
import { boot } from "../server/boot";

const [command = "help", ...names] = process.argv.slice(2);

if (command === "list") {
  for (const def of extensions.jobs) console.log(`${def.name}${def.sweep ? `  (sweep, ${def.schedule ?? "* * * * *"})` : ""}`);
  process.exit(0);
}
if (command !== "run-due") {
  console.log("Usage: npm run jobs -- run-due [job-name …] | list");
  process.exit(command === "help" ? 0 : 2);
}

let booted;
try {
  booted = await boot({ purpose: "npm run jobs -- run-due", work: false, startQueue: false });
} catch (error) {
  if (error instanceof DataDirLockedError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}
const unknown = names.filter((n) => !extensions.jobs.some((d) => d.name === n));
if (unknown.length) {
  console.error(`Unknown job(s): ${unknown.join(", ")}. See: npm run jobs -- list`);
  await booted.shutdown();
  process.exit(2);
}
const results = await runDueJobs(booted.services, extensions.jobs, names);
for (const r of results) {
  console.log(r.error ? `✗ ${r.name}: ${r.error}` : `✓ ${r.name}: ${r.summary?.processed ?? 0} processed`);
}
await booted.shutdown();
process.exit(results.some((r) => r.error) ? 1 : 0);
