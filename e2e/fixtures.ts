import AxeBuilder from "@axe-core/playwright";
import { test as base, expect, type Page } from "@playwright/test";

/**
 * Every page the suite visits gets an accessibility check (axe, WCAG 2.1 AA rules), failing on
 * serious or critical violations. Tests call `a11y()` after reaching a page; at the end of each
 * test the fixture checks that no visited page went unchecked.
 */
type Fixtures = { a11y: (label?: string) => Promise<void> };

function pathOf(url: string): string {
  const u = new URL(url);
  return u.pathname;
}

/**
 * `E2E_A11Y=0` turns the axe analysis off (the visited-page bookkeeping stays). CI sets it for its
 * second pass, on the Postgres server: the HTML does not depend on the database, and axe is most
 * of the browser suite's time on these two-core machines (about 1.5 s a page).
 */
const analyse = process.env.E2E_A11Y !== "0";

export async function expectAccessible(page: Page, label = ""): Promise<void> {
  await page.waitForLoadState("load");
  // A click on a link starts a client-side navigation: check the page it lands on, not the one
  // it leaves (Remix exposes its router on window).
  await page.waitForFunction(() => {
    const router = (window as unknown as { __remixRouter?: { state: { navigation: { state: string } } } }).__remixRouter;
    return !router || router.state.navigation.state === "idle";
  });
  await page.waitForLoadState("load");
  if (!analyse) return;
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  const bad = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  const report = bad.map(
    (v) =>
      `${v.impact}: ${v.id} — ${v.help}\n    ${v.nodes
        .map((n) => n.target.join(" "))
        .slice(0, 5)
        .join("\n    ")}`,
  );
  expect(report, `accessibility violations on ${page.url()} ${label}`).toEqual([]);
}

export const test = base.extend<Fixtures>({
  a11y: async ({ page, javaScriptEnabled }, use) => {
    const visited = new Set<string>();
    const checked = new Set<string>();
    // The Content-Security-Policy (server/edge/headers.ts) must never block anything of our own.
    const blocked: string[] = [];
    page.on("console", (msg) => {
      if (msg.type() === "error" && /Content Security Policy/i.test(msg.text())) blocked.push(`${page.url()}: ${msg.text()}`);
    });
    page.on("framenavigated", (frame) => {
      if (frame === page.mainFrame() && frame.url().startsWith("http")) visited.add(pathOf(frame.url()));
    });
    await use(async (label?: string) => {
      // Without JavaScript (the no-javascript project) axe cannot run in the page; the same pages
      // are analysed in the desktop journeys. The page must still have loaded.
      if (javaScriptEnabled === false) await page.waitForLoadState("load");
      else await expectAccessible(page, label);
      checked.add(pathOf(page.url()));
    });
    const unchecked = [...visited].filter((p) => !checked.has(p));
    expect(unchecked, "pages visited without an accessibility check").toEqual([]);
    expect(blocked, "the Content-Security-Policy blocked something").toEqual([]);
  },
});

export { expect };

/** Moves the server's clock forward (test hooks only) and runs every due job once. */
export async function advanceClock(page: Page, ms: number): Promise<void> {
  const res = await page.request.post("/__test/clock", { data: { advanceMs: ms } });
  expect(res.ok()).toBe(true);
}

export async function runDueJobs(page: Page): Promise<void> {
  const res = await page.request.post("/__test/run-due");
  expect(res.ok()).toBe(true);
  const body = (await res.json()) as { results: { name: string; error?: string }[] };
  expect(body.results.filter((r) => r.error)).toEqual([]);
}

export const DEMO_PASSWORD = "buurtkracht-demo";

/** A day ("YYYY-MM-DD", Amsterdam) counted from the server's clock, which a journey may have moved. */
export async function serverDay(page: Page, plusDays: number): Promise<string> {
  const res = await page.request.post("/__test/clock", { data: { advanceMs: 0 } });
  const { now } = (await res.json()) as { now: string };
  const at = new Date(new Date(now).getTime() + plusDays * 86_400_000);
  return new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Amsterdam", year: "numeric", month: "2-digit", day: "2-digit" }).format(at);
}

export async function login(page: Page, email: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto("/login");
  await page.getByLabel(/e-mail/i).fill(email);
  await page.getByLabel(/wachtwoord|password/i).fill(password);
  await page.getByRole("button", { name: /^(inloggen|log in)$/i }).click();
  await page.waitForURL((url) => !url.pathname.startsWith("/login"));
}

export function uniqueEmail(prefix: string): string {
  return `${prefix}-${Date.now()}-${Math.floor(Math.random() * 1e6)}@example.nl`;
}

/**
 * Signing up: the form answers "check your e-mail" for every address (it never tells who has an
 * account), and the link in the verification mail confirms the address and logs in.
 */
export async function confirmSignupByMail(page: Page, a11y: (label?: string) => Promise<void>, email: string): Promise<void> {
  await expect(page).toHaveURL(/\/signup\/check-email/);
  await expect(page.getByRole("heading", { level: 1, name: "Kijk in je e-mail" })).toBeVisible();
  await a11y("check your e-mail");
  await runDueJobs(page);
  await page.goto(`/dev/mailbox?to=${encodeURIComponent(email)}`);
  await a11y("mailbox");
  await page.getByRole("link", { name: "Bevestig je e-mailadres" }).first().click();
  await a11y("mail");
  await page.getByRole("link", { name: /\/verify-email\?token=/ }).click();
  await a11y("verify e-mail");
  await page.getByRole("button", { name: "Bevestig mijn e-mailadres" }).click();
  await page.waitForURL((url) => !url.pathname.startsWith("/verify-email"));
}
