import { lendingJobs } from "../lending/jobs.server";
import { deliverNotificationsJob } from "../notifications/delivery.server";
import { weeklyDigestJob } from "../notifications/digest.server";
import type { JobDefinition } from "./definition.server";
import { simulatedGatewaySweep } from "../payments/simulated/job.server";
import { settleDueJob } from "../projects/jobs.server";
import { pruneRateLimits } from "./maintenance.server";

/**
 * Every job the worker knows. Sweeps (sweep: true) also run, in this order, from
 * `npm run jobs -- run-due`. Features add theirs here.
 */
export const jobDefinitions: JobDefinition<any>[] = [
  pruneRateLimits,
  // The simulated gateway first (holds expire, SEPA settles), then the features' sweeps.
  simulatedGatewaySweep,
  // Settlement: decide projects past their deadline, charge, refund, drop (projects/jobs.server.ts).
  settleDueJob,
  ...lendingJobs,
  // The digest before delivery, so one run-due both builds and sends it.
  weeklyDigestJob,
  // Last: features' sweeps (settlement, reminders …) notify; this delivers in the same run.
  deliverNotificationsJob,
];
