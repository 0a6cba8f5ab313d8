import type { JobSummary } from "./job";

/**
 * A background job (docs/decisions/002-job-queue.md). `Ctx` is what the job needs from the process
 * — the app's services, or the smaller slice an infrastructure job asks for — and the runtime adds
 * `now`, the time it runs at. The jobs module knows no feature and no services object: the
 * process hands the runtime its definitions (app/wiring.server.ts) and its services.
 */
export type JobRunContext<Ctx> = Ctx & { now: Date };

export interface JobDefinition<Ctx = unknown, Data extends Record<string, unknown> = Record<string, unknown>> {
  /** Queue name, "<feature>.<verb-phrase>", e.g. "projects.settle-due". */
  name: string;
  /** Run by `npm run jobs -- run-due` and by the scheduler: finds due work in our tables itself. */
  sweep: boolean;
  /** Cron for the scheduler (Europe/Amsterdam). Sweeps without one run every minute. */
  schedule?: string;
  retryLimit?: number;
  run(ctx: JobRunContext<Ctx>, data: Data): Promise<JobSummary>;
}

/** Declares a job over the context `Ctx` it needs (features use `defineJob` from services.server.ts). */
export function defineJob<Ctx, Data extends Record<string, unknown> = Record<string, unknown>>(definition: JobDefinition<Ctx, Data>): JobDefinition<Ctx, Data> {
  return definition;
}
