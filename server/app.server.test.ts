import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import type { Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../app/test/db";
import { createTestServices } from "../app/test/services";
import type { DatabaseHandle } from "../app/utils/db.server";
import { createApp, isAllowedOrigin } from "./app";

describe("isAllowedOrigin", () => {
  const appUrl = "https://buurtkracht.nl";
  const req = (method: string, headers: Record<string, string>, path = "/login", protocol = "http") => ({ method, path, headers, protocol });
  it.each([
    ["GET from anywhere", req("GET", { origin: "https://evil.example" }), true],
    ["POST from APP_URL", req("POST", { origin: "https://buurtkracht.nl" }), true],
    ["POST from the host it was sent to (LAN demo)", req("POST", { origin: "http://192.168.1.20:3000", host: "192.168.1.20:3000" }), true],
    ["POST from another site", req("POST", { origin: "https://evil.example", host: "buurtkracht.nl" }), false],
    ["POST with Origin: null", req("POST", { origin: "null" }), false],
    ["POST, no Origin, cross-site fetch metadata", req("POST", { "sec-fetch-site": "cross-site" }), false],
    ["POST, no Origin, same-origin fetch metadata", req("POST", { "sec-fetch-site": "same-origin" }), true],
    ["POST from a non-browser client", req("POST", {}), true],
    ["signed webhook from anywhere", req("POST", { origin: "https://stripe.example" }, "/webhooks/stripe"), true],
  ])("%s", (_name, r, allowed) => expect(isAllowedOrigin(r, appUrl)).toBe(allowed));
});

/** The Express app on a free port with a fresh test database, as the operations and compression tests use it. */
async function startApp(options: Pick<Parameters<typeof createApp>[0], "publicDir" | "remixHandle" | "isShuttingDown">) {
  const database = await createTestDatabase();
  const { services } = createTestServices(database);
  const app = createApp({
    services,
    getBuild: () => {
      throw new Error("no Remix build in this test");
    },
    mode: "production",
    ...options,
  });
  const server = app.listen(0);
  return { database, server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

describe("operations endpoints", () => {
  let database: DatabaseHandle;
  let server: Server;
  let base: string;
  let shuttingDown = false;
  beforeAll(async () => {
    ({ database, server, base } = await startApp({ publicDir: "/nonexistent", isShuttingDown: () => shuttingDown }));
  });
  afterAll(async () => {
    await new Promise((r) => server?.close(r));
    await database?.close();
  });

  it("reports liveness and readiness as JSON, with a request id", async () => {
    const health = await fetch(`${base}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: "ok" });
    expect(health.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: "ready", checks: { migrations: { ok: true, pending: [] } } });
  });

  it("turns not-ready while shutting down", async () => {
    shuttingDown = true;
    const ready = await fetch(`${base}/readyz`);
    shuttingDown = false;
    expect(ready.status).toBe(503);
  });

  it("refuses cross-site form posts and frames", async () => {
    const res = await fetch(`${base}/login`, { method: "POST", headers: { Origin: "https://evil.example" }, body: "email=x" });
    expect(res.status).toBe(403);
    expect(res.headers.get("x-frame-options")).toBe("DENY");
  });

  it("moves the clock only through the test hook, forwards only", async () => {
    const res = await fetch(`${base}/__test/clock`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ advanceMs: 3_600_000 }),
    });
    expect(await res.json()).toMatchObject({ offsetMs: 3_600_000 });
    const back = await fetch(`${base}/__test/clock`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ advanceMs: -1 }),
    });
    expect(back.status).toBe(400);
  });
});

describe("compression (issue 17, decision 086)", () => {
  let database: DatabaseHandle;
  let server: Server;
  let base: string;
  const publicDir = fs.mkdtempSync(path.join(os.tmpdir(), "bk-public-"));
  const bundle = `export const text = ${JSON.stringify("buurt ".repeat(2000))};\n`;
  beforeAll(async () => {
    fs.mkdirSync(path.join(publicDir, "build"), { recursive: true });
    fs.writeFileSync(path.join(publicDir, "build", "entry-ABC123.js"), bundle);
    // Twins whose content says which one was sent: a server compressing on the fly would send the bundle.
    fs.writeFileSync(path.join(publicDir, "build", "entry-ABC123.js.br"), zlib.brotliCompressSync("the brotli twin"));
    fs.writeFileSync(path.join(publicDir, "build", "entry-ABC123.js.gz"), zlib.gzipSync("the gzip twin"));
    ({ database, server, base } = await startApp({
      publicDir,
      remixHandle: async () =>
        new Response(`<!doctype html><html><body>${"<p>Buurtkracht</p>".repeat(500)}</body></html>`, { headers: { "content-type": "text/html" } }),
    }));
  });
  afterAll(async () => {
    await new Promise((r) => server?.close(r));
    await database?.close();
  });
  const raw = (url: string, acceptEncoding: string) =>
    new Promise<{ headers: http.IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
      http
        .get(url, { headers: { "accept-encoding": acceptEncoding } }, (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("end", () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
        })
        .on("error", reject);
    });

  it("sends the bundles' build-time twins, cached for a year, and the bundle itself to those who accept neither", async () => {
    const br = await raw(`${base}/build/entry-ABC123.js`, "gzip, deflate, br");
    expect(br.headers["content-encoding"]).toBe("br");
    expect(zlib.brotliDecompressSync(br.body).toString()).toBe("the brotli twin");
    expect(br.headers["cache-control"]).toMatch(/max-age=31536000.*immutable/);
    const gz = await raw(`${base}/build/entry-ABC123.js`, "gzip");
    expect(gz.headers["content-encoding"]).toBe("gzip");
    expect(zlib.gunzipSync(gz.body).toString()).toBe("the gzip twin");
    const plain = await raw(`${base}/build/entry-ABC123.js`, "identity");
    expect(plain.headers["content-encoding"]).toBeUndefined();
    expect(plain.body.toString()).toBe(bundle);
  });

  it("compresses pages with brotli when the browser accepts it", async () => {
    const page = await raw(`${base}/`, "gzip, deflate, br");
    expect(page.headers["content-encoding"]).toBe("br");
    expect(zlib.brotliDecompressSync(page.body).toString()).toContain("<p>Buurtkracht</p>");
  });
});
