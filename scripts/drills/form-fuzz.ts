/**
 * The form fuzzer (issue 8 §8): every action in app/routes gets random and hostile bodies
 * (scripts/drills/hostile.ts) through the real Express edge (server/app.ts: body limits, text
 * cleaning, origin checks) and the route's own action, as a signed-in person who may use it.
 * For every input: never a 5xx, never a stack trace; a refused form (4xx) comes back with a message
 * (a message key next to a field, or the app's error page for 403/404/405/413), and no table
 * changed its row count. Used by scripts/drills/form-fuzz.server.test.ts (a short run in
 * `npm test`) and `npm run drill -- fuzz` (a long one).
 */
import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import fc from "fast-check";
import { sql } from "kysely";
import { isMessageKey } from "../../app/i18n/i18n";
import type { AppServices } from "../../app/services.server";
import { createApp } from "../../server/app";
import type { DemoWorld, Fixtures, Person } from "./demo-world";
import { encodeBody, hostileBody, type HostileBody } from "./hostile";
import { dispatch, listRoutes, loadRoute, matchRoute } from "./routes";

export interface FuzzTarget {
  url: (f: Fixtures) => string;
  as: Person | null;
  fields: string[];
  intents?: string[];
  /** The page shows its one fixed message for any refusal (`ok: false`: an invalid or expired link). */
  fixedMessage?: boolean;
}

const PLEDGE = ["amount", "tierId", "message", "visibility", "paymentMethod", "token", "pledgeId", "riskRead"];
const PROJECT = [
  "title",
  "summary",
  "story",
  "neighbourhoodId",
  "category",
  "goal",
  "fundingModel",
  "durationDays",
  "lineDescription",
  "lineAmount",
  "removeCover",
  // A community loan's terms (app/community-loans/loan-schema.ts).
  "loanMonths",
  "loanRate",
  "loanMethod",
];
const ITEM = [
  "title",
  "description",
  "category",
  "condition",
  "replacementValue",
  "deposit",
  "feePerDay",
  "maxLoanDays",
  "audience",
  "postcode",
  "pickupAddress",
  "minTrustLevel",
  "waiveDepositTrusted",
  "removePhoto",
  "circleIds",
];

/** Every action, by route id, with who sends it and the fields its form has. A new action without one fails. */
export const targets: Record<string, FuzzTarget> = {
  "admin.notifications": { url: () => "/admin/notifications", as: "admin", fields: ["notificationId"] },
  "admin.organisations": {
    url: () => "/admin/organisations",
    as: "admin",
    fields: ["organisationId", "reason", "poolId", "projectId", "reference"],
    intents: ["verify", "reject", "mark_paid"],
  },
  "admin.reconciliation": { url: () => "/admin/reconciliation", as: "admin", fields: [], intents: ["run"] },
  "circles._index": { url: () => "/circles", as: "eva", fields: ["name"] },
  "circles.$circleId": {
    url: (f) => `/circles/${f.circle.evaFriends}`,
    as: "eva",
    fields: ["email", "handle"],
    intents: ["invite", "renew", "leave", "remove"],
  },
  "circles.join.$token": { url: (f) => `/circles/join/${f.circle.inviteToken}`, as: "eva", fields: [] },
  "dev.payments": { url: () => "/dev/payments", as: "eva", fields: ["requestId", "amount"], intents: ["pay", "setup", "capture", "cancel", "refund"] },
  "forgot-password": { url: () => "/forgot-password", as: null, fields: ["email"] },
  "items.$itemId._index": {
    url: (f) => `/items/${f.item.mohammedSander}`,
    as: "eva",
    fields: ["startsOn", "endsOn", "message"],
    intents: ["request", "pause", "unlist", "relist"],
  },
  "items.$itemId.edit": { url: (f) => `/items/${f.item.mohammedSander}/edit`, as: "mohammed", fields: ITEM },
  "items.$itemId.lend-to-project": {
    url: (f) => `/items/${f.item.mohammedSander}/lend-to-project`,
    as: "mohammed",
    fields: ["projectId", "startsOn", "endsOn", "message"],
  },
  "admin.neighbourhoods": { url: () => "/admin/neighbourhoods", as: "admin", fields: ["neighbourhoodId", "handle", "userId"], intents: ["appoint", "remove"] },
  "buurt.$slug.bewerken": { url: () => "/buurt/indische-buurt/bewerken", as: "eva", fields: ["storyNl", "storyEn", "removeCover"] },
  "admin.responders": { url: () => "/admin/responders", as: "admin", fields: ["neighbourhoodId", "organisationIds"] },
  "ideas.new": { url: () => "/ideas/new", as: "eva", fields: ["kind", "title", "body", "category", "neighbourhoodId", "street", "postcode4"] },
  "ideas.$ideaId": {
    url: (f) => `/ideas/${f.idea.mohammedSchommel}`,
    as: "ilse",
    fields: ["note", "body", "organisationId", "status", "response", "helperId"],
    intents: ["support", "unsupport", "help", "unhelp", "comment", "respond", "allow-maker"],
  },
  "items.new": { url: () => "/items/new", as: "eva", fields: ITEM },
  login: { url: () => "/login", as: null, fields: ["email", "password", "redirectTo"] },
  logout: { url: () => "/logout", as: "eva", fields: [] },
  "loans.$loanId": {
    url: (f) => `/loans/${f.loan.annaFromMohammed}`,
    as: "anna",
    fields: ["body", "note", "reason", "newEndsOn", "amount", "description", "decision", "stars", "answer", "text", "reviewId"],
    intents: [
      "message",
      "cancel",
      "confirm_handover",
      "confirm_return",
      "close",
      "file_claim",
      "dispute_claim",
      "request_extension",
      "start_deposit",
      "review",
      "reply",
    ],
  },
  "me.pledges.$id.fix": { url: (f) => `/me/pledges/${f.pledge.pieterFailed}/fix`, as: "joost", fields: [] },
  "me.monthly.$id._index": { url: (f) => `/me/monthly/${f.monthly.lotte}`, as: "lotte", fields: ["amount"], intents: ["amount", "pause", "resume"] },
  "me.monthly.$id.cancel": { url: (f) => `/me/monthly/${f.monthly.lotte}/cancel`, as: "lotte", fields: [], intents: ["cancel"] },
  "me.monthly.$id.fix": { url: (f) => `/me/monthly/${f.monthly.lotte}/fix`, as: "lotte", fields: [] },
  // A lender connects a bank account for repayments (decision 081).
  "me.community-loans._index": { url: () => "/me/community-loans", as: "eva", fields: [], intents: ["payout_onboarding"] },
  "moderation.reports.$reportId": {
    url: (f) => `/moderation/reports/${f.reportId}`,
    as: "kees",
    fields: ["reason"],
    intents: ["hide", "unhide", "warn", "suspend", "unsuspend", "dismiss"],
  },
  "moderation.projects.$slug": {
    url: () => "/moderation/projects/bankjes-voor-de-javastraat",
    as: "kees",
    fields: ["message", "reason"],
    intents: ["approve", "request_changes", "cancel"],
  },
  "moderation.projects.$slug_.refunds": { url: () => "/moderation/projects/geveltuinen-oude-noorden/refunds", as: "kees", fields: ["pledgeId", "reason"] },
  notifications: { url: () => "/notifications", as: "eva", fields: ["id"], intents: ["read", "read-all"] },
  "pay.sim.$sessionId": {
    url: (f) => `/pay/sim/${f.simSessionId}`,
    as: null,
    fields: ["cardNumber", "expiry", "cvc", "bank"],
    intents: ["card", "ideal"],
  },
  "organisations.new": { url: () => "/organisations/new", as: "eva", fields: ["name", "kind", "description", "website"] },
  "organisations.$slug._index": { url: () => "/organisations/wijkfonds-oost", as: "wijkfonds", fields: ["handle", "role"] },
  "organisations.$slug.pools.new": {
    url: () => "/organisations/wijkfonds-oost/pools/new",
    as: "wijkfonds",
    fields: [
      "name",
      "description",
      "budget",
      "capPerProject",
      "ratioPercent",
      "minBackers",
      "thresholdPercent",
      "startsOn",
      "endsOn",
      "neighbourhoodIds",
      "categories",
      "fromFund",
    ],
  },
  "organisations.$slug.fund._index": { url: () => "/organisations/wijkfonds-oost/fund", as: "wijkfonds", fields: ["story"] },
  "organisations.$slug.fund.monthly": { url: () => "/organisations/wijkfonds-oost/fund/monthly", as: "eva", fields: ["amount"] },
  "pay.sim.connect.$token": { url: () => "/pay/sim/connect/bestaatniet", as: null, fields: ["holderName", "bank"] },
  "pay.sim.authenticate.$token": { url: () => "/pay/sim/authenticate/bestaatniet", as: null, fields: ["decision"] },
  profile: {
    url: () => "/profile",
    as: "eva",
    fields: ["displayName", "bio", "locale", "postcode", "currentPassword", "newPassword", "sessionId"],
    intents: ["profile", "password", "end-session", "logout-everywhere"],
  },
  "projects.$slug._index": {
    url: () => "/projects/moestuin-op-het-javaplein",
    as: "eva",
    fields: ["body", "commentId", "stars", "answer"],
    intents: ["comment", "hide", "unhide", "review"],
  },
  "projects.$slug.questions": {
    url: () => "/projects/moestuin-op-het-javaplein/questions",
    as: "eva",
    fields: ["kind", "visibility", "body", "questionId", "answer", "from"],
    intents: ["ask", "answer", "edit-answer", "withdraw"],
  },
  "projects.$slug.dashboard": {
    url: () => "/projects/speeltuin-sumatraplantsoen/dashboard",
    as: "anna",
    fields: ["title", "body", "reason", "who", "role", "memberId"],
    intents: ["update", "cancel", "mark_delivered", "team_invite", "team_role", "team_remove"],
  },
  // One's invitation or place on a team (decision 071): Joost, the Moestuin's helper (app/demo/team.server.ts).
  "projects.$slug.team": { url: () => "/projects/moestuin-op-het-javaplein/team", as: "joost", fields: [], intents: ["accept", "decline", "leave"] },
  "projects.$slug.needs": {
    url: () => "/projects/moestuin-op-het-javaplein/needs",
    as: "anna",
    fields: ["title", "day", "startTime", "endTime", "place", "needed", "skills", "description", "signupId", "outcome", "needId"],
    intents: ["add-shift", "mark", "cancel-shift"],
  },
  "projects.$slug.shifts": { url: () => "/projects/moestuin-op-het-javaplein/shifts", as: "eva", fields: ["needId", "note"], intents: ["sign-up", "cancel"] },
  "projects.$slug.edit": { url: () => "/projects/speeltuin-sumatraplantsoen/edit", as: "anna", fields: PROJECT },
  "projects.$slug.pledge": { url: () => "/projects/moestuin-op-het-javaplein/pledge", as: "eva", fields: PLEDGE, intents: ["pledge", "change", "cancel"] },
  "projects.$slug.monthly": { url: () => "/projects/buurtkeuken-oude-noorden/monthly", as: "eva", fields: ["amount"] },
  "projects.$slug.updates.$updateId": {
    url: (f) => `/projects/moestuin-op-het-javaplein/updates/${f.update.annaMoestuin}`,
    as: "anna",
    fields: ["title", "body"],
    intents: ["edit", "delete"],
  },
  "projects.$slug.tiers": {
    url: () => "/projects/speeltuin-sumatraplantsoen/tiers",
    as: "anna",
    fields: ["tierId", "title", "description", "minAmount", "quantity", "pickupNote"],
    intents: ["save", "delete"],
  },
  "projects.new": { url: () => "/projects/new", as: "eva", fields: PROJECT },
  "projects.$slug.buurtlening": { url: () => "/projects/moestuin-op-het-javaplein/buurtlening", as: "anna", fields: ["installmentId"] },
  report: { url: (f) => `/report?kind=item&id=${f.item.mohammedSander}`, as: "eva", fields: ["kind", "id", "reason", "details"] },
  "reset-password": { url: () => "/reset-password", as: null, fields: ["token", "password"], fixedMessage: true },
  "settings.blocks": { url: () => "/settings/blocks", as: "eva", fields: ["handle"], intents: ["block", "unblock"] },
  "settings.data": { url: () => "/settings/data", as: "eva", fields: ["password", "confirm"], intents: ["export", "delete"] },
  "settings.language": { url: () => "/settings/language", as: "eva", fields: ["locale", "redirectTo"] },
  "settings.notifications": {
    url: () => "/settings/notifications",
    as: "eva",
    fields: ["pledges", "projects", "loans", "digest", "messages", "account", "calendarUrl"],
    intents: ["save", "calendar-create", "calendar-revoke"],
  },
  signup: { url: () => "/signup", as: null, fields: ["email", "displayName", "password", "neighbourhoodId", "postcode", "accountType", "redirectTo"] },
  unsubscribe: { url: () => "/unsubscribe", as: null, fields: ["token"], fixedMessage: true },
  "verify-email": { url: () => "/verify-email", as: null, fields: ["token"], fixedMessage: true },
  "verify-email.resend": { url: () => "/verify-email/resend", as: "eva", fields: [] },
  "wanted._index": {
    url: () => "/wanted",
    as: "eva",
    fields: ["title", "description", "category", "neededFrom", "neededUntil", "wantedPostId", "itemId", "message"],
    intents: ["post", "offer", "withdraw"],
  },
  "webhooks.stripe": { url: () => "/webhooks/stripe", as: null, fields: ["id", "type", "data"] },
  "webhooks.stripe-connect": { url: () => "/webhooks/stripe-connect", as: null, fields: ["id", "type", "data"] },
  // The share kit's opt-in to be thanked on the project page (issue 16, decision 076).
  "projects.$slug.share": { url: () => "/projects/moestuin-op-het-javaplein/share", as: "eva", fields: ["show"], intents: ["show"] },
};

/** Loaders that read the query string: hostile values in it get the page or a 400, never a 5xx. */
export const queryTargets: { url: string; params: string[] }[] = [
  { url: "/projects", params: ["neighbourhood", "category", "status", "sort", "page", "q", "lang"] },
  // The language a URL names (docs/decisions/065): anything but nl/en is ignored.
  { url: "/projects/moestuin-op-het-javaplein/updates.atom", params: ["lang"] },
  { url: "/manifest.webmanifest", params: ["lang"] },
  { url: "/items", params: ["q", "category", "near", "from", "to", "page", "sort"] },
  { url: "/wanted", params: ["from", "category", "page"] },
  { url: "/api/projects", params: ["neighbourhood", "status", "page"] },
  { url: "/api/items", params: ["q", "near", "page"] },
  { url: "/login", params: ["redirectTo"] },
  { url: "/report", params: ["kind", "id"] },
  { url: "/calendar.ics", params: ["token"] },
  { url: "/unsubscribe", params: ["token"] },
];

export function actionRouteIds(): Promise<string[]> {
  return Promise.all(listRoutes().map(async (r) => ((await loadRoute(r.id)).action ? r.id : null))).then((ids) => ids.filter((x): x is string => x !== null));
}

/** Tables written on purpose when a request is refused: the abuse limits' counters, and sessions (each run signs in anew). */
const WRITTEN_WHEN_REFUSED = new Set(["rate_limits", "sessions", "kysely_migration", "kysely_migration_lock"]);

async function rowCounts(services: AppServices): Promise<Record<string, number>> {
  const tables = await sql<{ tablename: string }>`select tablename from pg_tables where schemaname = 'public' order by tablename`.execute(services.db);
  const names = tables.rows.map((t) => t.tablename).filter((t) => !WRITTEN_WHEN_REFUSED.has(t));
  const query = names.map((t) => `select '${t}' as t, count(*)::int as n from "${t}"`).join(" union all ");
  const rows = await sql.raw<{ t: string; n: number }>(query).execute(services.db);
  return Object.fromEntries(rows.rows.map((r) => [r.t, Number(r.n)]));
}

function messageKeys(value: unknown, out: string[] = []): string[] {
  if (typeof value === "string") {
    if (isMessageKey(value)) out.push(value);
  } else if (Array.isArray(value)) value.forEach((v) => messageKeys(v, out));
  else if (value && typeof value === "object") {
    // Echoed values are the user's own text, not the app's message.
    for (const [k, v] of Object.entries(value)) if (k !== "values") messageKeys(v, out);
  }
  return out;
}

export interface ActionReport {
  route: string;
  tried: number;
  statuses: Record<string, number>;
  /** Refusals that came back as a message key next to a field / as the app's error page. */
  fieldMessages: number;
  errorPages: number;
  accepted: number;
}

export interface FuzzProblem {
  route: string;
  problem: string;
  input: string;
}

export interface FuzzOptions {
  runs: number;
  seed?: number;
  only?: string[];
  log?: (line: string) => void;
}

/** The app behind its real edge, answering with the routes' own loaders and actions. */
export async function startDrillServer(services: AppServices): Promise<{ base: string; close: () => Promise<void> }> {
  const app = createApp({
    services,
    getBuild: () => {
      throw new Error("the drills answer through scripts/drills/routes.ts");
    },
    remixHandle: dispatch,
    mode: "production",
    publicDir: "/nonexistent",
  });
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, "127.0.0.1", () => resolve(s));
  });
  return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => new Promise((r) => server.close(() => r())) };
}

const describeInput = (b: HostileBody) => JSON.stringify(b.encoding === "raw" ? { raw: b.raw } : { encoding: b.encoding, fields: b.fields }).slice(0, 600);

export async function fuzzActions(
  services: AppServices,
  world: DemoWorld,
  options: FuzzOptions,
): Promise<{ reports: ActionReport[]; problems: FuzzProblem[] }> {
  const { base, close } = await startDrillServer(services);
  const reports: ActionReport[] = [];
  const problems: FuzzProblem[] = [];
  try {
    for (const [route, target] of Object.entries(targets)) {
      if (options.only && !options.only.includes(route)) continue;
      const url = target.url(world.fixtures);
      if (matchRoute(new URL(url, base).pathname)?.route.id !== route) throw new Error(`${url} is not ${route}`);
      const report: ActionReport = { route, tried: 0, statuses: {}, fieldMessages: 0, errorPages: 0, accepted: 0 };
      await fc
        .assert(
          fc.asyncProperty(hostileBody(target.fields, target.intents ?? []), async (body) => {
            report.tried++;
            const encoded = encodeBody(body);
            const headers: Record<string, string> = { ...encoded.headers, Accept: "text/html" };
            if (target.as) headers.Cookie = await world.cookie(target.as);
            const before = await rowCounts(services);
            const res = await fetch(`${base}${url}`, { method: "POST", headers, body: encoded.body, redirect: "manual" });
            const text = await res.text();
            report.statuses[res.status] = (report.statuses[res.status] ?? 0) + 1;
            const fail = (problem: string) => {
              problems.push({ route, problem, input: describeInput(body) });
              return false;
            };
            if (res.status >= 500) return fail(`${res.status}: ${text.slice(0, 400)}`);
            if (/\n\s+at \S+ \(|UNCAUGHT|node_modules\//.test(text)) return fail(`a stack trace in the answer: ${text.slice(0, 400)}`);
            if (res.status < 400) {
              report.accepted++;
              return true;
            }
            let json: unknown = null;
            try {
              json = JSON.parse(text);
            } catch {
              /* a thrown Response: the app's error page for its status */
            }
            const thrown = res.headers.get("X-Drill-Thrown") === "1";
            if (json !== null && res.status === 400 && !thrown) {
              const fixed = target.fixedMessage && (json as { ok?: unknown }).ok === false;
              if (!fixed && messageKeys(json).length === 0) return fail(`400 without a message: ${text.slice(0, 300)}`);
              report.fieldMessages++;
            } else if (json !== null && res.status === 429 && !thrown) {
              report.fieldMessages++;
            } else report.errorPages++;
            const after = await rowCounts(services);
            const changed = Object.keys(after).filter((t) => after[t] !== before[t]);
            if (changed.length) return fail(`refused (${res.status}) but rows changed in ${changed.join(", ")}`);
            return true;
          }),
          { numRuns: options.runs, seed: options.seed, endOnFailure: true },
        )
        .catch((error: unknown) => {
          if (!problems.some((p) => p.route === route)) problems.push({ route, problem: String(error).slice(0, 800), input: "" });
        });
      reports.push(report);
      options.log?.(`${route.padEnd(38)} ${String(report.tried).padStart(5)} inputs  ${JSON.stringify(report.statuses)}`);
    }
    // Query strings of the pages that read them.
    for (const q of queryTargets) {
      const report: ActionReport = { route: `GET ${q.url}`, tried: 0, statuses: {}, fieldMessages: 0, errorPages: 0, accepted: 0 };
      await fc
        .assert(
          fc.asyncProperty(hostileBody(q.params, []), async (body) => {
            report.tried++;
            const params = new URLSearchParams();
            for (const [k, vs] of body.fields) for (const v of vs) params.append(k, v);
            const target = body.encoding === "raw" ? `${q.url}?${body.raw}` : `${q.url}?${params}`;
            const res = await fetch(`${base}${target}`, { headers: { Cookie: await world.cookie("eva") }, redirect: "manual" });
            const text = await res.text();
            report.statuses[res.status] = (report.statuses[res.status] ?? 0) + 1;
            if (res.status >= 500 || /UNCAUGHT|\n\s+at \S+ \(/.test(text)) {
              problems.push({ route: report.route, problem: `${res.status}: ${text.slice(0, 300)}`, input: target.slice(0, 300) });
              return false;
            }
            if (res.status < 400) report.accepted++;
            else report.errorPages++;
            return true;
          }),
          { numRuns: options.runs, seed: options.seed, endOnFailure: true },
        )
        .catch(() => undefined);
      reports.push(report);
      options.log?.(`${report.route.padEnd(38)} ${String(report.tried).padStart(5)} inputs  ${JSON.stringify(report.statuses)}`);
    }
  } finally {
    await close();
  }
  return { reports, problems };
}
