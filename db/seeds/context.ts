import type { Kysely } from "kysely";
import type { Database } from "../schema";

export interface SeedContext {
  db: Kysely<Database>;
  now: Date;
  /** Looks up a demo user's id by key ("anna", "kees", ...). */
  userId(key: string): Promise<string>;
}
