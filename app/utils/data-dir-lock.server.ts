import fs from "node:fs";
import os from "node:os";
import path from "node:path";

/**
 * PGlite has no lock of its own: two processes opening one data directory corrupt it
 * (docs/decisions/001-embedded-postgres.md). We keep a lock file next to it, created atomically
 * (O_EXCL), holding the owner's pid. A lock whose process is gone is stale and taken over.
 */
export class DataDirLockedError extends Error {
  constructor(
    public readonly lockPath: string,
    public readonly owner: LockOwner,
  ) {
    super(
      [
        `The embedded database in ${path.dirname(lockPath)} is in use by another Buurtkracht process`,
        `(pid ${owner.pid}, "${owner.purpose}", since ${owner.startedAt}).`,
        "The embedded database (PGlite) can be opened by one process at a time. Either:",
        "  - stop that process first, or",
        "  - let that process do the work: `npm start` already runs the job worker in-process, or",
        "  - set DATABASE_URL to a Postgres server, which any number of processes can share.",
      ].join("\n"),
    );
    this.name = "DataDirLockedError";
  }
}

interface LockOwner {
  pid: number;
  purpose: string;
  host: string;
  startedAt: string;
}

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function readOwner(lockPath: string): LockOwner | null {
  try {
    return JSON.parse(fs.readFileSync(lockPath, "utf8")) as LockOwner;
  } catch {
    return null;
  }
}

/** Takes the lock or throws DataDirLockedError. Returns a release function (idempotent). */
export function acquireDataDirLock(dir: string, purpose: string): () => void {
  fs.mkdirSync(dir, { recursive: true });
  const lockPath = path.join(dir, "buurtkracht.lock");
  const me: LockOwner = { pid: process.pid, purpose, host: os.hostname(), startedAt: new Date().toISOString() };
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = fs.openSync(lockPath, "wx");
      fs.writeSync(fd, JSON.stringify(me));
      fs.closeSync(fd);
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        process.off("exit", release);
        const owner = readOwner(lockPath);
        if (owner?.pid === process.pid) fs.rmSync(lockPath, { force: true });
      };
      process.on("exit", release);
      return release;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const owner = readOwner(lockPath);
      if (owner && owner.host === me.host && owner.pid !== process.pid && processIsAlive(owner.pid)) {
        throw new DataDirLockedError(lockPath, owner);
      }
      if (owner && owner.host !== me.host) throw new DataDirLockedError(lockPath, owner);
      if (owner?.pid === process.pid) {
        throw new Error(`This process already holds ${lockPath}; open the embedded database once.`, { cause: error });
      }
      // Stale (its process is gone) or half-written: take it over.
      fs.rmSync(lockPath, { force: true });
    }
  }
  throw new Error(`Could not take the lock ${lockPath}`);
}
