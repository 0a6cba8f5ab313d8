import { createCookieSessionStorage, redirect, type Session, type SessionStorage } from "@remix-run/node";

/**
 * The session cookie (docs/decisions/003-sessions-and-auth.md, 008-server-side-sessions.md):
 * httpOnly, SameSite=Lax, and Secure whenever the app is served over HTTPS — APP_URL is https, or a
 * trusted proxy says the request came in over https. A demo on http://<LAN address>:3000 therefore
 * still logs in. It carries the server-side session's token (sessions.server.ts) and flash messages.
 */
export interface SessionData {
  /** The server-side session's token; the `sessions` table holds its hash. */
  token: string;
}
export interface SessionFlash {
  flash: { kind: "success" | "info" | "error"; key: string };
}
export type AppSession = Session<SessionData, SessionFlash>;

export interface SessionStore {
  getSession(request: Request): Promise<AppSession>;
  commitSession(request: Request, session: AppSession): Promise<string>;
  destroySession(request: Request, session: AppSession): Promise<string>;
}

const COOKIE_NAME = "bk_session";

export function createSessionStore(options: {
  secrets: string[];
  appUrlIsHttps: boolean;
  /** The cookie lives as long as a session can (SESSION_MAX_DAYS). */
  maxAgeSeconds: number;
}): SessionStore {
  const make = (secure: boolean): SessionStorage<SessionData, SessionFlash> =>
    createCookieSessionStorage<SessionData, SessionFlash>({
      cookie: {
        name: COOKIE_NAME,
        httpOnly: true,
        sameSite: "lax",
        secure,
        path: "/",
        maxAge: options.maxAgeSeconds,
        secrets: options.secrets,
      },
    });
  const secureStorage = make(true);
  const plainStorage = make(false);
  const storageFor = (request: Request) => {
    if (options.appUrlIsHttps) return secureStorage;
    // The request URL's protocol is what Express made of it: https when a trusted proxy says so.
    return new URL(request.url).protocol === "https:" ? secureStorage : plainStorage;
  };
  return {
    // Reading does not depend on the Secure attribute: either storage parses the cookie.
    getSession: (request) => plainStorage.getSession(request.headers.get("Cookie")),
    commitSession: (request, session) => storageFor(request).commitSession(session),
    destroySession: (request, session) => storageFor(request).destroySession(session),
  };
}

/** Only same-site paths: "/x" yes; "//evil.example", "/\\evil", "https://…" no. */
export function safeRedirect(to: FormDataEntryValue | string | null | undefined, fallback = "/"): string {
  if (typeof to !== "string" || !to.startsWith("/") || to.startsWith("//") || to.startsWith("/\\")) return fallback;
  // eslint-disable-next-line no-control-regex -- refusing control characters is the point
  if (/[\u0000-\u001f]/.test(to)) return fallback;
  return to;
}

export function loginRedirect(request: Request): never {
  const url = new URL(request.url);
  const redirectTo = safeRedirect(`${url.pathname}${url.search}`);
  throw redirect(`/login?${new URLSearchParams({ redirectTo })}`);
}
