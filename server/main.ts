import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { broadcastDevReady, type ServerBuild } from "@remix-run/node";
import { DataDirLockedError } from "../app/utils/data-dir-lock.server";
import { EnvError } from "../app/utils/env.server";
import { loadConfig } from "./config";
import { createApp } from "./app";
import { boot } from "./boot";
import { DemoRefusedError, prepareDemo } from "./demo";

const root = process.cwd();
const BUILD_PATH = path.join(root, "build", "index.js");

async function importBuild(): Promise<ServerBuild> {
  const url = pathToFileURL(BUILD_PATH).href;
  return (await import(`${url}?t=${fs.statSync(BUILD_PATH).mtimeMs}`)) as ServerBuild;
}

export async function main(options: { afterShutdown?: () => Promise<void> } = {}): Promise<void> {
  let env;
  try {
    env = loadConfig().env;
  } catch (error) {
    if (error instanceof EnvError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  const mode = env.NODE_ENV === "development" ? "development" : "production";
  let booted;
  try {
    booted = await boot({ purpose: "web server", work: env.RUN_WORKER, startQueue: true });
  } catch (error) {
    // A locked data directory, or a configuration the app cannot run with (e.g. Stripe keys
    // before the Stripe gateway exists): say so plainly and stop.
    if (error instanceof DataDirLockedError || error instanceof EnvError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  const { logger, services } = booted;

  // The demo only where it belongs (localhost); a public APP_URL with demo accounts is refused.
  try {
    await prepareDemo(services.db, env, { now: services.clock.now(), storage: services.storage, logger });
  } catch (error) {
    if (error instanceof DemoRefusedError) {
      console.error(error.message);
      await booted.shutdown();
      process.exit(1);
    }
    throw error;
  }

  let build = await importBuild();
  if (mode === "development" && process.env.REMIX_DEV_ORIGIN) {
    // `npm run dev`: reload the server build whenever remix dev rebuilds it.
    const versionFile = path.join(root, "build", "version.txt");
    fs.watchFile(versionFile, { interval: 300 }, async () => {
      build = await importBuild();
      await broadcastDevReady(build);
    });
  }

  let shuttingDown = false;
  const app = createApp({
    services,
    getBuild: () => build,
    mode,
    publicDir: path.join(root, "public"),
    isShuttingDown: () => shuttingDown,
  });

  const server = app.listen(env.PORT, env.HOST, () => {
    logger.info(
      { url: env.APP_URL, port: env.PORT, database: booted.database.kind, location: booted.database.location, worker: env.RUN_WORKER, mode },
      `Buurtkracht is running on ${env.APP_URL}`,
    );
    if (mode === "development" && process.env.REMIX_DEV_ORIGIN) void broadcastDevReady(build);
  });
  server.keepAliveTimeout = 65_000;

  const shutdown = async (signal: string) => {
    if (shuttingDown) return;
    shuttingDown = true;
    logger.info({ signal }, "shutting down: finishing requests in flight");
    const forceTimer = setTimeout(() => {
      logger.warn("requests still open after 20 s; closing them");
      server.closeAllConnections();
    }, 20_000);
    forceTimer.unref();
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeIdleConnections();
    });
    clearTimeout(forceTimer);
    logger.info("http server closed; stopping the worker after its current job");
    try {
      await booted.shutdown();
      await options.afterShutdown?.();
      logger.info("stopped cleanly");
      process.exit(0);
    } catch (error) {
      logger.error({ err: error }, "error while shutting down");
      process.exit(1);
    }
  };
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  await main();
}
