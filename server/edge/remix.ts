import type { AppLoadContext, ServerBuild } from "@remix-run/node";
import { createRequestHandler, writeReadableStreamToWritable } from "@remix-run/node";
import type { NextFunction, Request as ExpressRequest, Response as ExpressResponse } from "express";
import { type BodyLimits, bodyKind, cleanUrlEncodedBody, DEFAULT_BODY_LIMITS, urlProblem } from "./input";

/**
 * The Express → Remix bridge, our own instead of @remix-run/express's, because the edge has work to
 * do before Remix sees a request (docs/decisions/009-input-at-the-edge.md):
 * - a path or query string that is not clean text gets the 404 or 400 page, never the database;
 * - every body is read within its limit (a form 1 MB, an upload 40 MB); over it, the 413 page,
 *   and the rest of the upload is drained (or the connection closed) so the browser gets the answer;
 * - a form body's text is cleaned (U+0000 and other non-text → U+FFFD, reported next to the field);
 * - a body that is not a form (JSON, text) sent to anything but a webhook gets the 400 page;
 * - a 5xx while the database is unreachable becomes the 503 "back in a moment" page (Retry-After);
 * - a state-changing request whose Origin is ours but whose Host a proxy rewrote gets a clear 400
 *   (Remix itself would answer an empty 500).
 * The error pages are the app's own, rendered by the route `edge-error.$status` in the visitor's
 * language (their cookies and Accept-Language travel with the rewritten request).
 */
export type RemixHandle = (request: Request, loadContext: AppLoadContext) => Promise<Response>;

export interface RemixBridgeOptions {
  getBuild: () => ServerBuild | Promise<ServerBuild>;
  /** Tests: answer requests without a Remix build. */
  handle?: RemixHandle;
  mode: "development" | "production";
  getLoadContext: (req: ExpressRequest, res: ExpressResponse) => AppLoadContext;
  appUrl: string;
  limits?: BodyLimits;
  /** Asked after a 5xx: when the database is unreachable, the answer is the 503 page instead. */
  databaseReachable?: () => Promise<boolean>;
}

/**
 * The page for "the database is away" (a restart, a failover): it needs nothing from the database
 * or the build, so it is plain, in both languages, and says when to try again.
 */
export const UNAVAILABLE_PAGE = `<!doctype html>
<html lang="nl"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Even geduld · Buurtkracht</title></head>
<body><main>
<h1>Even geduld</h1><p>Buurtkracht is zo weer bereikbaar. Probeer het over een paar seconden opnieuw; wat je verstuurde is niet opgeslagen.</p>
<h1 lang="en">One moment</h1><p lang="en">Buurtkracht will be back in a moment. Try again in a few seconds; what you sent was not saved.</p>
</main></body></html>`;

/**
 * Asked twice, a quarter of a second apart: while a server ends its connections one by one, the
 * first probe may still find one alive (found by `npm run drill -- restart`: a 500 in 500 answers).
 */
async function databaseAway(options: RemixBridgeOptions): Promise<boolean> {
  if (!options.databaseReachable) return false;
  if (!(await options.databaseReachable())) return true;
  await new Promise((r) => setTimeout(r, 250));
  return !(await options.databaseReachable());
}

async function sendUnavailable(res: ExpressResponse): Promise<void> {
  res.status(503);
  res.setHeader("Retry-After", "5");
  res.setHeader("Cache-Control", "no-store");
  res.type("html").send(UNAVAILABLE_PAGE);
}

type EdgeError = { status: 400 | 404 | 413; reason?: "host" | "query" | "type" };

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

function header(req: ExpressRequest, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/**
 * Origin is our APP_URL, but the host the request arrived for is another: a proxy that rewrites Host
 * without X-Forwarded-Host (docs/deploy.md). Other cross-origin requests were refused earlier.
 */
export function hostMismatch(req: { method: string; headers: Record<string, string | string[] | undefined> }, appUrl: string): boolean {
  if (SAFE_METHODS.has(req.method)) return false;
  const get = (n: string) => {
    const v = req.headers[n];
    return Array.isArray(v) ? v[0] : v;
  };
  const origin = get("origin");
  if (!origin || origin === "null") return false;
  let originHost: string;
  try {
    originHost = new URL(origin).host;
  } catch {
    return false;
  }
  const host = get("x-forwarded-host")?.split(",")[0]?.trim() || get("host");
  return originHost === new URL(appUrl).host && host !== originHost;
}

/** Reads the body within `limit`; past it, drains what the client still sends (up to a bound) and reports too large. */
async function readBody(req: ExpressRequest, limit: number): Promise<{ ok: true; body: Buffer } | { ok: false }> {
  const declared = Number(header(req, "content-length") ?? NaN);
  const chunks: Buffer[] = [];
  let size = 0;
  let tooLarge = Number.isFinite(declared) && declared > limit;
  // Draining lets the browser read our 413; a client that sends far more than that is cut off.
  const drainBound = Math.max(limit * 2, 8 * 1024 * 1024);
  await new Promise<void>((resolve, reject) => {
    if (tooLarge && declared > drainBound) {
      resolve();
      return;
    }
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) tooLarge = true;
      if (!tooLarge) chunks.push(chunk);
      if (size > drainBound) {
        req.pause();
        resolve();
      }
    });
    req.on("end", () => resolve());
    req.on("error", reject);
  });
  return tooLarge ? { ok: false } : { ok: true, body: Buffer.concat(chunks) };
}

/** The URL Remix sees, built as @remix-run/express builds it (req.hostname honours "trust proxy"). */
function requestUrl(req: ExpressRequest): URL {
  const portOf = (value: string | undefined) => Number.parseInt(value?.split(":")[1] ?? "", 10);
  const port = [portOf(header(req, "x-forwarded-host")), portOf(header(req, "host"))].find(Number.isSafeInteger);
  return new URL(`${req.protocol}://${req.hostname}${port ? `:${port}` : ""}${req.originalUrl}`);
}

function remixHeaders(req: ExpressRequest): Headers {
  const headers = new Headers();
  for (const [key, values] of Object.entries(req.headers)) {
    if (values === undefined) continue;
    if (Array.isArray(values)) for (const v of values) headers.append(key, v);
    else headers.set(key, values);
  }
  return headers;
}

export function createRemixBridge(options: RemixBridgeOptions) {
  const limits = options.limits ?? DEFAULT_BODY_LIMITS;
  const handlers = new WeakMap<ServerBuild, ReturnType<typeof createRequestHandler>>();
  const handlerFor = (build: ServerBuild) => {
    let handler = handlers.get(build);
    if (!handler) {
      handler = createRequestHandler(build, options.mode);
      handlers.set(build, handler);
    }
    return handler;
  };

  return async function remixBridge(req: ExpressRequest, res: ExpressResponse, next: NextFunction): Promise<void> {
    try {
      const handler: RemixHandle = options.handle ?? handlerFor(await options.getBuild());
      const controller = new AbortController();
      res.on("close", () => {
        if (!res.writableFinished) controller.abort();
      });
      const loadContext = options.getLoadContext(req, res);
      const url = requestUrl(req);
      const headers = remixHeaders(req);

      const render = async (error: EdgeError) => {
        // The error page is a GET of the edge-error route with the visitor's own headers (cookies,
        // language); the body, if any, is not passed on.
        const target = new URL(`/edge-error/${error.status}${error.reason ? `?reason=${error.reason}` : ""}`, url);
        const errorHeaders = new Headers(headers);
        for (const h of ["content-type", "content-length", "transfer-encoding"]) errorHeaders.delete(h);
        const response = await handler(new Request(target, { method: "GET", headers: errorHeaders, signal: controller.signal }), loadContext);
        await send(res, response, error.status === 413);
      };

      const problem = urlProblem(req.originalUrl);
      if (problem) return await render(problem === "path" ? { status: 404 } : { status: 400, reason: "query" });

      let body: BodyInit | undefined;
      if (req.method !== "GET" && req.method !== "HEAD") {
        if (hostMismatch(req, options.appUrl)) return await render({ status: 400, reason: "host" });
        const kind = bodyKind(header(req, "content-type"));
        const read = await readBody(req, limits[kind]);
        if (!read.ok) return await render({ status: 413 });
        // Every action reads a form (request.formData()), which throws on any other body: a JSON or
        // text body would be Remix's empty 500. Only the webhooks read other bodies. An empty body
        // without a type (a bare POST) is an empty form. Found by the form fuzzer (scripts/drills).
        if ((kind === "json" || kind === "other") && !req.path.startsWith("/webhooks/")) {
          if (read.body.length > 0) return await render({ status: 400, reason: "type" });
          headers.set("content-type", "application/x-www-form-urlencoded");
        }
        if (kind === "form") {
          const cleaned = cleanUrlEncodedBody(read.body.toString("utf8"));
          body = cleaned.body;
          if (cleaned.changed) headers.delete("content-length");
        } else {
          body = new Uint8Array(read.body);
        }
      }
      const request = new Request(url.href, { method: req.method, headers, body, signal: controller.signal });
      const response = await handler(request, loadContext);
      if (response.status >= 500 && (await databaseAway(options))) {
        await response.body?.cancel().catch(() => undefined);
        return await sendUnavailable(res);
      }
      await send(res, response, false);
    } catch (error) {
      if (!res.headersSent && (await databaseAway(options))) return await sendUnavailable(res);
      next(error);
    }
  };
}

async function send(res: ExpressResponse, response: Response, closeAfter: boolean): Promise<void> {
  res.statusMessage = response.statusText;
  res.status(response.status);
  for (const [key, value] of response.headers.entries()) {
    if (key === "set-cookie") continue;
    res.append(key, value);
  }
  for (const cookie of response.headers.getSetCookie()) res.append("Set-Cookie", cookie);
  if (closeAfter) res.setHeader("Connection", "close");
  if (response.headers.get("Content-Type")?.match(/text\/event-stream/i)) res.flushHeaders();
  if (response.body) await writeReadableStreamToWritable(response.body, res);
  else res.end();
}
