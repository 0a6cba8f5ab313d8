import { fork } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { CreateBucketCommand, S3Client } from "@aws-sdk/client-s3";

/** A local S3-compatible server (s3rver) on a free loopback port with a temp folder, for tests. */
export interface TestS3Server {
  endpoint: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** A client for checking what the storage under test wrote. */
  client: S3Client;
  createBucket(name: string): Promise<void>;
  /** Sets an object's LastModified (s3rver reports its file's mtime), for `list({ olderThan })`. */
  backdate(bucket: string, objectKey: string, at: Date): Promise<void>;
  /**
   * Writes objects straight into s3rver's folder, as its PUT would: thousands in a blink, where
   * a thousand PUTs through HTTP take seconds (for tests of listing, not of uploading).
   */
  seed(bucket: string, objects: { key: string; data: Buffer; contentType: string }[]): Promise<void>;
  stop(): Promise<void>;
}

const CHILD = fileURLToPath(new URL("./s3-test-server.child.mjs", import.meta.url));

export async function startTestS3Server(): Promise<TestS3Server> {
  // s3rver keeps every object as three files: in memory (tmpfs) where there is one, as creating
  // files on this disk takes a millisecond each.
  const directory = await fs.mkdtemp(path.join(await tmpfsOr(os.tmpdir()), "bk-s3rver-"));
  const child = fork(CHILD, [directory], {
    execArgv: ["--openssl-legacy-provider"],
    stdio: ["ignore", "ignore", "pipe", "ipc"],
  });
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4_000);
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  let port: number;
  try {
    port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`s3rver did not start within 15 s\n${stderr}`)), 15_000);
      child.once("message", (message) => {
        clearTimeout(timer);
        const p = (message as { port?: unknown }).port;
        if (typeof p === "number") resolve(p);
        else reject(new Error(`s3rver sent ${JSON.stringify(message)}`));
      });
      child.once("exit", (code) => {
        clearTimeout(timer);
        reject(new Error(`s3rver exited (${code}) before it listened\n${stderr}`));
      });
    });
  } catch (error) {
    child.kill();
    await fs.rm(directory, { recursive: true, force: true });
    throw error;
  }

  // s3rver's fixed account.
  // s3rver keeps object `a/b/name` as `<dir>/<bucket>/a/b/name._S3rver_object`, with
  // `…._S3rver_object.md5` and `…._S3rver_metadata.json` beside it (lib/stores/filesystem.js).
  const resourcePath = (bucket: string, objectKey: string, resource: string) => {
    const parts = objectKey.split("/");
    const name = parts.pop()!;
    return path.join(directory, bucket, ...parts, `${name}._S3rver_${resource}`);
  };
  const credentials = { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" };
  const endpoint = `http://127.0.0.1:${port}`;
  const region = "us-east-1";
  const client = new S3Client({ region, endpoint, forcePathStyle: true, credentials, requestChecksumCalculation: "WHEN_REQUIRED" });
  return {
    endpoint,
    region,
    ...credentials,
    client,
    async createBucket(name) {
      await client.send(new CreateBucketCommand({ Bucket: name }));
    },
    async backdate(bucket, objectKey, at) {
      await fs.utimes(resourcePath(bucket, objectKey, "object"), at, at);
    },
    async seed(bucket, objects) {
      for (const { key, data, contentType } of objects) {
        await fs.mkdir(path.dirname(resourcePath(bucket, key, "object")), { recursive: true });
        await Promise.all([
          fs.writeFile(resourcePath(bucket, key, "object"), data),
          fs.writeFile(resourcePath(bucket, key, "object.md5"), createHash("md5").update(data).digest("hex")),
          fs.writeFile(resourcePath(bucket, key, "metadata.json"), JSON.stringify({ "content-type": contentType })),
        ]);
      }
    },
    async stop() {
      client.destroy();
      if (child.exitCode === null && child.signalCode === null) {
        // Disconnecting lets it remove its folder and exit; a kill if it does not.
        const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
        child.disconnect();
        await exited;
        clearTimeout(timer);
      }
      await fs.rm(directory, { recursive: true, force: true });
    },
  };
}

async function tmpfsOr(fallback: string): Promise<string> {
  try {
    await fs.access("/dev/shm", fs.constants.W_OK);
    return "/dev/shm";
  } catch {
    return fallback;
  }
}
