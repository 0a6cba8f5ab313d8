import type { Kysely } from "kysely";
import type { FileStorage } from "../storage/storage.server";
import type { Database } from "../../db/schema";

export interface SeedContext {
  db: Kysely<Database>;
  now: Date;
  /** Looks up a demo user's id by key ("anna", "kees", ...). */
  userId(key: string): Promise<string>;
  /** Where uploaded files go (demo photos). Absent in tests that only need rows: steps then skip photos. */
  storage?: FileStorage;
}
