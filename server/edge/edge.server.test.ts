import type { AddressInfo } from "node:net";
import net from "node:net";
import type { Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../app/test/db";
import { createTestServices } from "../../app/test/services";
import type { DatabaseHandle } from "../../app/utils/db.server";
import { parseEnv } from "../../app/utils/env.server";
import { createApp } from "../app";
import { contentSecurityPolicy } from "./headers";
import { bodyKind, cleanUrlEncodedBody, DEFAULT_BODY_LIMITS, urlProblem } from "./input";
import { hostMismatch } from "./remix";

describe("urlProblem: paths and queries that are not text", () => {
  it.each([
    ["/u/anna", null],
    ["/items?q=boremachine&near=1093", null],
    ["/items?q=caf%C3%A9", null],
    ["/items?q=%F0%9F%8C%B3", null],
    ["/u/%00", "path"],
    ["/pay/sim/%00", "path"],
    ["/u/%E0%A4%A", "path"],
    ["/u/%ED%A0%80", "path"],
    ["/u/a%01b", "path"],
    ["/projects?neighbourhood=%00", "query"],
    ["/projects?x%00=1", "query"],
    ["/items?q=%FF", "query"],
    ["/items?q=%", "query"],
    ["/items?q=tab%09ok", null],
  ])("%s → %s", (target, problem) => expect(urlProblem(target)).toBe(problem));
});

describe("cleanUrlEncodedBody", () => {
  it("replaces what is not text with U+FFFD and leaves clean bodies as they were", () => {
    expect(cleanUrlEncodedBody("displayName=Jan%00Jansen&email=a%40b.nl")).toEqual({ body: "displayName=Jan%EF%BF%BDJansen&email=a%40b.nl", changed: true });
    expect(new URLSearchParams(cleanUrlEncodedBody("x=%ED%A0%80").body).get("x")).toContain("\uFFFD");
    expect(cleanUrlEncodedBody("displayName=Jan+Jansen&bio=r%C3%A9gel%0Atwee")).toEqual({
      body: "displayName=Jan+Jansen&bio=r%C3%A9gel%0Atwee",
      changed: false,
    });
  });

  it.each([
    ["application/x-www-form-urlencoded", "form"],
    ["application/x-www-form-urlencoded; charset=UTF-8", "form"],
    ["multipart/form-data; boundary=x", "multipart"],
    ["application/json", "json"],
    ["application/merge-patch+json", "json"],
    ["text/plain", "other"],
    [undefined, "other"],
  ])("bodyKind(%s) = %s", (type, kind) => expect(bodyKind(type)).toBe(kind));
});

describe("hostMismatch", () => {
  const appUrl = "https://buurtkracht.nl";
  it.each([
    ["POST", { origin: "https://buurtkracht.nl", host: "buurtkracht.nl" }, false],
    ["POST", { origin: "https://buurtkracht.nl", host: "app:3000" }, true],
    ["POST", { origin: "https://buurtkracht.nl", host: "app:3000", "x-forwarded-host": "buurtkracht.nl" }, false],
    ["GET", { origin: "https://buurtkracht.nl", host: "app:3000" }, false],
    ["POST", { host: "app:3000" }, false],
  ] as const)("%s %j → %s", (method, headers, expected) => expect(hostMismatch({ method, headers }, appUrl)).toBe(expected));
});

describe("the content security policy", () => {
  it("allows only our own scripts with this response's nonce, and the payment pages as form targets", () => {
    const csp = contentSecurityPolicy({ nonce: "abc", formActionOrigins: ["https://checkout.stripe.com"] });
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self' 'nonce-abc'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("base-uri 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("form-action 'self' https://checkout.stripe.com");
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval/);
  });

  it("allows the map's one tile origin for images, and no other (decision 068)", () => {
    const csp = contentSecurityPolicy({ nonce: "abc", formActionOrigins: [], imageOrigins: ["https://tile.openstreetmap.org"] });
    expect(csp).toContain("img-src 'self' data: blob: https://tile.openstreetmap.org;");
    expect(csp).not.toMatch(/\*/);
  });
});

describe("the edge in front of Remix", () => {
  let database: DatabaseHandle;
  let server: Server;
  let base: string;
  const seen: { url: string; method: string; body: string; nonce: string; ip: string }[] = [];
  beforeAll(async () => {
    database = await createTestDatabase();
    const { services } = createTestServices(database);
    services.env = parseEnv({ NODE_ENV: "test", DATA_DIR: "/tmp/x", APP_URL: "http://127.0.0.1:1", TRUST_PROXY: "1", LOG_LEVEL: "silent" });
    const app = createApp({
      services,
      getBuild: () => {
        throw new Error("no build: remixHandle answers");
      },
      remixHandle: async (request, ctx) => {
        const url = new URL(request.url);
        const body = request.method === "GET" || request.method === "HEAD" ? "" : await request.text();
        seen.push({ url: url.pathname + url.search, method: request.method, body, nonce: ctx.cspNonce, ip: ctx.clientIp });
        const edge = /^\/edge-error\/(\d+)/.exec(url.pathname);
        return new Response(`page ${url.pathname}${url.search}`, { status: edge ? Number(edge[1]) : 200, headers: { "Content-Type": "text/html" } });
      },
      mode: "production",
      publicDir: "/nonexistent",
    });
    server = app.listen(0);
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((r) => server?.close(r));
    await database?.close();
  });

  it("sends a page asked for under another name of this machine to APP_URL's host first, before Remix (issue 13 §26)", async () => {
    seen.length = 0;
    const res = await fetch(`${base}/projects?q=tuin`, { headers: { "X-Forwarded-Host": "localhost:1" }, redirect: "manual" });
    expect(res.status).toBe(307);
    expect(res.headers.get("location")).toBe("http://127.0.0.1:1/projects?q=tuin");
    expect(seen).toEqual([]);
    // The canonical host itself, and a form post, go on as before.
    expect((await fetch(`${base}/projects`, { headers: { "X-Forwarded-Host": "127.0.0.1:1" }, redirect: "manual" })).status).toBe(200);
    expect((await fetch(`${base}/projects`, { method: "POST", headers: { "X-Forwarded-Host": "localhost:1" }, redirect: "manual" })).status).not.toBe(307);
  });

  it("lets pages load the map's tiles from MAP_TILE_URL's origin and no other; no fixture tile without the test hooks (decision 068)", async () => {
    const res = await fetch(`${base}/map`);
    expect(res.headers.get("content-security-policy")).toContain("img-src 'self' data: blob: https://tile.openstreetmap.org; ");
    const tile = await fetch(`${base}/__test/tiles/1/2/3.png`);
    expect(tile.headers.get("content-type")).not.toMatch(/image\/png/);
  });

  it("answers a path or query that is not text with the app's 404 / 400 page, never reaching a route", async () => {
    seen.length = 0;
    const path = await fetch(`${base}/u/%00`);
    expect(path.status).toBe(404);
    expect(await path.text()).toBe("page /edge-error/404");
    const query = await fetch(`${base}/projects?neighbourhood=%00`);
    expect(query.status).toBe(400);
    expect(await query.text()).toBe("page /edge-error/400?reason=query");
    expect(seen.map((s) => s.url)).toEqual(["/edge-error/404", "/edge-error/400?reason=query"]);
  });

  it("hands a form on with what is not text replaced by U+FFFD (the form parser puts the message next to the field)", async () => {
    seen.length = 0;
    const res = await fetch(`${base}/signup`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: "displayName=Jan%00Jansen&x=%ED%A0%80",
    });
    expect(res.status).toBe(200);
    const form = new URLSearchParams(seen[0]!.body);
    expect(form.get("displayName")).toBe("Jan\uFFFDJansen");
    expect(form.get("x")).toContain("\uFFFD");
    expect(form.get("displayName")).not.toContain("\u0000");
  });

  it("refuses a form body over 1 MB with the 413 page, and says so even when it arrives in chunks", async () => {
    const big = `email=${"a".repeat(DEFAULT_BODY_LIMITS.form + 10)}`;
    const declared = await fetch(`${base}/login`, { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: big });
    expect(declared.status).toBe(413);
    expect(await declared.text()).toBe("page /edge-error/413");
    // No Content-Length: a stream of chunks that grows past the limit.
    const chunked = await fetch(`${base}/login`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: new ReadableStream({
        start(c) {
          for (let i = 0; i < 20; i++) c.enqueue(new TextEncoder().encode("a".repeat(64 * 1024)));
          c.close();
        },
      }),
      duplex: "half",
    } as RequestInit);
    expect(chunked.status).toBe(413);
  });

  it("answers a 250 MB anonymous POST with 413 without reading it into memory", async () => {
    const before = process.memoryUsage().rss;
    const status = await new Promise<number>((resolve, reject) => {
      const { port } = server.address() as AddressInfo;
      const socket = net.connect(port, "127.0.0.1", () => {
        socket.write(
          `POST /login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: ${250 * 1024 * 1024}\r\n\r\n`,
        );
        socket.write("email=" + "a".repeat(1024 * 1024));
      });
      let answer = "";
      socket.on("data", (d) => {
        answer += d.toString();
        const m = /^HTTP\/1\.1 (\d+)/.exec(answer);
        if (m) {
          socket.destroy();
          resolve(Number(m[1]));
        }
      });
      socket.on("error", reject);
    });
    expect(status).toBe(413);
    expect(process.memoryUsage().rss - before).toBeLessThan(100 * 1024 * 1024);
  });

  it("gives a state change whose Origin is ours but whose Host a proxy rewrote a clear 400, not Remix's empty 500", async () => {
    const res = await fetch(`${base}/login`, {
      method: "POST",
      headers: { Origin: "http://127.0.0.1:1", "Content-Type": "application/x-www-form-urlencoded" },
      body: "email=x",
    });
    expect(res.status).toBe(400);
    expect(await res.text()).toBe("page /edge-error/400?reason=host");
  });

  it("gives a form route a JSON or text body the 400 page (the action would throw reading a form), and a bare POST an empty form", async () => {
    seen.length = 0;
    const json = await fetch(`${base}/login`, { method: "POST", headers: { "Content-Type": "application/json" }, body: '{"email":"x"}' });
    expect(json.status).toBe(400);
    expect(await json.text()).toBe("page /edge-error/400?reason=type");
    const text = await fetch(`${base}/signup`, { method: "POST", headers: { "Content-Type": "text/plain" }, body: "email=x" });
    expect(await text.text()).toBe("page /edge-error/400?reason=type");
    const bare = await fetch(`${base}/logout`, { method: "POST" });
    expect(bare.status).toBe(200);
    expect(seen.at(-1)).toMatchObject({ url: "/logout", body: "" });
    const hook = await fetch(`${base}/webhooks/stripe`, { method: "POST", headers: { "Content-Type": "application/json" }, body: "{}" });
    expect(await hook.text()).toBe("page /webhooks/stripe");
  });

  it("sends a CSP with a fresh nonce per response, the same one the page's scripts get", async () => {
    seen.length = 0;
    const a = await fetch(`${base}/`);
    const b = await fetch(`${base}/`);
    const nonceOf = (r: Response) => /'nonce-([^']+)'/.exec(r.headers.get("content-security-policy") ?? "")?.[1];
    expect(nonceOf(a)).toBeTruthy();
    expect(nonceOf(a)).not.toBe(nonceOf(b));
    expect(seen.map((s) => s.nonce)).toEqual([nonceOf(a), nonceOf(b)]);
    expect(a.headers.get("x-frame-options")).toBe("DENY");
  });

  it("sends HSTS when a trusted proxy says the request came over https, and trusts only one hop of X-Forwarded-For", async () => {
    const viaProxy = await fetch(`${base}/`, { headers: { "X-Forwarded-Proto": "https" } });
    expect(viaProxy.headers.get("strict-transport-security")).toMatch(/max-age=31536000/);
    const plain = await fetch(`${base}/`);
    expect(plain.headers.get("strict-transport-security")).toBeNull();
  });

  it("takes the client address from the one trusted hop: a spoofed X-Forwarded-For cannot pick a new address per attempt", async () => {
    seen.length = 0;
    // What a proxy forwards: whatever the client claimed, then the address the proxy saw.
    for (let n = 1; n <= 5; n++) await fetch(`${base}/login`, { headers: { "X-Forwarded-For": `9.9.9.${n}, 203.0.113.7` } });
    expect(seen.map((s) => s.ip)).toEqual(Array(5).fill("203.0.113.7"));
  });
});
