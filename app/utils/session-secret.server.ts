import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { Env } from "./env.server";
import type { Logger } from "./logger.server";

/**
 * SESSION_SECRET (comma-separated, newest first, for rotation) when set. Otherwise one random
 * secret is generated on first start and kept in DATA_DIR, so sessions survive restarts and a new
 * machine needs no setup. Several instances must share SESSION_SECRET (docs/decisions/003-...).
 */
export function resolveSessionSecrets(env: Pick<Env, "SESSION_SECRET" | "DATA_DIR" | "NODE_ENV">, logger: Logger): string[] {
  if (env.SESSION_SECRET) return env.SESSION_SECRET.split(",").map((s) => s.trim());
  const file = path.join(env.DATA_DIR, "session-secret");
  try {
    const existing = fs.readFileSync(file, "utf8").trim();
    if (existing.length >= 32) return [existing];
  } catch {
    /* not there yet */
  }
  fs.mkdirSync(env.DATA_DIR, { recursive: true });
  const secret = randomBytes(48).toString("base64url");
  fs.writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  logger.warn(
    { file },
    "SESSION_SECRET is not set: generated a random one and stored it in the data directory. Set SESSION_SECRET when running several instances.",
  );
  return [secret];
}
