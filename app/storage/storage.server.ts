import fs from "node:fs/promises";
import path from "node:path";

/**
 * Where uploaded files live. Local disk under $DATA_DIR/uploads by default; an object store
 * (S3-compatible) can implement the same three methods later without touching features.
 */
export interface FileStorage {
  put(key: string, data: Buffer, contentType: string): Promise<void>;
  get(key: string): Promise<{ data: Buffer; contentType: string } | null>;
  delete(key: string): Promise<void>;
}

const KEY = /^[a-z0-9][a-z0-9/_-]*\.(webp|jpg|png)$/;

export function isValidKey(key: string): boolean {
  return KEY.test(key) && !key.includes("..") && !key.includes("//");
}

const contentTypes: Record<string, string> = { webp: "image/webp", jpg: "image/jpeg", png: "image/png" };

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
        return { data, contentType: contentTypes[key.split(".").pop() ?? ""] ?? "application/octet-stream" };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
        throw error;
      }
    },
    async delete(key) {
      await fs.rm(resolve(key), { force: true });
    },
  };
}

/** In memory, for tests. */
export function createMemoryStorage(): FileStorage & { keys(): string[] } {
  const files = new Map<string, { data: Buffer; contentType: string }>();
  return {
    keys: () => [...files.keys()],
    async put(key, data, contentType) {
      if (!isValidKey(key)) throw new Error(`Invalid storage key: ${key}`);
      files.set(key, { data, contentType });
    },
    async get(key) {
      return files.get(key) ?? null;
    },
    async delete(key) {
      files.delete(key);
    },
  };
}
