import { randomBytes, randomUUID } from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand } from "@aws-sdk/client-s3";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { CACHE_CONTROL, createS3Storage, normalizeS3Prefix, type S3StorageOptions } from "./s3.server";
import { startTestS3Server, type TestS3Server } from "./s3-test-server";
import { createStorage } from "./storage-config.server";
import { createLocalStorage, createMemoryStorage, type FileStorage, type ListOptions, type StoredFile } from "./storage.server";

const BUCKET = "uploads";
let server: TestS3Server;
const cleanups: (() => Promise<void> | void)[] = [];

beforeAll(async () => {
  server = await startTestS3Server();
  await server.createBucket(BUCKET);
});
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});
afterAll(async () => server?.stop());

const s3Options = (overrides: Partial<S3StorageOptions> = {}): S3StorageOptions => ({
  bucket: BUCKET,
  region: server.region,
  endpoint: server.endpoint,
  forcePathStyle: true,
  accessKeyId: server.accessKeyId,
  secretAccessKey: server.secretAccessKey,
  // Each test its own folder in the one bucket: isolated, and the prefix is exercised throughout.
  prefix: `t-${randomUUID()}`,
  ...overrides,
});

async function collect(files: AsyncIterable<StoredFile>): Promise<StoredFile[]> {
  const all: StoredFile[] = [];
  for await (const file of files) all.push(file);
  return all.sort((a, b) => (a.key < b.key ? -1 : 1));
}
const keysOf = async (storage: FileStorage, options?: ListOptions) => (await collect(storage.list(options))).map((f) => f.key);

interface Subject {
  storage: FileStorage;
  /** Stores a file that was last modified at `at`. */
  putAt(key: string, data: Buffer, contentType: string, at: Date): Promise<void>;
}

const subjects: { name: string; strictDelete: boolean; make(): Promise<Subject> }[] = [
  {
    name: "local disk",
    strictDelete: true,
    async make() {
      const root = await fs.mkdtemp(path.join(os.tmpdir(), "bk-local-"));
      cleanups.push(() => fs.rm(root, { recursive: true, force: true }));
      // A folder that does not exist yet, as on a fresh DATA_DIR.
      const storage = createLocalStorage(path.join(root, "uploads"));
      return {
        storage,
        async putAt(key, data, contentType, at) {
          await storage.put(key, data, contentType);
          await fs.utimes(path.join(root, "uploads", key), at, at);
        },
      };
    },
  },
  {
    name: "memory",
    // Memory storage ignores delete() of an invalid key, as it always has.
    strictDelete: false,
    async make() {
      let now: Date | null = null;
      const storage = createMemoryStorage({ clock: { now: () => now ?? new Date() } });
      return {
        storage,
        async putAt(key, data, contentType, at) {
          now = at;
          await storage.put(key, data, contentType);
          now = null;
        },
      };
    },
  },
  {
    name: "S3 (s3rver)",
    strictDelete: true,
    async make() {
      const options = s3Options();
      const storage = createS3Storage(options);
      cleanups.push(() => storage.close());
      return {
        storage,
        async putAt(key, data, contentType, at) {
          await storage.put(key, data, contentType);
          await server.backdate(BUCKET, `${normalizeS3Prefix(options.prefix)}${key}`, at);
        },
      };
    },
  },
];

const INVALID_KEYS = [
  "",
  "../evil.webp",
  "item-photo/../../evil.webp",
  "/etc/passwd.png",
  "a//b.webp",
  "Upper.webp",
  "x.gif",
  "x.webp.123.tmp",
  "-x.webp",
  "a b.webp",
  "x.WEBP",
];

describe.each(subjects)("FileStorage: $name", ({ make, strictDelete }) => {
  it("round-trips bytes and the content type, and overwrites", async () => {
    const { storage } = await make();
    const files = [
      ["item-photo/abc-card.webp", Buffer.from(Array.from({ length: 256 }, (_, i) => i)), "image/webp"],
      // The smaller variants' keys (docs/decisions/064).
      ["item-photo/abc-card-160.webp", randomBytes(4_000), "image/webp"],
      ["project-cover/def-large-800.webp", randomBytes(30_000), "image/webp"],
      ["project-cover/def-large.jpg", randomBytes(300_000), "image/jpeg"],
      ["logo.png", Buffer.alloc(0), "image/png"],
    ] as const;
    for (const [key, data, type] of files) await storage.put(key, data, type);
    for (const [key, data, type] of files) {
      const got = await storage.get(key);
      expect(got?.contentType).toBe(type);
      expect(got?.data.equals(data)).toBe(true);
    }
    await storage.put("item-photo/abc-card.webp", Buffer.from("second"), "image/webp");
    expect((await storage.get("item-photo/abc-card.webp"))?.data.toString()).toBe("second");
  });

  it("answers null for a missing key", async () => {
    const { storage } = await make();
    expect(await storage.get("item-photo/missing-card.webp")).toBeNull();
    await storage.put("item-photo/present-card.webp", Buffer.from("x"), "image/webp");
    expect(await storage.get("item-photo/missing-card.webp")).toBeNull();
    expect(await storage.get("item-photo/present-card.webp")).not.toBeNull();
  });

  it("deletes idempotently, and only the key asked for", async () => {
    const { storage } = await make();
    await storage.put("item-photo/a-card.webp", Buffer.from("a"), "image/webp");
    await storage.put("item-photo/b-card.webp", Buffer.from("b"), "image/webp");
    await storage.delete("item-photo/a-card.webp");
    await storage.delete("item-photo/a-card.webp");
    await storage.delete("item-photo/never-card.webp");
    expect(await storage.get("item-photo/a-card.webp")).toBeNull();
    expect(await keysOf(storage)).toEqual(["item-photo/b-card.webp"]);
  });

  it.each(INVALID_KEYS)("refuses the invalid key %j", async (key) => {
    const { storage } = await make();
    await expect(storage.put(key, Buffer.from("x"), "image/webp")).rejects.toThrow(/Invalid storage key/);
    expect(await storage.get(key)).toBeNull();
    if (strictDelete) await expect(storage.delete(key)).rejects.toThrow(/Invalid storage key/);
    expect(await keysOf(storage)).toEqual([]);
  });

  it("lists every file with its size and time, by prefix", async () => {
    const { storage } = await make();
    expect(await keysOf(storage)).toEqual([]);
    const before = Date.now();
    await storage.put("item-photo/ab-card.webp", Buffer.alloc(10), "image/webp");
    await storage.put("item-photo/ab-large.webp", Buffer.alloc(20), "image/webp");
    await storage.put("item-photo/cd-card.webp", Buffer.alloc(30), "image/webp");
    await storage.put("project-cover/ef-card.webp", Buffer.alloc(40), "image/webp");
    const all = await collect(storage.list());
    expect(all.map((f) => [f.key, f.bytes])).toEqual([
      ["item-photo/ab-card.webp", 10],
      ["item-photo/ab-large.webp", 20],
      ["item-photo/cd-card.webp", 30],
      ["project-cover/ef-card.webp", 40],
    ]);
    for (const file of all) {
      expect(file.lastModified).toBeInstanceOf(Date);
      // S3 reports whole seconds.
      expect(file.lastModified.getTime()).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000 - 1000);
      expect(file.lastModified.getTime()).toBeLessThanOrEqual(Date.now() + 1000);
    }
    expect(await keysOf(storage, { prefix: "item-photo/" })).toEqual(["item-photo/ab-card.webp", "item-photo/ab-large.webp", "item-photo/cd-card.webp"]);
    expect(await keysOf(storage, { prefix: "item-photo/ab" })).toEqual(["item-photo/ab-card.webp", "item-photo/ab-large.webp"]);
    expect(await keysOf(storage, { prefix: "project" })).toEqual(["project-cover/ef-card.webp"]);
    expect(await keysOf(storage, { prefix: "nothing/" })).toEqual([]);
    expect(await keysOf(storage, { prefix: "" })).toHaveLength(4);
  });

  it("lists only files last modified before olderThan", async () => {
    const { storage, putAt } = await make();
    await putAt("item-photo/old-card.webp", Buffer.from("o"), "image/webp", new Date("2026-01-01T00:00:00Z"));
    await putAt("project-cover/old-card.webp", Buffer.from("o"), "image/webp", new Date("2026-02-01T00:00:00Z"));
    await storage.put("item-photo/new-card.webp", Buffer.from("n"), "image/webp");
    expect(await keysOf(storage, { olderThan: new Date("2026-03-01T00:00:00Z") })).toEqual(["item-photo/old-card.webp", "project-cover/old-card.webp"]);
    expect(await keysOf(storage, { olderThan: new Date("2026-03-01T00:00:00Z"), prefix: "item-photo/" })).toEqual(["item-photo/old-card.webp"]);
    // Strictly before: a file from exactly that moment is not older.
    expect(await keysOf(storage, { olderThan: new Date("2026-01-01T00:00:00Z") })).toEqual([]);
    expect(await keysOf(storage, { olderThan: new Date("2026-01-01T00:00:01Z") })).toEqual(["item-photo/old-card.webp"]);
    expect(await keysOf(storage, { olderThan: new Date(Date.now() + 60_000) })).toHaveLength(3);
    const old = (await collect(storage.list({ prefix: "item-photo/old" })))[0];
    expect(old?.lastModified.toISOString()).toBe("2026-01-01T00:00:00.000Z");
  });

  it.each(["../", "/", "Item", "a//", "x y"])("refuses to list the prefix %j", async (prefix) => {
    const { storage } = await make();
    await expect(collect(storage.list({ prefix }))).rejects.toThrow(/Invalid storage prefix/);
  });
});

describe("local disk storage", () => {
  it("lists only the files it could have written", async () => {
    const root = await fs.mkdtemp(path.join(os.tmpdir(), "bk-local-"));
    cleanups.push(() => fs.rm(root, { recursive: true, force: true }));
    const storage = createLocalStorage(root);
    await storage.put("item-photo/a-card.webp", Buffer.from("a"), "image/webp");
    await fs.writeFile(path.join(root, "item-photo", "a-card.webp.999.tmp"), "half written");
    await fs.writeFile(path.join(root, "README.txt"), "not an upload");
    await fs.symlink("/etc/hostname", path.join(root, "item-photo", "link-card.webp"));
    expect(await keysOf(storage)).toEqual(["item-photo/a-card.webp"]);
  });
});

describe("S3 storage", () => {
  const make = (overrides: Partial<S3StorageOptions> = {}) => {
    const options = s3Options(overrides);
    const storage = createS3Storage(options);
    cleanups.push(() => storage.close());
    return { storage, prefix: normalizeS3Prefix(options.prefix) ?? "" };
  };
  const rawGet = (key: string) => server.client.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));

  it("stores the content type and a year-long cache header on the object, under the prefix", async () => {
    const { storage, prefix } = make({ prefix: `/tenant-${randomUUID()}/uploads/` });
    expect(prefix).toMatch(/^tenant-[0-9a-f-]+\/uploads\/$/);
    await storage.put("item-photo/a-card.webp", Buffer.from("a"), "image/webp");
    const object = await rawGet(`${prefix}item-photo/a-card.webp`);
    expect(object.ContentType).toBe("image/webp");
    expect(object.CacheControl).toBe(CACHE_CONTROL);
    expect(CACHE_CONTROL).toMatch(/max-age=31536000/);
    expect(Buffer.from(await object.Body!.transformToByteArray()).toString()).toBe("a");
  });

  it("keeps storages with different prefixes apart", async () => {
    const a = make();
    const b = make();
    await a.storage.put("item-photo/a-card.webp", Buffer.from("a"), "image/webp");
    expect(await b.storage.get("item-photo/a-card.webp")).toBeNull();
    expect(await keysOf(b.storage)).toEqual([]);
    expect(await keysOf(a.storage)).toEqual(["item-photo/a-card.webp"]);
  });

  it("lists only keys it could have written, and falls back to the key's type", async () => {
    const { storage, prefix } = make();
    await server.client.send(new PutObjectCommand({ Bucket: BUCKET, Key: `${prefix}notes/readme.txt`, Body: "x" }));
    await server.client.send(new PutObjectCommand({ Bucket: BUCKET, Key: `${prefix}item-photo/untyped-card.webp`, Body: "x" }));
    await server.client.send(new PutObjectCommand({ Bucket: BUCKET, Key: `${prefix}item-photo/typed-card.png`, Body: "x", ContentType: "image/webp" }));
    expect(await keysOf(storage)).toEqual(["item-photo/typed-card.png", "item-photo/untyped-card.webp"]);
    // Stored without a type, an object is an octet stream (the SDK or the server says so).
    expect((await rawGet(`${prefix}item-photo/untyped-card.webp`)).ContentType).toMatch(/^(application|binary)\/octet-stream$/);
    expect((await storage.get("item-photo/untyped-card.webp"))?.contentType).toBe("image/webp");
    expect((await storage.get("item-photo/typed-card.png"))?.contentType).toBe("image/webp");
  });

  it("pages through more than 1,000 keys", async () => {
    const { storage, prefix } = make();
    const keys = Array.from({ length: 1_005 }, (_, i) => `bulk/${String(i).padStart(4, "0")}-card.webp`);
    // Most written straight to the server's folder (fast), a few through the storage.
    await server.seed(
      BUCKET,
      keys.slice(0, 1_000).map((key) => ({ key: `${prefix}${key}`, data: Buffer.from("x"), contentType: "image/webp" })),
    );
    for (const key of keys.slice(1_000)) await storage.put(key, Buffer.from("x"), "image/webp");
    await storage.put("other/z-card.webp", Buffer.from("x"), "image/webp");
    // The server stops a page at 1,000 keys, as S3 does.
    const firstPage = await server.client.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: prefix }));
    expect([firstPage.KeyCount, firstPage.IsTruncated]).toEqual([1_000, true]);
    expect(await keysOf(storage, { prefix: "bulk/" })).toEqual(keys);
    expect(await keysOf(storage)).toHaveLength(1_006);
    expect((await storage.get("bulk/0000-card.webp"))?.contentType).toBe("image/webp");
  });

  it("fails loudly on a missing bucket, bad credentials or a bad configuration", async () => {
    const noBucket = make({ bucket: "no-such-bucket" }).storage;
    await expect(noBucket.get("item-photo/a-card.webp")).rejects.toMatchObject({ name: "NoSuchBucket" });
    await expect(noBucket.put("item-photo/a-card.webp", Buffer.from("a"), "image/webp")).rejects.toMatchObject({ name: "NoSuchBucket" });
    await expect(noBucket.delete("item-photo/a-card.webp")).rejects.toMatchObject({ name: "NoSuchBucket" });
    await expect(collect(noBucket.list())).rejects.toMatchObject({ name: "NoSuchBucket" });
    // s3rver checks the access key id only (it does not verify SigV4 signatures).
    const unknownKey = make({ accessKeyId: "NOBODY" }).storage;
    await expect(unknownKey.put("item-photo/a-card.webp", Buffer.from("a"), "image/webp")).rejects.toMatchObject({ name: "InvalidAccessKeyId" });
    await expect(unknownKey.get("item-photo/a-card.webp")).rejects.toMatchObject({ name: "InvalidAccessKeyId" });
    expect(() => createS3Storage(s3Options({ prefix: "a/../b" }))).toThrow(/Invalid S3 prefix/);
    expect(() => createS3Storage(s3Options({ secretAccessKey: undefined }))).toThrow(/both accessKeyId and secretAccessKey/);
  });

  it("is what createStorage builds for an s3 configuration", async () => {
    const storage = createStorage({ kind: "s3", s3: s3Options() }, { dataDir: "/nonexistent" });
    cleanups.push(() => storage.close());
    await storage.put("item-photo/a-card.webp", Buffer.from("a"), "image/webp");
    expect((await storage.get("item-photo/a-card.webp"))?.data.toString()).toBe("a");
  });
});

describe("normalizeS3Prefix", () => {
  it.each([
    [undefined, ""],
    ["", ""],
    ["/", ""],
    ["buurtkracht", "buurtkracht/"],
    ["/buurtkracht/prod/", "buurtkracht/prod/"],
    ["Env_1.prod-x", "Env_1.prod-x/"],
    ["a//b", null],
    ["a/../b", null],
    ["..", null],
    ["a b", null],
    ["a?b", null],
  ])("%j → %j", (input, expected) => {
    expect(normalizeS3Prefix(input)).toBe(expected);
  });
});
