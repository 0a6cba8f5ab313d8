import { appUrlReach } from "../../app/utils/app-url";

/**
 * One address per app (issue 13 §26, decision 067). Cookies belong to a host: a neighbour who opens
 * http://127.0.0.1:3000 while links, payment pages and e-mails use APP_URL's http://localhost:3000
 * would come back from the payment page logged out. So a page asked for under another name is sent
 * to the same path under APP_URL's host first.
 *
 * - Locally (APP_URL on a loopback name) another loopback name for the same port is the same
 *   machine: always redirected (307, not cached, a developer may change APP_URL).
 * - On a deployment only with CANONICAL_REDIRECT on (308): a reverse proxy that rewrites Host to
 *   an internal name would otherwise be redirected in a loop, so it is switched on where the proxy
 *   passes the browser's host (Host, or X-Forwarded-Host with TRUST_PROXY).
 * - Only GET and HEAD (a form sent elsewhere meets the origin check instead), never the health
 *   probes (they ask the pod by its own address), and never a LAN address on a local APP_URL (a
 *   phone on the LAN cannot reach "localhost": set APP_URL to the LAN address for that).
 */
export function canonicalRedirect(input: {
  method: string;
  /** The host the browser asked for, with its port ("127.0.0.1:3000"). */
  host: string | undefined;
  /** Path and query as received. */
  url: string;
  appUrl: string;
  redirectDeployments: boolean;
}): { status: 307 | 308; location: string } | null {
  if (input.method !== "GET" && input.method !== "HEAD") return null;
  if (!input.host || input.url === "/healthz" || input.url === "/readyz") return null;
  let canonical: URL;
  let asked: URL;
  try {
    canonical = new URL(input.appUrl);
    asked = new URL(`http://${input.host}`);
  } catch {
    return null;
  }
  if (asked.host.toLowerCase() === canonical.host.toLowerCase()) return null;
  const location = `${canonical.origin}${input.url.startsWith("/") ? input.url : `/${input.url}`}`;
  if (appUrlReach(canonical.href) === "local") {
    const samePort = (asked.port || "80") === (canonical.port || (canonical.protocol === "https:" ? "443" : "80"));
    return samePort && appUrlReach(asked.href) === "local" ? { status: 307, location } : null;
  }
  return input.redirectDeployments ? { status: 308, location } : null;
}
