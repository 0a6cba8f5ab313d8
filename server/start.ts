/**
 * The production entry (`node build/server/start.js`, what `npm start` and the Docker image run):
 * production mode unless told otherwise, then the web server with its worker (server/main.ts).
 */
process.env.NODE_ENV ??= "production";
const { main } = await import("./main");
await main();
export {};
