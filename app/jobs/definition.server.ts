import type { AppServices } from "../services.server";
import type { JobSummary } from "./job";

/** What every job gets: the process's services and the time it runs at. */
export type JobContext = AppServices & { now: Date };

export interface JobDefinition<Data extends Record<string, unknown> = Record<string, unknown>> {
  /** Queue name, "<feature>.<verb-phrase>", e.g. "projects.settle-due". */
  name: string;
  /** Run by `npm run jobs -- run-due` and by the scheduler: finds due work in our tables itself. */
  sweep: boolean;
  /** Cron for the scheduler (Europe/Amsterdam). Sweeps without one run every minute. */
  schedule?: string;
  retryLimit?: number;
  run(ctx: JobContext, data: Data): Promise<JobSummary>;
}

export function defineJob<Data extends Record<string, unknown> = Record<string, unknown>>(
  definition: JobDefinition<Data>,
): JobDefinition<Data> {
  return definition;
}
