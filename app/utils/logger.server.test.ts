import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger, redactPath } from "./logger.server";

describe("logging", () => {
  it("masks tokens in paths and drops query strings", () => {
    expect(redactPath("/reset-password/abcDEF1234567890abcdef1234567890?x=1")).toBe("/reset-password/[token]");
    expect(redactPath("/projects/moestuin-javaplein?page=2")).toBe("/projects/moestuin-javaplein");
    expect(redactPath("/calendar/9f8e7d6c5b4a39281706f5e4d3c2b1a0.ics")).toBe("/calendar/[token]");
  });

  it("never writes passwords or secrets", () => {
    const lines: string[] = [];
    const sink = new Writable({ write: (chunk, _enc, cb) => (lines.push(String(chunk)), cb()) });
    const logger = createLogger("info", sink);
    logger.info({ password: "hunter2hunter2", body: { password: "p", token: "t0k3n" }, headers: { cookie: "bk_session=abc" } }, "x");
    const out = lines.join("");
    expect(out).not.toContain("hunter2");
    expect(out).not.toContain("t0k3n");
    expect(out).not.toContain("bk_session=abc");
    expect(out).toContain("[redacted]");
  });
});
