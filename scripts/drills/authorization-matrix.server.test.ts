/**
 * The authorization matrix (issue 8 §8): every route in app/routes (read from the files by Remix's
 * own flat-routes reader, scripts/drills/routes.ts) × every kind of visitor → the status they get,
 * for the loader and the action. A route without an entry here fails the first test, so a new page
 * cannot ship without someone deciding who may see it. The IDOR cases (another member's pledge,
 * receipt, fix page, loan and its messages, dashboard, backers CSV, calendar feed) are rows of their
 * own, and a few check that nothing was written as well as the status.
 *
 * Cells: "200" (or any status), "login" (a redirect to /login: not signed in), "302" (another
 * redirect). Actions get a probe body: an unknown intent or missing fields, so an actor who may act
 * gets the form back (400) and nothing changes, while one who may not is stopped before the form
 * is read (403/404/login). Where a route reads the form before it knows who may act (loans), the
 * probe is a harmless real action (a message), so that the answer still says who may.
 *
 * Runs under a production environment (NODE_ENV=production, no test hooks): what a deployment does.
 * Print what the routes answer today with DRILL_PRINT=1.
 */
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "kysely";
import type { AppLoadContext } from "@remix-run/node";
import { catalogueVersion } from "../../app/i18n/catalogues.server";
import { itemAudiences, itemCategories, itemConditions } from "../../app/lending/item";
import { createTestDatabase } from "../../app/test/db";
import { createTestServices, testContext } from "../../app/test/services";
import type { AppServices } from "../../app/services.server";
import type { DatabaseHandle } from "../../app/utils/db.server";
import { buildDemoWorld, type DemoWorld, type Fixtures, type Person } from "./demo-world";
import { listRoutes, loadRoute, matchRoute, toResponse } from "./routes";

const actors = ["anonymous", "member", "other", "owner", "moderator", "admin", "organisation", "suspended"] as const;
/**
 * A project's team (decision 071): a co-initiator and a helper of the owner's project (Daan and
 * Joost on Anna's Moestuin and on her draft, app/demo/team.server.ts and demo-world.ts). Rows of
 * the project routes name what they get in `team`, after the eight cells.
 */
const teamActors = ["coinitiator", "helper"] as const;
type Actor = (typeof actors)[number] | (typeof teamActors)[number];
interface Case {
  /** What this row checks, when a route has more than one. */
  note?: string;
  url: (f: Fixtures) => string;
  /** Who "owner" and "other" are for this row (defaults: eva and mohammed, plain members). */
  owner?: Person;
  other?: Person;
  /** Eight cells in the order of `actors`: anonymous member other owner moderator admin organisation suspended. */
  loader?: string;
  action?: { body: (f: Fixtures) => Record<string, string>; expect: string };
  /** Two cells, co-initiator and helper of the owner's project: what the loader and the action give them. */
  team?: { loader?: string; action?: string };
}

const PROBE = () => ({ intent: "__probe__" });
const EMPTY = () => ({});
const VALID_ITEM = {
  title: "Boormachine (matrix)",
  description: "",
  category: itemCategories[0],
  condition: itemConditions[0],
  replacementValue: "50",
  deposit: "0",
  feePerDay: "0",
  maxLoanDays: "7",
  audience: itemAudiences[0],
  postcode: "",
  pickupAddress: "Javastraat 1",
};
const all = (cell: string) => Array(8).fill(cell).join(" ");

/** The matrix. One key per route id; a route id missing here (or here but gone) fails the first test. */
const matrix: Record<string, Case | Case[]> = {
  $: { url: () => "/bestaat-niet", loader: all("404") },
  _index: { url: () => "/", loader: all("200") },
  "admin.notifications": {
    url: () => "/admin/notifications",
    loader: "login 403 403 403 403 200 403 login",
    action: { body: EMPTY, expect: "login 403 403 403 403 400 403 login" },
  },
  "admin.organisations": {
    url: () => "/admin/organisations",
    loader: "login 403 403 403 403 200 403 login",
    action: { body: PROBE, expect: "login 403 403 403 403 400 403 login" },
  },
  "admin.audit": { url: () => "/admin/audit", loader: "login 403 403 403 403 200 403 login" },
  "admin.responders": {
    note: "site admins name who answers each neighbourhood's board",
    url: () => "/admin/responders",
    loader: "login 403 403 403 403 200 403 login",
    action: { body: (f) => ({ neighbourhoodId: "lombok", organisationIds: f.idea.gemeente }), expect: "login 403 403 403 403 302 403 login" },
  },
  "admin.reconciliation": {
    url: () => "/admin/reconciliation",
    loader: "login 403 403 403 403 200 403 login",
    action: { body: PROBE, expect: "login 403 403 403 403 400 403 login" },
  },
  "api.items.$itemId": [
    { url: (f) => `/api/items/${f.item.mohammedSander}`, loader: all("200") },
    {
      note: "a circles-only item is there for its owner and its circles' members (with their session), for nobody else",
      url: (f) => `/api/items/${f.circle.evaCircleItem}`,
      owner: "eva",
      other: "anna",
      loader: "404 404 200 200 404 404 404 404",
    },
  ],
  "api.items._index": { url: () => "/api/items", loader: all("200") },
  "api.projects.$slug": [
    { url: () => "/api/projects/moestuin-op-het-javaplein", loader: all("200") },
    {
      note: "a draft is nobody's business, not even its initiator's, in the public API",
      url: () => "/api/projects/speeltuin-sumatraplantsoen",
      owner: "anna",
      loader: all("404"),
    },
  ],
  "api.projects._index": { url: () => "/api/projects", loader: all("200") },
  "api.users.$handle": [
    { note: "the public profile API: anyone, never an e-mail address", url: () => "/api/users/anna-de-vries", loader: all("200") },
    { url: () => "/api/users/bestaat-niet", loader: all("404") },
  ],
  "calendar[.]ics": [
    {
      note: "the feed's token is the key: whoever holds it reads it, as a calendar app does",
      url: (f) => `/calendar.ics?token=${f.calendarToken}`,
      loader: all("200"),
    },
    {
      note: "without the token, or with one changed by a character: nobody",
      // A different last character (a token that happens to end in "x" gets a "y").
      url: (f) => `/calendar.ics?token=${f.calendarToken.slice(0, -1)}${f.calendarToken.endsWith("x") ? "y" : "x"}`,
      loader: all("404"),
    },
    { url: () => "/calendar.ics", loader: all("404") },
  ],
  "circles._index": {
    url: () => "/circles",
    loader: "login 200 200 200 200 200 200 login",
    action: { body: PROBE, expect: "login 400 400 400 400 400 400 login" },
  },
  "circles.$circleId": [
    {
      note: "IDOR: a circle and who is in it are its members' (Anna joined Eva's); anyone else gets a 404, also for its forms",
      url: (f) => `/circles/${f.circle.evaFriends}`,
      owner: "eva",
      other: "anna",
      loader: "login 404 200 200 404 404 404 login",
      action: { body: PROBE, expect: "login 404 400 400 404 404 404 login" },
    },
    { url: () => "/circles/00000000-0000-4000-8000-000000000000", loader: "login 404 404 404 404 404 404 login" },
  ],
  "circles.join.$token": [
    {
      note: "an invite link shows the circle's name to whoever signed in has it",
      url: (f) => `/circles/join/${f.circle.inviteToken}`,
      loader: "login 200 200 200 200 200 200 login",
    },
    {
      note: "a forged or renewed link joins nobody",
      url: (f) => `/circles/join/${f.circle.evaFriends}.${"A".repeat(43)}`,
      loader: "login 404 404 404 404 404 404 login",
      action: { body: EMPTY, expect: "login 400 400 400 400 400 400 login" },
    },
  ],
  "code-of-conduct": { url: () => "/code-of-conduct", loader: all("200") },
  "dev.mailbox.$id.html": { url: (f) => `/dev/mailbox/${f.mailboxId}/html`, loader: "login 403 403 403 403 200 403 login" },
  "dev.mailbox.$id": { url: (f) => `/dev/mailbox/${f.mailboxId}`, loader: "login 403 403 403 403 200 403 login" },
  "dev.mailbox._index": { url: () => "/dev/mailbox", loader: "login 403 403 403 403 200 403 login" },
  "dev.payments": {
    note: "the try-out page does not exist in production",
    url: () => "/dev/payments",
    loader: all("404"),
    action: { body: PROBE, expect: all("404") },
  },
  "edge-error.$status": [
    { url: () => "/edge-error/413", loader: all("413") },
    { url: () => "/edge-error/500", loader: all("404") },
  ],
  "embed.projects.$slug": [
    { url: () => "/embed/projects/moestuin-op-het-javaplein", loader: all("200") },
    { url: () => "/embed/projects/speeltuin-sumatraplantsoen", owner: "anna", loader: all("404") },
  ],
  "forgot-password": { url: () => "/forgot-password", loader: all("200"), action: { body: EMPTY, expect: all("400") } },
  "i18n.$file": [
    { note: "a language's catalogue is public, like the scripts", url: () => `/i18n/en.${catalogueVersion}.js`, loader: all("200") },
    { url: () => "/i18n/fr.000000000000.js", loader: all("404") },
  ],
  "api.ideas._index": { url: () => "/api/ideas", loader: all("200") },
  "api.ideas.$ideaId": { url: (f) => `/api/ideas/${f.idea.mohammedSchommel}`, loader: all("200") },
  "neighbourhoods.$neighbourhoodId.ideas[.]atom": {
    note: "a feed reader has no session",
    url: () => "/neighbourhoods/indische-buurt/ideas.atom",
    loader: all("200"),
  },
  "buurt.$slug._index": [
    { note: "a neighbourhood's page is public", url: () => "/buurt/indische-buurt", loader: all("200") },
    { url: () => "/buurt/bestaat-niet", loader: all("404") },
  ],
  "buurt.$slug.feed[.]atom": { note: "a feed reader has no session", url: () => "/buurt/indische-buurt/feed.atom", loader: all("200") },
  "buurt.$slug.bewerken": [
    {
      note: "its own moderators (Eva), the platform's moderators and admins edit the story; another neighbourhood's moderator (Sanne) does not",
      url: () => "/buurt/indische-buurt/bewerken",
      owner: "eva",
      other: "sanne",
      loader: "login 403 403 200 200 200 403 login",
      action: { body: () => ({ storyNl: "x".repeat(20_001), storyEn: "" }), expect: "login 403 403 400 400 400 403 login" },
    },
    { url: () => "/buurt/bestaat-niet/bewerken", owner: "eva", loader: "login 404 404 404 404 404 404 login" },
  ],
  "admin.neighbourhoods": {
    note: "site admins appoint neighbourhood moderators",
    url: () => "/admin/neighbourhoods",
    loader: "login 403 403 403 403 200 403 login",
    action: { body: PROBE, expect: "login 403 403 403 403 400 403 login" },
  },
  "ideas._index": { url: () => "/ideas", loader: all("200") },
  "ideas.new": {
    url: () => "/ideas/new",
    loader: "login 200 200 200 200 200 200 login",
    action: { body: EMPTY, expect: "login 400 400 400 400 400 400 login" },
  },
  "ideas.$ideaId": [
    {
      note: "a post is public; supporting it is for every member but its poster",
      url: (f) => `/ideas/${f.idea.mohammedSchommel}`,
      owner: "mohammed",
      other: "eva",
      loader: all("200"),
      action: { body: () => ({ intent: "support" }), expect: "login 302 302 400 302 302 302 login" },
    },
    {
      note: "only a member of the organisation that answers the neighbourhood sets a post's status (Ilse, and the site admin who is the municipality's admin in the demo)",
      url: (f) => `/ideas/${f.idea.mohammedSchommel}`,
      owner: "ilse",
      other: "eva",
      action: {
        body: (f) => ({ intent: "respond", organisationId: f.idea.gemeente, status: "looking", response: "Wij kijken ernaar." }),
        expect: "login 400 400 302 400 302 400 login",
      },
    },
  ],
  "items.$itemId._index": [
    {
      note: "an item's page is public; pausing it is its owner's",
      url: (f) => `/items/${f.item.mohammedSander}`,
      owner: "mohammed",
      other: "eva",
      loader: all("200"),
      action: { body: () => ({ intent: "pause" }), expect: "login 400 400 200 400 400 400 login" },
    },
    {
      note: "a circles-only item's page is its owner's and its circles' members'; to anyone else it does not exist",
      url: (f) => `/items/${f.circle.evaCircleItem}`,
      owner: "eva",
      other: "anna",
      loader: "404 404 200 200 404 404 404 404",
    },
  ],
  "items.$itemId.edit": [
    {
      note: "IDOR: a valid edit of someone else's item is a 404 (its owner gets past that, to the demo item's missing photo)",
      url: (f) => `/items/${f.item.mohammedSander}/edit`,
      owner: "mohammed",
      other: "eva",
      loader: "login 404 404 200 404 404 404 login",
      action: { body: () => VALID_ITEM, expect: "login 404 404 400 404 404 404 login" },
    },
    {
      note: "a probe gets the form back, to everyone signed in; nothing is written (see the IDOR block)",
      url: (f) => `/items/${f.item.mohammedSander}/edit`,
      owner: "mohammed",
      action: { body: PROBE, expect: "login 400 400 400 400 400 400 login" },
    },
  ],
  "items.$itemId.lend-to-project": {
    url: (f) => `/items/${f.item.mohammedSander}/lend-to-project`,
    owner: "mohammed",
    other: "eva",
    loader: "login 404 404 200 404 404 404 login",
    action: { body: EMPTY, expect: "login 404 404 400 404 404 404 login" },
  },
  "items._index": { url: () => "/items", loader: all("200") },
  "items.new": {
    url: () => "/items/new",
    loader: "login 200 200 200 200 200 200 login",
    action: { body: EMPTY, expect: "login 400 400 400 400 400 400 login" },
  },
  "ledger.verify-ledger-csv[.]mjs": { url: () => "/ledger/verify-ledger-csv.mjs", loader: all("200") },
  "ledger.verify": { url: () => "/ledger/verify", loader: all("200") },
  "loans.$loanId": {
    note: "IDOR: a loan and its messages are its two parties' (moderators see claims at /moderation/loan-claims)",
    url: (f) => `/loans/${f.loan.annaFromMohammed}`,
    owner: "anna",
    other: "eva",
    loader: "login 404 404 200 404 404 404 login",
    // A stranger's message is refused as "not a party" (400, next to the form); nothing is written.
    action: { body: () => ({ intent: "message", body: "Hallo, matrix" }), expect: "login 400 400 302 400 400 400 login" },
  },
  login: { url: () => "/login", loader: "200 302 302 302 302 302 302 200", action: { body: EMPTY, expect: all("400") } },
  logout: { url: () => "/logout", loader: all("302"), action: { body: EMPTY, expect: all("302") } },
  "manifest[.]webmanifest": { url: () => "/manifest.webmanifest", loader: all("200") },
  // Public like the lists it shows (decision 068); the suspended member's session still reads it.
  map: { url: () => "/map", loader: all("200") },
  "me.items": { url: () => "/me/items", loader: "login 200 200 200 200 200 200 login" },
  "me.loans": { url: () => "/me/loans", loader: "login 200 200 200 200 200 200 login" },
  // Community loans (app/community-loans): one's own loans; an agreement only for its lender (or the initiator's copy).
  "me.community-loans._index": {
    url: () => "/me/community-loans",
    loader: "login 200 200 200 200 200 200 login",
    // One's own bank account for repayments (decision 081): any member may connect theirs.
    action: { body: PROBE, expect: "login 400 400 400 400 400 400 login" },
  },
  "me.community-loans.$loanId.agreement[.]pdf": {
    note: "IDOR: an agreement opens for its lender (and the initiator) only; an unknown loan is a 404 for everyone",
    url: () => "/me/community-loans/00000000-0000-4000-8000-000000000000/agreement.pdf",
    loader: "login 404 404 404 404 404 404 login",
  },
  "projects.$slug.buurtlening": {
    note: "the repay page of a community loan: the team sees it, only the initiator repays; a project of another funding model has none",
    url: () => "/projects/moestuin-op-het-javaplein/buurtlening",
    owner: "anna",
    loader: "login 403 403 404 403 403 403 login",
    action: { body: PROBE, expect: "login 403 403 400 403 403 403 login" },
    team: { loader: "404 403", action: "400 403" },
  },
  "me.pledges.$id._index": {
    note: "IDOR: a pledge's receipt is its backer's alone",
    url: (f) => `/me/pledges/${f.pledge.eva}`,
    owner: "eva",
    other: "mohammed",
    loader: "login 404 404 200 404 404 404 login",
  },
  "me.pledges.$id.fix": [
    {
      note: "IDOR: fixing a failed payment is its backer's alone (the action starts a payment)",
      url: (f) => `/me/pledges/${f.pledge.pieterFailed}/fix`,
      owner: "pieter",
      other: "joost",
      loader: "login 404 404 200 404 404 404 login",
      action: { body: EMPTY, expect: "login 400 400 302 400 400 400 login" },
    },
    {
      note: "a charged pledge has nothing to fix: its backer goes to the receipt",
      url: (f) => `/me/pledges/${f.pledge.joostCharged}/fix`,
      owner: "joost",
      other: "pieter",
      loader: "login 404 404 302 404 404 404 login",
    },
  ],
  "me.pledges._index": { url: () => "/me/pledges", loader: "login 200 200 200 200 200 200 login" },
  // Monthly gifts (issue 16, decision 077): each gift is its giver's alone; the others get a 404.
  "me.monthly.$id._index": {
    note: "IDOR: a monthly gift is its giver's alone",
    url: (f) => `/me/monthly/${f.monthly.lotte}`,
    owner: "lotte",
    other: "mohammed",
    loader: "login 404 404 200 404 404 404 login",
    action: { body: PROBE, expect: "login 404 404 400 404 404 404 login" },
  },
  "me.monthly.$id.cancel": {
    note: "IDOR: only the giver stops a gift, and only with the confirmation's button",
    url: (f) => `/me/monthly/${f.monthly.lotte}/cancel`,
    owner: "lotte",
    other: "mohammed",
    loader: "login 404 404 200 404 404 404 login",
    action: { body: PROBE, expect: "login 404 404 400 404 404 404 login" },
  },
  "me.monthly.$id.fix": {
    note: "an active gift has nothing to fix: its giver goes to the gift",
    url: (f) => `/me/monthly/${f.monthly.lotte}/fix`,
    owner: "lotte",
    other: "mohammed",
    loader: "login 404 404 302 404 404 404 login",
    action: { body: EMPTY, expect: "login 404 404 400 404 404 404 login" },
  },
  "me.projects": { url: () => "/me/projects", loader: "login 200 200 200 200 200 200 login" },
  "moderation._index": { url: () => "/moderation", loader: "login 403 403 403 200 200 403 login" },
  "moderation.loan-claims": { url: () => "/moderation/loan-claims", loader: "login 403 403 403 200 200 403 login" },
  "moderation.reports._index": { url: () => "/moderation/reports", loader: "login 403 403 403 200 200 403 login" },
  "moderation.reports.$reportId": [
    {
      note: "a report and its actions are the moderators' (the reported owner and the reporter included)",
      url: (f) => `/moderation/reports/${f.reportId}`,
      owner: "mohammed",
      other: "eva",
      loader: "login 403 403 403 200 200 403 login",
      action: { body: PROBE, expect: "login 403 403 403 400 400 403 login" },
    },
    {
      url: () => "/moderation/reports/00000000-0000-4000-8000-000000000000",
      loader: "login 403 403 403 404 404 403 login",
    },
  ],
  "moderation.projects.$slug": [
    {
      url: () => "/moderation/projects/bankjes-voor-de-javastraat",
      owner: "mohammed",
      loader: "login 403 403 403 200 200 403 login",
      action: { body: PROBE, expect: "login 403 403 403 400 400 403 login" },
    },
    {
      note: "a draft is not for review yet",
      url: () => "/moderation/projects/speeltuin-sumatraplantsoen",
      owner: "anna",
      loader: "login 403 403 403 404 404 403 login",
    },
  ],
  "moderation.projects.$slug_.refunds": {
    url: () => "/moderation/projects/geveltuinen-oude-noorden/refunds",
    owner: "fatma",
    loader: "login 403 403 403 200 200 403 login",
    action: { body: EMPTY, expect: "login 403 403 403 400 400 403 login" },
  },
  notifications: {
    url: () => "/notifications",
    loader: "login 200 200 200 200 200 200 login",
    action: { body: PROBE, expect: "login 400 400 400 400 400 400 login" },
  },
  "pay.sim.$sessionId": [
    {
      note: "the hosted page's id is its key (as Stripe Checkout's)",
      url: (f) => `/pay/sim/${f.simSessionId}`,
      loader: all("200"),
      action: { body: PROBE, expect: all("400") },
    },
    { url: () => "/pay/sim/cs_sim_bestaatniet", loader: all("404") },
  ],
  "organisations._index": { url: () => "/organisations", loader: all("200") },
  "organisations.new": {
    url: () => "/organisations/new",
    loader: "login 200 200 200 200 200 200 login",
    action: { body: EMPTY, expect: "login 400 400 400 400 400 400 login" },
  },
  "organisations.$slug._index": {
    note: "the public page for everyone; the dashboard's forms for its members only (the demo's organisation account runs Wijkfonds Oost)",
    url: () => "/organisations/wijkfonds-oost",
    loader: all("200"),
    // An unknown form is refused before anything is looked up (nothing is written either way).
    action: { body: PROBE, expect: "login 400 400 400 400 400 400 login" },
  },
  "organisations.$slug.matching[.]csv": {
    note: "members, and the platform's admins who verify organisations",
    url: () => "/organisations/wijkfonds-oost/matching.csv",
    loader: "login 403 403 403 403 200 200 login",
  },
  "organisations.$slug.pools.new": {
    note: "members, and the platform's admins",
    url: () => "/organisations/wijkfonds-oost/pools/new",
    loader: "login 403 403 403 403 200 200 login",
    action: { body: EMPTY, expect: "login 403 403 403 403 400 400 login" },
  },
  "organisations.$slug.fund._index": {
    note: "the neighbourhood fund's public page; its story changed by the organisation's admins only (decision 080)",
    url: () => "/organisations/wijkfonds-oost/fund",
    loader: all("200"),
    action: { body: EMPTY, expect: "login 403 403 403 403 400 400 login" },
  },
  "organisations.$slug.fund.monthly": {
    note: "giving monthly to a neighbourhood fund: any member (decision 080)",
    url: () => "/organisations/wijkfonds-oost/fund/monthly",
    loader: "login 200 200 200 200 200 200 login",
    // An empty amount is refused next to the field; nothing is started.
    action: { body: EMPTY, expect: "login 400 400 400 400 400 400 login" },
  },
  "pools.$poolId": { url: () => "/pools/00000000-0000-0000-0000-000000000000", loader: all("404") },
  "pay.sim.connect.$token": {
    note: "the simulated Connect onboarding page: its token is its key (as Stripe's Account Links)",
    url: () => "/pay/sim/connect/bestaatniet",
    loader: all("404"),
    action: { body: EMPTY, expect: all("400") },
  },
  "pay.sim.authenticate.$token": { url: () => "/pay/sim/authenticate/bestaatniet", loader: all("404"), action: { body: EMPTY, expect: all("400") } },
  "pay.stripe.confirm.$paymentId._index": { url: () => "/pay/stripe/confirm/pi_bestaatniet", loader: "login 404 404 404 404 404 404 login" },
  "pay.stripe.confirm.$paymentId.return": { url: () => "/pay/stripe/confirm/pi_bestaatniet/return", loader: "login 404 404 404 404 404 404 login" },
  profile: { url: () => "/profile", loader: "login 200 200 200 200 200 200 login", action: { body: PROBE, expect: "login 400 400 400 400 400 400 login" } },
  "projects.$slug._index": [
    {
      url: () => "/projects/moestuin-op-het-javaplein",
      owner: "anna",
      loader: all("200"),
      action: { body: PROBE, expect: "login 400 400 400 400 400 400 login" },
      team: { loader: "200 200", action: "400 400" },
    },
    {
      note: "a draft: its initiator, its team and moderators see it; to anyone else it does not exist",
      url: () => "/projects/speeltuin-sumatraplantsoen",
      owner: "anna",
      loader: "404 404 404 200 200 200 404 404",
      action: { body: PROBE, expect: "login 404 404 400 400 400 404 login" },
      team: { loader: "200 200", action: "400 400" },
    },
  ],
  "projects.$slug.questions": [
    {
      note: "a live project's questions are for everyone to read; asking needs an account (the probe: an unknown intent)",
      url: () => "/projects/moestuin-op-het-javaplein/questions",
      owner: "anna",
      loader: all("200"),
      action: { body: PROBE, expect: "login 400 400 400 400 400 400 login" },
    },
    {
      note: "only the project's team (its initiator and co-initiators, not a helper) answers a question: everyone else is refused with the message",
      url: () => "/projects/moestuin-op-het-javaplein/questions",
      owner: "anna",
      action: {
        body: (f) => ({ intent: "answer", questionId: f.question.keesOpen, answer: "Ja, twee bakken." }),
        expect: "login 403 403 302 403 403 403 login",
      },
    },
    {
      note: "a private question is answered by the team only, like any other (its text is no one else's: app/questions/routes.server.test.ts)",
      url: () => "/projects/moestuin-op-het-javaplein/questions",
      owner: "anna",
      other: "sanne",
      action: { body: (f) => ({ intent: "answer", questionId: f.question.sannePrivate, answer: "Dat kan." }), expect: "login 403 403 302 403 403 403 login" },
    },
    {
      note: "a co-initiator edits the team's answer like the initiator; a helper does not (decision 071)",
      url: () => "/projects/moestuin-op-het-javaplein/questions",
      owner: "anna",
      action: {
        body: (f) => ({ intent: "edit-answer", questionId: f.question.evaAnswered, answer: "Iedereen uit de buurt mag plukken wat rijp is." }),
        expect: "login 403 403 302 403 403 403 login",
      },
      team: { action: "302 403" },
    },
    {
      note: "a draft's questions do not exist for anyone but those who see the draft",
      url: () => "/projects/speeltuin-sumatraplantsoen/questions",
      owner: "anna",
      loader: "404 404 404 200 200 200 404 404",
      action: { body: PROBE, expect: "login 404 404 400 400 400 404 login" },
    },
  ],
  "projects.$slug.backed.$intentId": {
    note: "IDOR: a backing intent is its backer's (an unknown or another's id: 404)",
    url: () => "/projects/moestuin-op-het-javaplein/backed/00000000-0000-4000-8000-000000000000",
    loader: "login 404 404 404 404 404 404 login",
  },
  "projects.$slug.needs": [
    {
      note: "the shifts' roster (who signed up, their notes) is the team's; managing the needs is not the helper's",
      url: () => "/projects/moestuin-op-het-javaplein/needs",
      owner: "anna",
      other: "sanne",
      loader: "login 403 403 200 403 403 403 login",
      action: { body: PROBE, expect: "login 403 403 400 403 403 403 login" },
      team: { loader: "200 200", action: "400 403" },
    },
  ],
  "projects.$slug.shifts": [
    {
      note: "signing up for a shift: anyone signed in who sees the project (a refusal is a flash on the project page)",
      url: () => "/projects/moestuin-op-het-javaplein/shifts",
      loader: all("302"),
      action: { body: PROBE, expect: "login 302 302 302 302 302 302 login" },
    },
    { url: () => "/projects/speeltuin-sumatraplantsoen/shifts", owner: "anna", action: { body: PROBE, expect: "login 404 404 302 302 302 404 login" } },
  ],
  "projects.$slug.backers[.]csv": {
    note: "IDOR: the backer list is the initiator's and the co-initiators', not a helper's",
    url: () => "/projects/moestuin-op-het-javaplein/backers.csv",
    owner: "anna",
    other: "sanne",
    loader: "login 403 403 200 403 403 403 login",
    team: { loader: "200 403" },
  },
  "projects.$slug.export[.]zip": {
    note: "IDOR: the whole project's archive (its ledger, its backers) is the initiator's, not the team's",
    url: () => "/projects/moestuin-op-het-javaplein/export.zip",
    owner: "anna",
    other: "sanne",
    loader: "login 403 403 200 403 403 403 login",
    team: { loader: "403 403" },
  },
  "projects.$slug.dashboard": [
    {
      note: "IDOR: the dashboard is the initiator's and the co-initiators' (another initiator included), not a helper's",
      url: () => "/projects/moestuin-op-het-javaplein/dashboard",
      owner: "anna",
      other: "sanne",
      loader: "login 403 403 200 403 403 403 login",
      action: { body: PROBE, expect: "login 403 403 400 403 403 403 login" },
      team: { loader: "200 403", action: "400 403" },
    },
    {
      note: "the team, the lifecycle and the payout stay the initiator's: a co-initiator's invitation is refused before it is read",
      url: () => "/projects/moestuin-op-het-javaplein/dashboard",
      owner: "anna",
      other: "sanne",
      action: { body: () => ({ intent: "team_invite", who: "eva-visser", role: "helper" }), expect: "login 403 403 302 403 403 403 login" },
      team: { action: "403 403" },
    },
    {
      url: () => "/projects/speeltuin-sumatraplantsoen/dashboard",
      owner: "anna",
      loader: "login 404 404 200 403 403 404 login",
      action: { body: PROBE, expect: "login 404 404 400 403 403 404 login" },
      team: { loader: "200 403", action: "400 403" },
    },
  ],
  "projects.$slug.edit": {
    url: () => "/projects/speeltuin-sumatraplantsoen/edit",
    owner: "anna",
    loader: "login 404 404 200 403 403 404 login",
    action: { body: EMPTY, expect: "login 404 404 400 403 403 404 login" },
    team: { loader: "200 403", action: "400 403" },
  },
  "projects.$slug.team": {
    note: "one's own invitation or place on the team; the initiator is sent to the dashboard; to anyone else it does not exist",
    url: () => "/projects/moestuin-op-het-javaplein/team",
    owner: "anna",
    loader: "login 404 404 302 404 404 404 login",
    action: { body: PROBE, expect: "login 404 404 302 404 404 404 login" },
    team: { loader: "200 200", action: "400 400" },
  },
  "projects.$slug.ledger": [
    { url: () => "/projects/moestuin-op-het-javaplein/ledger", loader: all("200") },
    { url: () => "/projects/speeltuin-sumatraplantsoen/ledger", owner: "anna", loader: "404 404 404 200 200 200 404 404" },
  ],
  "projects.$slug.ledger[.]csv": [
    { url: () => "/projects/moestuin-op-het-javaplein/ledger.csv", loader: all("200") },
    { url: () => "/projects/speeltuin-sumatraplantsoen/ledger.csv", owner: "anna", loader: "404 404 404 200 200 200 404 404" },
  ],
  "projects.$slug.updates.$updateId": {
    note: "only who posts updates (the initiator, a co-initiator) corrects or withdraws one; staff hide it through moderation instead",
    url: (f) => `/projects/moestuin-op-het-javaplein/updates/${f.update.annaMoestuin}`,
    owner: "anna",
    loader: "login 403 403 200 403 403 403 login",
    action: { body: EMPTY, expect: "login 403 403 400 403 403 403 login" },
    team: { loader: "200 403", action: "400 403" },
  },
  "projects.$slug.updates[.]atom": [
    {
      note: "a feed reader has no session: the feed is there when the page is open to anyone",
      url: () => "/projects/moestuin-op-het-javaplein/updates.atom",
      loader: all("200"),
    },
    {
      note: "a draft has no feed, not even for its initiator or staff",
      url: () => "/projects/speeltuin-sumatraplantsoen/updates.atom",
      owner: "anna",
      loader: all("404"),
    },
  ],
  "projects.$slug.pledge": [
    {
      note: "its initiator does not pledge to their own project",
      url: () => "/projects/moestuin-op-het-javaplein/pledge",
      owner: "anna",
      loader: "login 200 200 302 200 200 200 login",
      action: { body: PROBE, expect: "login 400 400 400 400 400 400 login" },
    },
    { url: () => "/projects/speeltuin-sumatraplantsoen/pledge", owner: "anna", loader: "login 404 404 302 302 302 404 login" },
  ],
  "projects.$slug.monthly": {
    note: "giving monthly to an ongoing project: any member but its initiator (issue 16)",
    url: () => "/projects/buurtkeuken-oude-noorden/monthly",
    owner: "fatma",
    loader: "login 200 200 302 200 200 200 login",
    // An empty amount is refused next to the field; nothing is started.
    action: { body: EMPTY, expect: "login 400 400 400 400 400 400 login" },
  },
  "projects.$slug.tiers": {
    url: () => "/projects/speeltuin-sumatraplantsoen/tiers",
    owner: "anna",
    loader: "login 404 404 200 403 403 404 login",
    action: { body: PROBE, expect: "login 404 404 400 403 403 404 login" },
    team: { loader: "200 403", action: "400 403" },
  },
  "projects._index": { url: () => "/projects", loader: all("200") },
  "projects.new": {
    url: () => "/projects/new",
    loader: "login 200 200 200 200 200 200 login",
    action: { body: EMPTY, expect: "login 400 400 400 400 400 400 login" },
  },
  report: [
    {
      note: "anyone signed in reports what they can see; a probe gets the form back",
      url: (f) => `/report?kind=item&id=${f.item.mohammedSander}`,
      loader: "login 200 200 200 200 200 200 login",
      action: { body: PROBE, expect: "login 400 400 400 400 400 400 login" },
    },
    {
      note: "IDOR: a loan's messages are its parties'; someone else cannot even open the form",
      url: () => "/report?kind=loan_message&id=999999999",
      loader: "login 404 404 404 404 404 404 login",
    },
  ],
  "robots[.]txt": { url: () => "/robots.txt", loader: all("200") },
  "reset-password": { url: () => "/reset-password", loader: all("200"), action: { body: EMPTY, expect: all("400") } },
  "sitemap[.]xml": { url: () => "/sitemap.xml", loader: all("200") },
  "settings.blocks": {
    url: () => "/settings/blocks",
    loader: "login 200 200 200 200 200 200 login",
    action: { body: PROBE, expect: "login 400 400 400 400 400 400 login" },
  },
  "settings.data": {
    note: "one's own data: everyone signed in sees their page; a probe gets the form back and erases nothing",
    url: () => "/settings/data",
    loader: "login 200 200 200 200 200 200 login",
    action: { body: PROBE, expect: "login 400 400 400 400 400 400 login" },
  },
  "settings.data.$exportId": {
    note: "IDOR: an archive opens for its member only (someone else's id, or none, is a 404)",
    url: () => "/settings/data/00000000-0000-4000-8000-000000000000",
    loader: "login 404 404 404 404 404 404 login",
  },
  "settings.language": { url: () => "/settings/language", loader: all("302"), action: { body: () => ({ locale: "nl" }), expect: all("302") } },
  "settings.notifications": {
    url: () => "/settings/notifications",
    loader: "login 200 200 200 200 200 200 login",
    action: { body: PROBE, expect: "login 400 400 400 400 400 400 login" },
  },
  signup: { url: () => "/signup", loader: "200 302 302 302 302 302 302 200", action: { body: EMPTY, expect: all("400") } },
  "signup_.check-email": { url: () => "/signup/check-email", loader: all("200") },
  "u.$handle": [
    { url: () => "/u/anna-de-vries", loader: all("200") },
    { url: () => "/u/bestaat-niet", loader: all("404") },
  ],
  unsubscribe: { url: () => "/unsubscribe", loader: all("400"), action: { body: EMPTY, expect: all("400") } },
  "uploads.$": [
    { url: (f) => `/uploads/${f.uploadKey}`, loader: all("200") },
    { url: () => "/uploads/..%2F..%2Fetc%2Fpasswd", loader: all("404") },
  ],
  "verify-email.resend": { url: () => "/verify-email/resend", loader: all("302"), action: { body: EMPTY, expect: "login 302 302 302 302 302 302 login" } },
  "verify-email": { url: () => "/verify-email", loader: all("200"), action: { body: EMPTY, expect: all("400") } },
  "wanted._index": { url: () => "/wanted", loader: all("200"), action: { body: PROBE, expect: "login 400 400 400 400 400 400 login" } },
  "webhooks.stripe-connect": {
    note: "Connect events, signed by Stripe, not by a session",
    url: () => "/webhooks/stripe-connect",
    loader: all("405"),
    action: { body: EMPTY, expect: all("404") },
  },
  "webhooks.stripe": {
    note: "signed by Stripe, not by a session",
    url: () => "/webhooks/stripe",
    loader: all("405"),
    action: { body: EMPTY, expect: all("404") },
  },
  // The share kit and the poster (issue 16, decision 076): anyone signed in shares a project they can see (a live one gets a code).
  "projects.$slug.share": [
    {
      url: () => "/projects/moestuin-op-het-javaplein/share",
      owner: "anna",
      loader: "login 200 200 200 200 200 200 login",
      action: { body: PROBE, expect: "login 400 400 400 400 400 400 login" },
    },
    {
      note: "a draft: only who can see it opens the kit (it says sharing is closed) and nobody opts in",
      url: () => "/projects/speeltuin-sumatraplantsoen/share",
      owner: "anna",
      loader: "login 404 404 200 200 200 404 login",
      action: { body: () => ({ intent: "show", show: "on" }), expect: "login 404 404 400 400 400 404 login" },
      team: { loader: "200 200", action: "400 400" },
    },
  ],
  "projects.$slug.poster": [
    { url: () => "/projects/moestuin-op-het-javaplein/poster", loader: all("200") },
    { url: () => "/projects/speeltuin-sumatraplantsoen/poster", owner: "anna", loader: "404 404 404 200 200 200 404 404", team: { loader: "200 200" } },
  ],
};

let database: DatabaseHandle;
let services: AppServices;
let context: AppLoadContext;
let world: DemoWorld;
let fixtures: Fixtures;
let people: DemoWorld["people"];

beforeAll(async () => {
  database = await createTestDatabase();
  ({ services } = createTestServices(database));
  world = await buildDemoWorld(services);
  ({ fixtures, people } = world);
  // What a deployment runs: production, no test hooks (the dev mailbox is admins' only, no try-out page).
  const production = { ...services, env: { ...services.env, NODE_ENV: "production" as const, BUURTKRACHT_TEST_HOOKS: false } };
  context = testContext(production as AppServices) as unknown as AppLoadContext;
}, 120_000);
afterAll(async () => database?.close());

const cases = (id: string): Case[] => [matrix[id]!].flat();

function personFor(actor: Actor, row: Case): Person | null {
  switch (actor) {
    case "anonymous":
      return null;
    case "member":
      return "newbie";
    case "other":
      return row.other ?? "mohammed";
    case "owner":
      return row.owner ?? "eva";
    case "moderator":
      return "kees";
    case "admin":
      return "admin";
    case "organisation":
      return "wijkfonds";
    case "suspended":
      return "banned";
    case "coinitiator":
      return "daan";
    case "helper":
      return "joost";
  }
}

/** One session per person, started anew after any action as them (an action may end it: logout). */
const cookies = new Map<Person, string>();
async function cookieOf(person: Person | null): Promise<string | null> {
  if (!person) return null;
  const cookie = cookies.get(person) ?? (await world.cookie(person));
  cookies.set(person, cookie);
  // A suspended account's sessions are nobody's: suspend after the session started, as a moderator would.
  if (person === "banned") await database.db.updateTable("users").set({ suspended_at: services.clock.now() }).where("id", "=", people.banned).execute();
  return cookie;
}

/** One cell: what `actor` gets from the route's loader (GET) or action (POST with `body`). */
async function cell(id: string, row: Case, actor: Actor, method: "GET" | "POST"): Promise<string> {
  const url = row.url(fixtures);
  const match = matchRoute(new URL(url, "http://localhost").pathname);
  if (match?.route.id !== id) throw new Error(`${url} goes to ${match?.route.id ?? "nothing"}, not ${id}`);
  const mod = await loadRoute(id);
  const fn = method === "GET" ? mod.loader : mod.action;
  const cookie = await cookieOf(personFor(actor, row));
  const headers: Record<string, string> = cookie ? { Cookie: cookie } : {};
  const init: RequestInit = method === "GET" ? { headers } : { method, headers, body: new URLSearchParams(row.action!.body(fixtures)) };
  if (method === "POST") cookies.clear();
  const response = await toResponse(() => fn!({ request: new Request(`http://localhost${url}`, init), context, params: match.params }));
  if (process.env.DRILL_PRINT === "2") console.log(method, url, actor, response.status, (await response.clone().text()).slice(0, 300));
  if (response.status === 500) throw new Error(`${method} ${url} as ${actor}: 500\n${await response.text()}`);
  if (response.status >= 300 && response.status < 400) {
    const to = response.headers.get("Location") ?? "";
    return to.startsWith("/login") ? "login" : String(response.status);
  }
  return String(response.status);
}

/** Owners last: a cell that is allowed to change something runs after the ones that must not. */
const runOrder: Actor[] = ["anonymous", "member", "other", "moderator", "admin", "organisation", "suspended", "coinitiator", "helper", "owner"];

async function row(id: string, c: Case, method: "GET" | "POST"): Promise<string> {
  const got: Partial<Record<Actor, string>> = {};
  const withTeam = method === "GET" ? c.team?.loader : c.team?.action;
  for (const actor of runOrder) {
    if (!withTeam && (teamActors as readonly string[]).includes(actor)) continue;
    got[actor] = await cell(id, c, actor, method);
  }
  // The suspended account is reinstated for the next row.
  await database.db.updateTable("users").set({ suspended_at: null }).where("id", "=", people.banned).execute();
  return actors.map((a) => got[a]).join(" ") + (withTeam ? ` | ${teamActors.map((a) => got[a]).join(" ")}` : "");
}

describe("the authorization matrix", () => {
  it("has an entry for every route in app/routes, and none for a route that is gone", () => {
    expect(Object.keys(matrix).sort()).toEqual(
      listRoutes()
        .map((r) => r.id)
        .sort(),
    );
  });

  it("covers every loader and action each route exports", async () => {
    const missing: string[] = [];
    for (const { id } of listRoutes()) {
      const mod = await loadRoute(id);
      if (mod.loader && !cases(id).some((c) => c.loader)) missing.push(`${id}: loader`);
      if (mod.action && !cases(id).some((c) => c.action)) missing.push(`${id}: action`);
      for (const c of cases(id)) {
        if (c.loader && !mod.loader) missing.push(`${id}: has no loader`);
        if (c.action && !mod.action) missing.push(`${id}: has no action`);
      }
    }
    expect(missing).toEqual([]);
  });

  const rows = Object.entries(matrix).flatMap(([id, value]) =>
    [value]
      .flat()
      .flatMap((c) => [
        ...(c.loader ? [{ id, c, method: "GET" as const, expected: c.loader + (c.team?.loader ? ` | ${c.team.loader}` : "") }] : []),
        ...(c.action ? [{ id, c, method: "POST" as const, expected: c.action.expect + (c.team?.action ? ` | ${c.team.action}` : "") }] : []),
      ]),
  );

  it.each(rows.map((r) => [`${r.method} ${r.id}${r.c.note ? ` (${r.c.note})` : ""}`, r] as const))("%s", async (_name, r) => {
    const got = await row(r.id, r.c, r.method);
    if (process.env.DRILL_PRINT) console.log(`${r.method} ${r.c.url(fixtures)}\n  expected ${r.expected}\n  got      ${got}`);
    const header = actors.join(" ") + (r.expected.includes("|") ? ` | ${teamActors.join(" ")}` : "");
    expect(`${header}\n${got}`).toBe(`${header}\n${r.expected}`);
  });

  it("names what a co-initiator and a helper get on every route behind the project's team guard (issue 15)", () => {
    const guarded = listRoutes()
      .map((r) => r.id)
      .filter((id) => id.startsWith("projects.$slug."))
      .filter((id) => {
        const dir = path.join(import.meta.dirname, "../../app/routes");
        const file = [`${id}.tsx`, `${id}.ts`, `${id}/route.tsx`].map((f) => path.join(dir, f)).find((f) => fs.existsSync(f));
        return file !== undefined && /requireProjectPermission|getTeamInvitation/.test(fs.readFileSync(file, "utf8"));
      });
    expect(guarded.length).toBeGreaterThanOrEqual(7);
    const missing = guarded.filter((id) => !cases(id).some((c) => c.team?.loader || c.team?.action));
    expect(missing).toEqual([]);
  });
});

describe("IDOR: acting on another member's things changes nothing", () => {
  const post = async (url: string, as: Person, body: Record<string, string>) => {
    const match = matchRoute(new URL(url, "http://localhost").pathname)!;
    const mod = await loadRoute(match.route.id);
    const request = new Request(`http://localhost${url}`, { method: "POST", headers: { Cookie: (await cookieOf(as))! }, body: new URLSearchParams(body) });
    cookies.clear();
    return toResponse(() => mod.action!({ request, context, params: match.params }));
  };
  const snapshot = () =>
    sql<{ pledges: string; loans: string; messages: string; items: string; attempts: string }>`
      select (select string_agg(id || status || amount_cents, ',' order by id) from pledges) as pledges,
             (select string_agg(id || state, ',' order by id) from loans) as loans,
             (select count(*)::text from loan_messages) as messages,
             (select string_agg(id || status || title, ',' order by id) from items) as items,
             (select count(*)::text from pledge_payment_attempts) as attempts
    `
      .execute(database.db)
      .then((r) => r.rows[0]);

  it("cancelling, changing or fixing someone else's pledge, or editing or unlisting their item, is refused and writes nothing", async () => {
    const before = await snapshot();
    const cancel = await post("/projects/moestuin-op-het-javaplein/pledge", "mohammed", { intent: "cancel", pledgeId: fixtures.pledge.eva });
    expect(cancel.status).toBe(400);
    const change = await post("/projects/moestuin-op-het-javaplein/pledge", "mohammed", {
      intent: "change",
      pledgeId: fixtures.pledge.eva,
      amount: "1",
      visibility: "public",
    });
    expect(change.status).toBe(400);
    const fix = await post(`/me/pledges/${fixtures.pledge.pieterFailed}/fix`, "joost", {});
    expect(fix.status).toBe(400);
    const edit = await post(`/items/${fixtures.item.mohammedSander}/edit`, "eva", { ...VALID_ITEM, title: "Van mij nu" });
    expect(edit.status).toBe(404);
    const pause = await post(`/items/${fixtures.item.mohammedSander}`, "eva", { intent: "unlist" });
    expect(pause.status).toBe(400);
    expect(await snapshot()).toEqual(before);
  });

  it("a stranger's message, acceptance or cancellation on a loan is refused (not a party) and writes nothing", async () => {
    const before = await snapshot();
    const bodies: Record<string, string>[] = [
      { intent: "message", body: "ik kijk mee" },
      { intent: "cancel", reason: "" },
      { intent: "confirm_handover", note: "" },
      { intent: "close" },
    ];
    for (const body of bodies) {
      const res = await post(`/loans/${fixtures.loan.annaFromMohammed}`, "eva", body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      // Refused as "not a party" or "not your turn", next to the form.
      expect((await res.json()).errors._form).toMatch(/^lending\.error\.(NotAParty|NotYourTurn)$/);
    }
    expect(await snapshot()).toEqual(before);
  });

  it("the lender, the loan's other party, reads it too", async () => {
    const match = matchRoute(`/loans/${fixtures.loan.annaFromMohammed}`)!;
    const mod = await loadRoute(match.route.id);
    const request = new Request(`http://localhost/loans/${fixtures.loan.annaFromMohammed}`, { headers: { Cookie: (await cookieOf("mohammed"))! } });
    expect((await toResponse(() => mod.loader!({ request, context, params: match.params }))).status).toBe(200);
  });
});
