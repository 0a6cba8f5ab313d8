import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { createStorage, describeStorage, parseStorageConfig, safeParseStorageConfig, StorageConfigError, type StorageConfig } from "./storage-config.server";

const s3 = { STORAGE: "s3", S3_BUCKET: "buurtkracht-uploads", S3_REGION: "eu-central-1" };
const s3Config = (overrides: object = {}): StorageConfig => ({
  kind: "s3",
  s3: {
    bucket: "buurtkracht-uploads",
    region: "eu-central-1",
    endpoint: undefined,
    forcePathStyle: false,
    accessKeyId: undefined,
    secretAccessKey: undefined,
    prefix: "",
    ...overrides,
  },
});

describe("parseStorageConfig", () => {
  it.each<[string, Record<string, string | undefined>, StorageConfig]>([
    ["nothing set: local disk", {}, { kind: "local" }],
    ["STORAGE=local", { STORAGE: "local" }, { kind: "local" }],
    ["empty values count as unset", { STORAGE: "", S3_BUCKET: "", S3_PREFIX: "" }, { kind: "local" }],
    ["STORAGE=local parks the S3 settings, even broken ones", { STORAGE: "local", S3_BUCKET: "x", S3_ENDPOINT: "nope" }, { kind: "local" }],
    ["AWS S3: virtual-hosted style, the SDK's own credentials", s3, s3Config()],
    [
      "an S3-compatible endpoint: path style by default",
      { ...s3, S3_REGION: "us-east-1", S3_ENDPOINT: "http://127.0.0.1:9000" },
      s3Config({ region: "us-east-1", endpoint: "http://127.0.0.1:9000", forcePathStyle: true }),
    ],
    [
      "Cloudflare R2: region auto, virtual hosts when asked",
      { ...s3, S3_REGION: "auto", S3_ENDPOINT: "https://abc123.r2.cloudflarestorage.com", S3_FORCE_PATH_STYLE: "false" },
      s3Config({ region: "auto", endpoint: "https://abc123.r2.cloudflarestorage.com", forcePathStyle: false }),
    ],
    ["path style forced on AWS", { ...s3, S3_FORCE_PATH_STYLE: "yes" }, s3Config({ forcePathStyle: true })],
    [
      "static keys",
      { ...s3, S3_ACCESS_KEY_ID: "AKIAEXAMPLE", S3_SECRET_ACCESS_KEY: "secret/key+1" },
      s3Config({ accessKeyId: "AKIAEXAMPLE", secretAccessKey: "secret/key+1" }),
    ],
    ["a prefix, normalised", { ...s3, S3_PREFIX: "/buurtkracht/prod/" }, s3Config({ prefix: "buurtkracht/prod/" })],
    ["other variables are not its business", { ...s3, AWS_REGION: "us-west-2", S3_BUCKET_BACKUP: "x" }, s3Config()],
  ])("%s", (_name, env, expected) => {
    expect(parseStorageConfig(env)).toEqual(expected);
  });

  it.each<[string, Record<string, string>, string[]]>([
    ["STORAGE=s3 alone", { STORAGE: "s3" }, ["S3_BUCKET", "S3_REGION"]],
    ["STORAGE misspelt", { STORAGE: "S3" }, ["STORAGE"]],
    ["S3 settings without STORAGE=s3", { S3_BUCKET: "buurtkracht-uploads", S3_REGION: "eu-central-1" }, ["STORAGE"]],
    ["one key without the other", { ...s3, S3_ACCESS_KEY_ID: "AKIAEXAMPLE" }, ["S3_SECRET_ACCESS_KEY"]],
    ["the other key without the one", { ...s3, S3_SECRET_ACCESS_KEY: "secret" }, ["S3_ACCESS_KEY_ID"]],
    [
      "everything wrong at once",
      {
        STORAGE: "s3",
        S3_BUCKET: "My_Bucket",
        S3_REGION: "EU West",
        S3_ENDPOINT: "ftp://files.example.nl",
        S3_FORCE_PATH_STYLE: "maybe",
        S3_PREFIX: "a/../b",
        S3_ACCESS_KEY_ID: "AKIAEXAMPLE",
      },
      ["S3_BUCKET", "S3_REGION", "S3_ENDPOINT", "S3_FORCE_PATH_STYLE", "S3_PREFIX", "S3_SECRET_ACCESS_KEY"],
    ],
  ])("lists every problem: %s", (_name, env, variables) => {
    const result = safeParseStorageConfig(env);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => p.split(":")[0]).sort()).toEqual([...variables].sort());
  });

  it("says what to do, and never shows a secret", () => {
    let error: unknown;
    try {
      parseStorageConfig({ STORAGE: "s3", S3_SECRET_ACCESS_KEY: "hunter2-very-secret", S3_ENDPOINT: "hunter2-very-secret" });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(StorageConfigError);
    const { message, problems } = error as StorageConfigError;
    expect(message).not.toContain("hunter2");
    expect(message).toContain("See .env.example");
    expect(problems).toContain("S3_BUCKET: required when STORAGE=s3");
    expect(problems.find((p) => p.startsWith("S3_REGION"))).toMatch(/auto on Cloudflare R2/);
    expect(problems.find((p) => p.startsWith("S3_ACCESS_KEY_ID"))).toMatch(/together, or neither/);
    expect(safeParseStorageConfig({ S3_PREFIX: "x" })).toMatchObject({
      ok: false,
      problems: [expect.stringMatching(/^STORAGE: not set, but S3_PREFIX is: set STORAGE=s3/)],
    });
  });
});

describe("createStorage", () => {
  it("keeps local files under <dataDir>/uploads", async () => {
    const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), "bk-data-"));
    try {
      const storage = createStorage({ kind: "local" }, { dataDir });
      await storage.put("item-photo/a-card.webp", Buffer.from("a"), "image/webp");
      expect(await fs.readFile(path.join(dataDir, "uploads", "item-photo", "a-card.webp"), "utf8")).toBe("a");
      expect((await storage.get("item-photo/a-card.webp"))?.contentType).toBe("image/webp");
      storage.close();
    } finally {
      await fs.rm(dataDir, { recursive: true, force: true });
    }
  });

  it("describes where uploads go without credentials", () => {
    expect(describeStorage({ kind: "local" }, { dataDir: "/srv/bk" })).toBe("local disk (/srv/bk/uploads)");
    const config = s3Config({ endpoint: "https://user:pw@s3.nl-ams.scw.cloud/", region: "nl-ams", prefix: "prod/", secretAccessKey: "s", accessKeyId: "k" });
    expect(describeStorage(config, { dataDir: "/srv/bk" })).toBe("s3://buurtkracht-uploads/prod/ (region nl-ams, endpoint https://s3.nl-ams.scw.cloud)");
    expect(describeStorage(s3Config(), { dataDir: "/srv/bk" })).toBe("s3://buurtkracht-uploads/ (region eu-central-1, AWS)");
  });
});
