import { randomBytes } from "node:crypto";

/**
 * Security headers (docs/decisions/009-input-at-the-edge.md, issue 8 §5). Every page gets a
 * Content-Security-Policy whose scripts must carry this response's nonce (Remix's inline scripts get
 * it from the load context); nothing may frame a page but the embeddable cards under /embed/, which
 * set their own policy. Forms may post to our origin and to the payment provider's hosted pages
 * (a pledge form's answer is a redirect to Stripe Checkout, which form-action also governs).
 */
export function newNonce(): string {
  return randomBytes(16).toString("base64");
}

export interface CspOptions {
  nonce: string;
  /** Origins of the payment provider's hosted pages (Stripe Checkout); none for the simulated gateway. */
  formActionOrigins: readonly string[];
  /** Image origins the pages may load besides our own: the map's tile origin (MAP_TILE_URL, decision 068). */
  imageOrigins?: readonly string[];
  /** `npm run dev`: live reload talks over a websocket. */
  development?: boolean;
}

export function contentSecurityPolicy(options: CspOptions): string {
  const n = `'nonce-${options.nonce}'`;
  const directives: [string, string][] = [
    ["default-src", "'self'"],
    ["script-src", `'self' ${n}`],
    ["style-src", `'self' ${n}`],
    ["img-src", ["'self'", "data:", "blob:", ...(options.imageOrigins ?? [])].join(" ")],
    ["font-src", "'self'"],
    ["connect-src", options.development ? "'self' ws: wss:" : "'self'"],
    ["object-src", "'none'"],
    ["base-uri", "'none'"],
    ["frame-ancestors", "'none'"],
    ["form-action", ["'self'", ...options.formActionOrigins].join(" ")],
  ];
  return directives.map(([k, v]) => `${k} ${v}`).join("; ");
}

/** HSTS for https responses: APP_URL is https, or a trusted proxy says the request came in over https. */
export const STRICT_TRANSPORT_SECURITY = "max-age=31536000; includeSubDomains";
