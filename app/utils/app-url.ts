/**
 * How far an APP_URL reaches:
 * - `local`: localhost, a `.localhost` name or a loopback address;
 * - `private`: a LAN address or name (10/8, 172.16/12, 192.168/16, fc00::/7, link-local, `.local`,
 *   `.lan`, `.home.arpa`, `.internal`, or a name without a dot);
 * - `public`: everything else.
 */
export type AppUrlReach = "local" | "private" | "public";

export function appUrlReach(appUrl: string): AppUrlReach {
  let host: string;
  try {
    host = new URL(appUrl).hostname.toLowerCase();
  } catch {
    return "public";
  }
  host = host.replace(/^\[|\]$/g, "").replace(/\.$/, "");
  if (host === "localhost" || host.endsWith(".localhost")) return "local";
  const ip = /^\d{1,3}(\.\d{1,3}){3}$/.test(host) ? 4 : host.includes(":") ? 6 : 0;
  if (ip === 4) {
    const [a = 0, b = 0] = host.split(".").map(Number);
    if (a === 127 || host === "0.0.0.0") return "local";
    if (a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 169 && b === 254)) return "private";
    return "public";
  }
  if (ip === 6) {
    if (host === "::1") return "local";
    // An IPv4-mapped address (WHATWG URL writes ::ffff:127.0.0.1 as ::ffff:7f00:1).
    const mapped = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(host);
    if (mapped) {
      const hi = parseInt(mapped[1]!, 16);
      const lo = parseInt(mapped[2]!, 16);
      return appUrlReach(`http://${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}/`);
    }
    if (/^f[cd][0-9a-f]{2}:/.test(host) || /^fe[89ab][0-9a-f]:/.test(host)) return "private";
    return "public";
  }
  if (/\.(local|lan|home\.arpa|internal)$/.test(host) || !host.includes(".")) return "private";
  return "public";
}

/** An absolute URL on this site: APP_URL (with or without a trailing slash) and a path. */
export function absoluteUrl(appUrl: string, path: string): string {
  return `${appUrl.replace(/\/+$/, "")}${path.startsWith("/") ? path : `/${path}`}`;
}

/**
 * The address of one language version of a page (docs/decisions/065-seo-and-feeds.md): `path` (with
 * its query, if any) and `lang=<locale>`; without a locale, the address that lets the visitor's own
 * language decide (the `x-default`). An earlier `lang` in the path is replaced.
 */
export function languageUrl(appUrl: string, path: string, locale: string | null): string {
  return absoluteUrl(appUrl, languagePath(path, locale));
}

/** The same, as a path on this site (`lang` replaced or, with `null`, removed). */
export function languagePath(path: string, locale: string | null): string {
  const [pathname = "/", search = ""] = path.split("?", 2);
  const query = new URLSearchParams(search);
  query.delete("lang");
  if (locale) query.set("lang", locale);
  const qs = query.toString();
  return `${pathname}${qs ? `?${qs}` : ""}`;
}
