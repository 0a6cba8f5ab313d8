import { migrateToLatest, waitForMigrations } from "../db/migrate";
import { gatewayFactoryFromEnv } from "../app/payments/gateway.server";
import { createJobRuntime, type JobRuntime } from "../app/jobs/runtime.server";
import { createMailer } from "../app/notifications/mailer.server";
import { createServices, type AppServices } from "../app/services.server";
import { createStorage, describeStorage } from "../app/storage/storage-config.server";
import { createClock } from "../app/utils/clock.server";
import { databaseTargetFromEnv, type DatabaseHandle, openDatabase } from "../app/utils/db.server";
import type { Env } from "../app/utils/env.server";
import { createLogger, type Logger } from "../app/utils/logger.server";
import { resolveSessionSecrets } from "../app/utils/session-secret.server";
import { extensions } from "../app/wiring.server";
import { loadConfig } from "./config";

export interface Booted {
  env: Env;
  logger: Logger;
  database: DatabaseHandle;
  services: AppServices;
  runtime: JobRuntime<AppServices>;
  shutdown(): Promise<void>;
}

/**
 * Opens everything a process needs, in one place: env, logs, database (+ migrations), services and
 * the job runtime, with the features' contributions to the extension points (app/wiring.server.ts).
 * Used by the web server, the standalone worker and the CLI scripts.
 */
export async function boot(options: { purpose: string; work: boolean; startQueue: boolean; migrate?: boolean }): Promise<Booted> {
  const { env, storage: storageConfig } = loadConfig();
  const logger = createLogger(env.LOG_LEVEL);
  // Fails fast (before opening the database) when Stripe keys are set: see docs/decisions/020.
  const gateway = gatewayFactoryFromEnv(env);
  const database = await openDatabase(databaseTargetFromEnv(env, options.purpose));
  try {
    if (options.migrate !== false) {
      if (env.MIGRATE_ON_START) {
        const applied = await migrateToLatest(database.db);
        if (applied.length) logger.info({ applied }, "migrations applied");
      } else {
        // Deployments run `node build/server/migrate.js` as a step of its own (docs/deploy.md).
        await waitForMigrations(database.db, { onWaiting: (pending) => logger.warn({ pending }, "waiting for the migration step (MIGRATE_ON_START=false)") });
      }
    }
    const clock = createClock({ adjustable: env.BUURTKRACHT_TEST_HOOKS });
    // Uploads on local disk (one machine) or in an S3-compatible bucket (several: docs/deploy.md).
    const storage = createStorage(storageConfig, { dataDir: env.DATA_DIR });
    logger.info({ storage: describeStorage(storageConfig, { dataDir: env.DATA_DIR }) }, "uploads storage");
    if (env.BUURTKRACHT_TEST_HOOKS) logger.warn("BUURTKRACHT_TEST_HOOKS is on: test endpoints and a movable clock are enabled");
    const runtime = createJobRuntime<AppServices>(database.pool, logger, extensions.jobs, { work: options.work });
    const services = createServices({
      env,
      db: database.db,
      dbKind: database.kind,
      pool: database.pool,
      logger,
      clock,
      jobs: runtime.queue,
      storage,
      mailer: createMailer(env, database.db),
      extensions,
      sessionSecrets: resolveSessionSecrets(env, logger),
      gateway,
    });
    if (options.startQueue) await runtime.start(services);
    let closed = false;
    return {
      env,
      logger,
      database,
      services,
      runtime,
      async shutdown() {
        if (closed) return;
        closed = true;
        await runtime.stop();
        storage.close();
        await services.mailer.close();
        await database.close();
      },
    };
  } catch (error) {
    await database.close();
    throw error;
  }
}
