import fs from "node:fs/promises";
import path from "node:path";

/** One stored file, as `list` reports it. */
export interface StoredFile {
  key: string;
  lastModified: Date;
  bytes: number;
}

export interface ListOptions {
  /** Only keys that start with this (a plain string prefix, as in S3: `item-photo/` or `item-photo/ab`). */
  prefix?: string;
  /** Only files last modified strictly before this moment. */
  olderThan?: Date;
}

/**
 * Where uploaded files live: local disk under $DATA_DIR/uploads by default, an S3-compatible
 * bucket (`s3.server.ts`) when several app instances share the uploads (docs/decisions/050).
 */
export interface FileStorage {
  put(key: string, data: Buffer, contentType: string): Promise<void>;
  get(key: string): Promise<{ data: Buffer; contentType: string } | null>;
  delete(key: string): Promise<void>;
  /**
   * Every stored file with a valid key (anything else in the folder or bucket is skipped), in no
   * particular order. For sweeps, e.g. deleting files that no database row refers to.
   */
  list(options?: ListOptions): AsyncIterable<StoredFile>;
}

// Pictures, and the members' data archives (zip, app/privacy: they expire on their own, decision 074).
const KEY = /^[a-z0-9][a-z0-9/_-]*\.(webp|jpg|png|zip)$/;

export function isValidKey(key: string): boolean {
  return KEY.test(key) && !key.includes("..") && !key.includes("//");
}

const PREFIX = /^[a-z0-9][a-z0-9/_.-]*$/;

/** A prefix for `list`: empty, or the start of a valid key (so it can never leave the storage's folder). */
export function isValidPrefix(prefix: string): boolean {
  return prefix === "" || (PREFIX.test(prefix) && !prefix.includes("..") && !prefix.includes("//"));
}

/** Checks `list` options; throws on a prefix no key could start with (a programming error). */
export function listFilter(options: ListOptions = {}): { prefix: string; keep(file: StoredFile): boolean } {
  const prefix = options.prefix ?? "";
  if (!isValidPrefix(prefix)) throw new Error(`Invalid storage prefix: ${prefix}`);
  const before = options.olderThan?.getTime();
  return {
    prefix,
    keep: (file) => isValidKey(file.key) && file.key.startsWith(prefix) && (before === undefined || file.lastModified.getTime() < before),
  };
}

const contentTypes: Record<string, string> = { webp: "image/webp", jpg: "image/jpeg", png: "image/png", zip: "application/zip" };

/** The content type a key's extension stands for (what local storage serves). */
export function contentTypeForKey(key: string): string {
  return contentTypes[key.split(".").pop() ?? ""] ?? "application/octet-stream";
}

export function createLocalStorage(root: string): FileStorage {
  const resolve = (key: string) => {
    if (!isValidKey(key)) throw new Error(`Invalid storage key: ${key}`);
    const full = path.resolve(root, key);
    if (!full.startsWith(path.resolve(root) + path.sep)) throw new Error(`Invalid storage key: ${key}`);
    return full;
  };
  return {
    async put(key, data) {
      const full = resolve(key);
      await fs.mkdir(path.dirname(full), { recursive: true });
      const tmp = `${full}.${process.pid}.tmp`;
      await fs.writeFile(tmp, data);
      await fs.rename(tmp, full);
    },
    async get(key) {
      if (!isValidKey(key)) return null;
      try {
        const data = await fs.readFile(resolve(key));
        return { data, contentType: contentTypeForKey(key) };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
        throw error;
      }
    },
    async delete(key) {
      await fs.rm(resolve(key), { force: true });
    },
    async *list(options) {
      const filter = listFilter(options);
      const base = path.resolve(root);
      // Walk only the folder the prefix names (`item-photo/ab` → `item-photo/`), not all uploads.
      const start = filter.prefix.slice(0, filter.prefix.lastIndexOf("/") + 1);
      for await (const file of walk(path.join(base, start), start)) {
        if (filter.keep(file)) yield file;
      }
    },
  };
}

/** Regular files under `dir` (keys relative to the storage root, `/`-separated); a missing folder is empty. */
async function* walk(dir: string, keyPrefix: string): AsyncGenerator<StoredFile> {
  let entries;
  try {
    entries = await fs.readdir(dir, { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT" || (error as NodeJS.ErrnoException).code === "ENOTDIR") return;
    throw error;
  }
  for (const entry of entries) {
    const key = `${keyPrefix}${entry.name}`;
    if (entry.isDirectory()) {
      yield* walk(path.join(dir, entry.name), `${key}/`);
    } else if (entry.isFile() && isValidKey(key)) {
      let stat;
      try {
        stat = await fs.stat(path.join(dir, entry.name));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ENOENT") continue; // deleted while listing
        throw error;
      }
      yield { key, lastModified: stat.mtime, bytes: stat.size };
    }
  }
}

/** In memory, for tests. `clock` dates the files (`list({ olderThan })`); the real time by default. */
export function createMemoryStorage(options: { clock?: { now(): Date } } = {}): FileStorage & { keys(): string[] } {
  const now = () => options.clock?.now() ?? new Date();
  const files = new Map<string, { data: Buffer; contentType: string; lastModified: Date }>();
  return {
    keys: () => [...files.keys()],
    async put(key, data, contentType) {
      if (!isValidKey(key)) throw new Error(`Invalid storage key: ${key}`);
      files.set(key, { data, contentType, lastModified: now() });
    },
    async get(key) {
      const file = files.get(key);
      return file ? { data: file.data, contentType: file.contentType } : null;
    },
    async delete(key) {
      files.delete(key);
    },
    async *list(options) {
      const filter = listFilter(options);
      for (const [key, file] of [...files]) {
        const stored = { key, lastModified: file.lastModified, bytes: file.data.byteLength };
        if (filter.keep(stored)) yield stored;
      }
    },
  };
}
