/**
 * The route manifest the drills walk: Remix's own flat-routes reading of app/routes (the same
 * function the compiler uses, with remix.config.js's ignored files), so a route added tomorrow is
 * in the list without anyone touching the drills — and the authorization matrix fails until it
 * has an entry. A small dispatcher answers a Request by calling the matched route's loader or
 * action directly (no Remix build, no rendering), turning what it returns or throws into a
 * Response the way Remix would: the drills run it behind the real Express edge (server/app.ts).
 */
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { AppLoadContext } from "@remix-run/node";

const require = createRequire(import.meta.url);
// Remix's flat-routes reader (not part of its public entry point, but what `remix build` runs).
const { flatRoutes } = require("@remix-run/dev/dist/config/flat-routes.js") as {
  flatRoutes: (appDir: string, ignored?: string[]) => Record<string, { id: string; path?: string; index?: boolean; parentId?: string; file: string }>;
};

export const appDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../app");

export interface RouteEntry {
  /** The route id without the `routes/` prefix, e.g. `me.pledges.$id._index`. */
  id: string;
  /** The URL pattern, e.g. `/me/pledges/:id`. */
  pattern: string;
  file: string;
}

export interface RouteModule {
  loader?: (args: { request: Request; context: AppLoadContext; params: Record<string, string> }) => Promise<unknown>;
  action?: (args: { request: Request; context: AppLoadContext; params: Record<string, string> }) => Promise<unknown>;
}

let cached: RouteEntry[] | null = null;

/** Every route under app/routes, as `remix build` sees them (remix.config.js ignores *.test.* and dotfiles). */
export function listRoutes(): RouteEntry[] {
  if (cached) return cached;
  const manifest = flatRoutes(appDir, ["**/.*", "**/*.test.{ts,tsx}"]);
  const fullPath = (id: string): string => {
    const route = manifest[id]!;
    const parent = route.parentId && route.parentId !== "root" ? fullPath(route.parentId) : "";
    return [parent, route.path ?? ""].filter(Boolean).join("/");
  };
  cached = Object.values(manifest)
    .map((r) => ({ id: r.id.replace(/^routes\//, ""), pattern: `/${fullPath(r.id)}`, file: path.join(appDir, r.file) }))
    .sort((a, b) => a.id.localeCompare(b.id));
  return cached;
}

export async function loadRoute(id: string): Promise<RouteModule> {
  const entry = listRoutes().find((r) => r.id === id);
  if (!entry) throw new Error(`no route ${id}`);
  return (await import(entry.file)) as RouteModule;
}

/** Static segments beat dynamic ones beat splats, as in React Router's ranking. */
function score(pattern: string): number {
  const segs = pattern.split("/").filter(Boolean);
  return (segs.includes("*") ? -1000 : 0) + segs.reduce((s, seg) => s + (seg === "*" ? 1 : seg.startsWith(":") ? 3 : 10), 0);
}

/** The route a pathname goes to, with its params (decoded), or null. */
export function matchRoute(pathname: string): { route: RouteEntry; params: Record<string, string> } | null {
  const parts = pathname.split("/").filter(Boolean);
  let best: { route: RouteEntry; params: Record<string, string>; score: number } | null = null;
  for (const route of listRoutes()) {
    const segs = route.pattern.split("/").filter(Boolean);
    const params: Record<string, string> = {};
    let ok = true;
    for (let i = 0; i < segs.length && ok; i++) {
      const seg = segs[i]!;
      if (seg === "*") {
        params["*"] = parts.slice(i).map(decodeURIComponent).join("/");
        break;
      }
      const part = parts[i];
      if (part === undefined) ok = false;
      else if (seg.startsWith(":")) params[seg.slice(1)] = decodeURIComponent(part);
      else if (seg !== part) ok = false;
    }
    if (!ok) continue;
    if (!segs.includes("*") && segs.length !== parts.length) continue;
    const s = score(route.pattern);
    if (!best || s > best.score) best = { route, params, score: s };
  }
  return best && { route: best.route, params: best.params };
}

/** What a loader or action gave back or threw, as the Response Remix would send (status and body). */
export async function toResponse(run: () => Promise<unknown>): Promise<Response> {
  const asResponse = (value: unknown): Response => {
    if (value instanceof Response) return value;
    if (value && typeof value === "object" && "init" in value && "data" in value) {
      const { data, init } = value as { data: unknown; init: ResponseInit | null };
      return Response.json(data ?? null, { status: init?.status ?? 200, headers: init?.headers });
    }
    return Response.json(value ?? null, { status: 200 });
  };
  try {
    return asResponse(await run());
  } catch (thrown) {
    if (thrown instanceof Response || (thrown && typeof thrown === "object" && "init" in thrown && "data" in thrown)) {
      // Thrown: Remix renders the error boundary (the app's error page for that status), not the form.
      const response = asResponse(thrown);
      const marked = new Response(response.body, response);
      marked.headers.set("X-Drill-Thrown", "1");
      return marked;
    }
    // What Remix would turn into its 500 page: a bug. The drills look for exactly this.
    const error = thrown instanceof Error ? thrown : new Error(String(thrown));
    return new Response(`UNCAUGHT ${error.name}: ${error.message}\n${error.stack ?? ""}`, { status: 500, headers: { "X-Drill-Uncaught": "1" } });
  }
}

/** A RemixHandle for createApp: the matched route's loader (GET/HEAD) or action (other methods). */
export async function dispatch(request: Request, context: AppLoadContext): Promise<Response> {
  const url = new URL(request.url);
  const match = matchRoute(url.pathname);
  if (!match) return new Response("Not found", { status: 404 });
  const mod = await loadRoute(match.route.id);
  const fn = request.method === "GET" || request.method === "HEAD" ? mod.loader : mod.action;
  if (!fn) return new Response("Method not allowed", { status: 405 });
  return toResponse(() => fn({ request, context, params: match.params }));
}
