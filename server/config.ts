import { type Env, EnvError, parseEnv } from "../app/utils/env.server";
import { safeParseStorageConfig, type StorageConfig } from "../app/storage/storage-config.server";

/**
 * The process's configuration from the environment, every problem listed at once (`.env.example`
 * documents each variable): the app's variables (app/utils/env.server.ts) and where uploads live
 * (app/storage/storage-config.server.ts).
 */
export interface Config {
  env: Env;
  storage: StorageConfig;
}

export function loadConfig(source: Record<string, string | undefined> = process.env): Config {
  const problems: string[] = [];
  let env: Env | null = null;
  try {
    env = parseEnv(source);
  } catch (error) {
    if (!(error instanceof EnvError)) throw error;
    problems.push(...error.problems);
  }
  const storage = safeParseStorageConfig(source);
  if (!storage.ok) problems.push(...storage.problems);
  if (problems.length > 0 || !env || !storage.ok) throw new EnvError(problems);
  return { env, storage: storage.config };
}
