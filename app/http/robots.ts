import { absoluteUrl } from "../utils/app-url";

/**
 * What crawlers may fetch (docs/decisions/065-seo-and-feeds.md). robots.txt is advice, not access
 * control: every path below is guarded by its own route. It keeps crawlers out of pages that are
 * somebody's own (account, "my" pages, dashboards), staff pages, the payment and pledge steps,
 * forms, tokens' pages, the machine interfaces (API, webhooks, the calendar feed) and the embed
 * cards (other sites' copies of a project page). Uploads stay open: link previews fetch the photos,
 * and private uploads have unguessable keys that no public page links to. `*` as in RFC 9309.
 */
export const DISALLOWED_PATHS = [
  // Someone's own pages and settings
  "/me/",
  "/profile",
  "/settings/",
  "/notifications",
  "/circles/",
  "/loans/",
  // Staff
  "/admin/",
  "/moderation",
  "/dev/",
  // Payments and pledges
  "/pay/",
  "/projects/*/pledge",
  "/projects/*/backed/",
  // Initiators' and owners' pages and forms
  "/projects/new",
  "/projects/*/dashboard",
  "/projects/*/edit",
  "/projects/*/tiers",
  "/projects/*/needs",
  "/projects/*/backers.csv",
  "/items/new",
  "/items/*/edit",
  "/items/*/lend-to-project",
  "/organisations/new",
  "/organisations/*/pools/new",
  "/organisations/*/matching.csv",
  // Account steps and links from e-mails
  "/login",
  "/logout",
  "/signup",
  "/forgot-password",
  "/reset-password",
  "/verify-email",
  "/unsubscribe",
  "/report",
  // Machines
  "/api/",
  "/webhooks/",
  "/calendar.ics",
  "/embed/",
  "/edge-error/",
] as const;

export function robotsTxt(appUrl: string): string {
  return ["User-agent: *", "Allow: /", ...DISALLOWED_PATHS.map((p) => `Disallow: ${p}`), "", `Sitemap: ${absoluteUrl(appUrl, "/sitemap.xml")}`, ""].join("\n");
}
