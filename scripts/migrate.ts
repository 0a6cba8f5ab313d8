/** `npm run db:migrate` (to latest) and `npm run db:migrate -- down` (one step back). */
import { migrateDown, migrateToLatest } from "../db/migrate";
import { DataDirLockedError } from "../app/utils/data-dir-lock.server";
import { databaseTargetFromEnv, openDatabase } from "../app/utils/db.server";
import { parseEnv } from "../app/utils/env.server";

const env = parseEnv();
let database;
try {
  database = await openDatabase(databaseTargetFromEnv(env, "npm run db:migrate"));
} catch (error) {
  if (error instanceof DataDirLockedError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}
try {
  if (process.argv[2] === "down") {
    const name = await migrateDown(database.db);
    console.log(name ? `Rolled back ${name}` : "Nothing to roll back");
  } else {
    const applied = await migrateToLatest(database.db);
    console.log(applied.length ? `Applied: ${applied.join(", ")}` : "Database schema is up to date.");
  }
} finally {
  await database.close();
}
