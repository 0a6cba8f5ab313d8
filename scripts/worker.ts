/**
 * `npm run worker`: a job worker without the web server, for deployments with several app
 * instances and workers against one Postgres server (set RUN_WORKER=false on the web instances).
 */
import { DataDirLockedError } from "../app/utils/data-dir-lock.server";
import { boot } from "../server/boot";

let booted;
try {
  booted = await boot({ purpose: "npm run worker", work: true, startQueue: true });
} catch (error) {
  if (error instanceof DataDirLockedError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}
booted.logger.info({ database: booted.database.kind }, "worker started");
let stopping = false;
const stop = async (signal: string) => {
  if (stopping) return;
  stopping = true;
  booted.logger.info({ signal }, "worker stopping after its current job");
  await booted.shutdown();
  process.exit(0);
};
process.on("SIGTERM", () => void stop("SIGTERM"));
process.on("SIGINT", () => void stop("SIGINT"));
