import path from "node:path";
import { z } from "zod";
import { createS3Storage, normalizeS3Prefix, type S3StorageOptions } from "./s3.server";
import { createLocalStorage, type FileStorage } from "./storage.server";

/**
 * Where uploads live, from the environment (documented in `.env.example`; docs/decisions/050):
 * STORAGE=local (default: $DATA_DIR/uploads) or STORAGE=s3 with the S3_* variables.
 */
export type StorageConfig = { kind: "local" } | { kind: "s3"; s3: S3StorageOptions };

const booleanish = z
  .enum(["1", "0", "true", "false", "yes", "no", "on", "off"], { error: "must be true or false (1/0, yes/no, on/off)" })
  .transform((v) => ["1", "true", "yes", "on"].includes(v));

/** The storage variables one by one; `parseStorageConfig` adds the rules between them. */
export const StorageEnvSchema = z.object({
  STORAGE: z.enum(["local", "s3"], { error: 'must be "local" or "s3"' }).optional(),
  S3_BUCKET: z
    .string()
    .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, "a bucket name: 3–63 lowercase letters, digits, dots and hyphens")
    .optional(),
  S3_REGION: z
    .string()
    .regex(/^[a-z0-9-]+$/, "a region name such as eu-central-1 (AWS), auto (Cloudflare R2), us-east-1 (MinIO) or nl-ams (Scaleway)")
    .optional(),
  S3_ENDPOINT: z.url({ protocol: /^https?$/, error: "must be an http:// or https:// URL" }).optional(),
  S3_FORCE_PATH_STYLE: booleanish.optional(),
  S3_ACCESS_KEY_ID: z.string().optional(),
  S3_SECRET_ACCESS_KEY: z.string().optional(),
  S3_PREFIX: z
    .string()
    .refine((v) => normalizeS3Prefix(v) !== null, "folder names of letters, digits, '.', '_' and '-', separated by '/'")
    .optional(),
});

const S3_VARIABLES = ["S3_BUCKET", "S3_REGION", "S3_ENDPOINT", "S3_FORCE_PATH_STYLE", "S3_ACCESS_KEY_ID", "S3_SECRET_ACCESS_KEY", "S3_PREFIX"] as const;

export class StorageConfigError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Invalid storage configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}\nSee .env.example.`);
    this.name = "StorageConfigError";
  }
}

/** Every problem at once, as `VARIABLE: message` lines (never a variable's value: some are secrets). */
export function safeParseStorageConfig(source: Record<string, string | undefined>): { ok: true; config: StorageConfig } | { ok: false; problems: string[] } {
  // As in parseEnv: an empty string counts as unset, so `S3_PREFIX=` in a .env file is fine.
  const env = Object.fromEntries(
    ["STORAGE", ...S3_VARIABLES].flatMap((name) => (source[name] === undefined || source[name] === "" ? [] : [[name, source[name]]])),
  ) as Record<string, string>;
  const problems: string[] = [];

  // STORAGE=local says the S3 settings are parked: they are not looked at.
  if (env.STORAGE === "local") return { ok: true, config: { kind: "local" } };
  const setS3 = S3_VARIABLES.filter((name) => env[name] !== undefined);
  if (env.STORAGE === undefined && setS3.length === 0) return { ok: true, config: { kind: "local" } };

  const parsed = StorageEnvSchema.safeParse(env);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) problems.push(`${issue.path.join(".") || "(storage)"}: ${issue.message}`);
  }
  if (env.STORAGE === undefined) {
    problems.push(
      `STORAGE: not set, but ${setS3.join(", ")} ${setS3.length === 1 ? "is" : "are"}: set STORAGE=s3 to keep uploads in the bucket, or STORAGE=local to keep them on disk`,
    );
  }
  if (env.STORAGE === "s3") {
    if (env.S3_BUCKET === undefined) problems.push("S3_BUCKET: required when STORAGE=s3");
    if (env.S3_REGION === undefined) {
      problems.push(
        "S3_REGION: required when STORAGE=s3 (the bucket's region: e.g. eu-central-1 on AWS, auto on Cloudflare R2, us-east-1 on MinIO, nl-ams on Scaleway)",
      );
    }
  }
  if ((env.S3_ACCESS_KEY_ID === undefined) !== (env.S3_SECRET_ACCESS_KEY === undefined)) {
    const missing = env.S3_ACCESS_KEY_ID === undefined ? "S3_ACCESS_KEY_ID" : "S3_SECRET_ACCESS_KEY";
    problems.push(
      `${missing}: set S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY together, or neither (the AWS SDK's own credentials: AWS_* variables, ~/.aws, an instance or task role)`,
    );
  }
  if (problems.length > 0 || !parsed.success) return { ok: false, problems };

  const vars = parsed.data;
  return {
    ok: true,
    config: {
      kind: "s3",
      s3: {
        bucket: vars.S3_BUCKET!,
        region: vars.S3_REGION!,
        endpoint: vars.S3_ENDPOINT,
        // Path-style is what every S3-compatible service accepts (MinIO needs it); AWS wants virtual hosts.
        forcePathStyle: vars.S3_FORCE_PATH_STYLE ?? vars.S3_ENDPOINT !== undefined,
        accessKeyId: vars.S3_ACCESS_KEY_ID,
        secretAccessKey: vars.S3_SECRET_ACCESS_KEY,
        prefix: normalizeS3Prefix(vars.S3_PREFIX) ?? "",
      },
    },
  };
}

/** Parses the storage variables; throws a StorageConfigError listing every problem at once. */
export function parseStorageConfig(source: Record<string, string | undefined>): StorageConfig {
  const result = safeParseStorageConfig(source);
  if (!result.ok) throw new StorageConfigError(result.problems);
  return result.config;
}

/** For the start-up log: where uploads go, without credentials. */
export function describeStorage(config: StorageConfig, options: { dataDir: string }): string {
  if (config.kind === "local") return `local disk (${path.join(options.dataDir, "uploads")})`;
  const { bucket, prefix, region, endpoint } = config.s3;
  return `s3://${bucket}/${prefix ?? ""} (region ${region}${endpoint ? `, endpoint ${new URL(endpoint).origin}` : ", AWS"})`;
}

export type ClosableStorage = FileStorage & {
  /** Lets go of connections at shutdown (S3); nothing to do for local disk. */
  close(): void;
};

/** The storage a configuration describes: local disk under `<dataDir>/uploads`, or the S3 bucket. */
export function createStorage(config: StorageConfig, options: { dataDir: string }): ClosableStorage {
  if (config.kind === "s3") return createS3Storage(config.s3);
  return { ...createLocalStorage(path.join(options.dataDir, "uploads")), close() {} };
}
