import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { acquireDataDirLock, DataDirLockedError } from "./data-dir-lock.server";

const dirs: string[] = [];
const tmpDir = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), "bk-lock-"));
  dirs.push(d);
  return d;
};
afterEach(() => dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

describe("acquireDataDirLock", () => {
  it("refuses a directory held by another live process, with a message saying what to do", async () => {
    const dir = tmpDir();
    const other = spawn("sleep", ["30"]);
    try {
      fs.writeFileSync(
        path.join(dir, "buurtkracht.lock"),
        JSON.stringify({ pid: other.pid, purpose: "web server", host: os.hostname(), startedAt: "2026-11-28T00:00:00Z" }),
      );
      let error: unknown;
      try {
        acquireDataDirLock(dir, "npm run jobs");
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(DataDirLockedError);
      expect((error as Error).message).toMatch(/in use by another Buurtkracht process/);
      expect((error as Error).message).toMatch(/DATABASE_URL/);
      expect((error as Error).message).toContain(String(other.pid));
    } finally {
      other.kill();
    }
  });

  it("takes over a stale lock whose process is gone", async () => {
    const dir = tmpDir();
    const gone = spawn("true");
    await new Promise((r) => gone.on("exit", r));
    fs.writeFileSync(path.join(dir, "buurtkracht.lock"), JSON.stringify({ pid: gone.pid, purpose: "x", host: os.hostname(), startedAt: "" }));
    const release = acquireDataDirLock(dir, "test");
    expect(JSON.parse(fs.readFileSync(path.join(dir, "buurtkracht.lock"), "utf8")).pid).toBe(process.pid);
    release();
    expect(fs.existsSync(path.join(dir, "buurtkracht.lock"))).toBe(false);
  });

  it("is exclusive within one process too, and free again after release", () => {
    const dir = tmpDir();
    const release = acquireDataDirLock(dir, "first");
    expect(() => acquireDataDirLock(dir, "second")).toThrow(/already holds/);
    release();
    acquireDataDirLock(dir, "third")();
  });
});
