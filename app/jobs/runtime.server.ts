import PgBoss from "pg-boss";
import type pg from "pg";
import type { Clock } from "../utils/clock.server";
import type { Logger } from "../utils/logger.server";
import type { JobDefinition } from "./definition.server";
import type { JobQueue, JobSummary } from "./job";

/**
 * pg-boss over the app's own pool (docs/decisions/002-job-queue.md): on PGlite the pool has the
 * one connection, so the queue never opens a second session on the data directory.
 */
export interface JobRuntime<S> {
  queue: JobQueue;
  /** Starts pg-boss (creating its schema); a working runtime also processes jobs and the schedule. */
  start(services: S): Promise<void>;
  /** Stops taking jobs, waits for the current ones (up to `timeoutMs`), then stops. */
  stop(timeoutMs?: number): Promise<void>;
}

/** What the runtime itself reads from the services it hands to jobs. */
export interface JobServices {
  clock: Clock;
  logger: Logger;
}

export function createJobRuntime<S extends JobServices>(
  pool: pg.Pool,
  logger: Logger,
  definitions: readonly JobDefinition<S, any>[],
  options: { work: boolean },
): JobRuntime<S> {
  const boss = new PgBoss({
    db: { executeSql: (text: string, values: unknown[]) => pool.query(text, values) },
    schema: "pgboss",
    // Only processes that work also supervise (maintenance) and keep the cron schedule;
    // pg-boss coordinates several such workers with advisory locks.
    supervise: options.work,
    schedule: options.work,
  });
  boss.on("error", (error: Error) => logger.error({ err: error }, "job queue error"));

  let started: Promise<void> | null = null;
  let working = false;
  const byName = new Map(definitions.map((d) => [d.name, d]));

  const queue: JobQueue = {
    async send(name, data = {}, options = {}) {
      if (!byName.has(name)) throw new Error(`Unknown job ${name}`);
      if (!started) {
        // No queue in this process (e.g. a one-off script): the sweep will pick the work up.
        logger.debug({ job: name }, "job queue not started; relying on the sweep");
        return;
      }
      await started;
      await boss.send(name, data, {
        singletonKey: options.singletonKey,
        startAfter: options.startAfter,
        retryLimit: options.retryLimit ?? byName.get(name)?.retryLimit ?? 5,
        retryBackoff: true,
        retryDelay: 10,
      });
    },
  };

  return {
    queue,
    start(services) {
      started ??= (async () => {
        await boss.start();
        for (const def of definitions) {
          // "stately": at most one queued and one active job per queue, so sweeps never pile up.
          await boss.createQueue(def.name, { name: def.name, policy: def.sweep ? "stately" : "standard" });
        }
        if (!options.work) return;
        working = true;
        for (const def of definitions) {
          await boss.work(def.name, { pollingIntervalSeconds: 2, batchSize: 1 }, async (jobs) => {
            for (const job of jobs) {
              const ctx = { ...services, now: services.clock.now() };
              const t0 = Date.now();
              const summary = await def.run(ctx, (job.data ?? {}) as Record<string, unknown>);
              logger.info({ job: def.name, jobId: job.id, ms: Date.now() - t0, ...summary }, "job done");
            }
          });
          if (def.sweep) await boss.schedule(def.name, def.schedule ?? "* * * * *", {}, { tz: "Europe/Amsterdam" });
        }
      })();
      return started;
    },
    async stop(timeoutMs = 20_000) {
      if (!started) return;
      await started.catch(() => undefined);
      // close: false — the pool belongs to the app and is closed after the queue stops.
      await boss.stop({ graceful: working, wait: true, timeout: timeoutMs, close: false });
    },
  };
}

/** Runs every sweep once, in order, and reports what each did (`npm run jobs -- run-due`). */
export async function runDueJobs<S extends JobServices>(
  services: S,
  definitions: readonly JobDefinition<S, any>[],
  only?: string[],
): Promise<{ name: string; summary?: JobSummary; error?: string }[]> {
  const results: { name: string; summary?: JobSummary; error?: string }[] = [];
  for (const def of definitions) {
    if (!def.sweep || (only && only.length > 0 && !only.includes(def.name))) continue;
    try {
      const summary = await def.run({ ...services, now: services.clock.now() }, {});
      results.push({ name: def.name, summary });
    } catch (error) {
      services.logger.error({ err: error, job: def.name }, "sweep failed");
      results.push({ name: def.name, error: error instanceof Error ? error.message : String(error) });
    }
  }
  return results;
}

/** A queue that only records what was sent: for tests and scripts. */
export function createRecordingQueue(): JobQueue & { sent: { name: string; data: Record<string, unknown> }[] } {
  const sent: { name: string; data: Record<string, unknown> }[] = [];
  return {
    sent,
    async send(name, data = {}) {
      sent.push({ name, data });
    },
  };
}
