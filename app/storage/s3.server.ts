import {
  DeleteObjectCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  type ListObjectsV2CommandOutput,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
  type S3ClientConfig,
} from "@aws-sdk/client-s3";
import { contentTypeForKey, type FileStorage, isValidKey, listFilter, type StoredFile } from "./storage.server";

export interface S3StorageOptions {
  bucket: string;
  /** The bucket's region: `eu-central-1` (AWS), `auto` (Cloudflare R2), `us-east-1` (MinIO's default), `nl-ams` (Scaleway)… */
  region: string;
  /** For S3-compatible services (MinIO, R2, Scaleway…): `https://host[:port]`. Unset: AWS S3 itself. */
  endpoint?: string;
  /** `https://endpoint/bucket/key` instead of `https://bucket.endpoint/key` (MinIO needs it). */
  forcePathStyle?: boolean;
  /** Both or neither; neither: the AWS SDK's default chain (AWS_* variables, ~/.aws, instance or task role). */
  accessKeyId?: string;
  secretAccessKey?: string;
  /** A folder inside the bucket (`buurtkracht/` or `buurtkracht`): a bucket shared with other data. */
  prefix?: string;
}

export type S3Storage = FileStorage & {
  /** Closes the client's kept-alive connections (at shutdown; the storage is unusable afterwards). */
  close(): void;
};

/** Keys are random (uuid) and never rewritten, so the files may be cached for a year, like `/uploads/*`. */
export const CACHE_CONTROL = "public, max-age=31536000, immutable";

const PREFIX_SEGMENT = /^[A-Za-z0-9_.-]+$/;

/** `a/b`, `a/b/` and `/a/b/` → `a/b/`; empty → ``; null when a segment is not plain (`..`, spaces, `a//b`). */
export function normalizeS3Prefix(prefix: string | undefined): string | null {
  const trimmed = (prefix ?? "").replace(/^\/+|\/+$/g, "");
  if (trimmed === "") return "";
  const segments = trimmed.split("/");
  if (!segments.every((s) => PREFIX_SEGMENT.test(s) && s !== "." && s !== "..")) return null;
  return `${trimmed}/`;
}

/**
 * Uploads in an S3-compatible bucket, behind the same `FileStorage` as the local disk: the same key
 * rules (`isValidKey`), `get` → null for a missing key, `delete` idempotent, `list` paginated.
 */
export function createS3Storage(options: S3StorageOptions): S3Storage {
  const prefix = normalizeS3Prefix(options.prefix);
  if (prefix === null) throw new Error(`Invalid S3 prefix: ${options.prefix}`);
  if (!options.bucket) throw new Error("S3 storage needs a bucket");
  if (!options.region) throw new Error("S3 storage needs a region");
  if (Boolean(options.accessKeyId) !== Boolean(options.secretAccessKey)) {
    throw new Error("S3 storage needs both accessKeyId and secretAccessKey, or neither (the AWS SDK's default credentials)");
  }
  const config: S3ClientConfig = {
    region: options.region,
    endpoint: options.endpoint,
    forcePathStyle: options.forcePathStyle ?? false,
    credentials: options.accessKeyId && options.secretAccessKey ? { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey } : undefined,
    // Since early 2025 the SDK sends CRC32 checksum headers with every upload by default, which
    // several S3-compatible services reject; on those, send them only where S3 requires them.
    ...(options.endpoint ? { requestChecksumCalculation: "WHEN_REQUIRED", responseChecksumValidation: "WHEN_REQUIRED" } : {}),
    // No timeouts by default: a hung connection would hang the upload or the image request with it.
    requestHandler: { connectionTimeout: 5_000, requestTimeout: 30_000, throwOnRequestTimeout: true },
    maxAttempts: 3,
  };
  const client = new S3Client(config);
  const Bucket = options.bucket;
  const objectKey = (key: string) => {
    if (!isValidKey(key)) throw new Error(`Invalid storage key: ${key}`);
    return `${prefix}${key}`;
  };

  return {
    async put(key, data, contentType) {
      await client.send(new PutObjectCommand({ Bucket, Key: objectKey(key), Body: data, ContentType: contentType, CacheControl: CACHE_CONTROL }));
    },
    async get(key) {
      if (!isValidKey(key)) return null;
      try {
        const object = await client.send(new GetObjectCommand({ Bucket, Key: objectKey(key) }));
        if (!object.Body) return null;
        const data = Buffer.from(await object.Body.transformToByteArray());
        return { data, contentType: specificType(object.ContentType) ?? contentTypeForKey(key) };
      } catch (error) {
        if (isMissingObject(error)) return null;
        throw error;
      }
    },
    async delete(key) {
      try {
        await client.send(new DeleteObjectCommand({ Bucket, Key: objectKey(key) }));
      } catch (error) {
        // S3 answers 204 for a missing key; some compatible services answer 404.
        if (!isMissingObject(error)) throw error;
      }
    },
    async *list(listOptions) {
      const filter = listFilter(listOptions);
      let token: string | undefined;
      do {
        const page: ListObjectsV2CommandOutput = await client.send(
          new ListObjectsV2Command({ Bucket, Prefix: `${prefix}${filter.prefix}`, ContinuationToken: token }),
        );
        for (const object of page.Contents ?? []) {
          if (!object.Key?.startsWith(prefix)) continue;
          const file: StoredFile = {
            key: object.Key.slice(prefix.length),
            // An unknown age counts as new: a sweep of old files must never pick it for that.
            lastModified: object.LastModified ?? new Date(),
            bytes: object.Size ?? 0,
          };
          if (filter.keep(file)) yield file;
        }
        if (page.IsTruncated && !page.NextContinuationToken) throw new Error("S3 listing was truncated without a continuation token");
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (token);
    },
    close() {
      client.destroy();
    },
  };
}

/**
 * The object's own type, unless it is none or S3's "don't know" (objects copied in by other tools,
 * e.g. a migration of the local uploads): then the key's extension says it, as on local disk.
 */
function specificType(contentType: string | undefined): string | undefined {
  if (!contentType || contentType === "binary/octet-stream" || contentType === "application/octet-stream") return undefined;
  return contentType;
}

/** A missing object (NoSuchKey, or a bare 404) — but not a missing bucket, which is a misconfiguration. */
function isMissingObject(error: unknown): boolean {
  if (!(error instanceof S3ServiceException)) return false;
  if (error.name === "NoSuchBucket") return false;
  return error.name === "NoSuchKey" || error.name === "NotFound" || error.$metadata.httpStatusCode === 404;
}
