/**
 * `npm start`: build when the build is missing or older than the sources, then migrate, seed an
 * empty database, start the worker and serve (server/main.ts) — in production mode.
 */
import { buildIfStale } from "./build-if-stale";

process.env.NODE_ENV ??= "production";
buildIfStale();
const { main } = await import("../server/main");
await main();
