import type { Kysely, Transaction } from "kysely";
import type pg from "pg";
import type { Database, PledgeRow, ProjectRow, ProjectStatusColumn } from "../db/schema";
import { createSessionStore, type SessionStore } from "./auth/session.server";
import { defineJob as defineJobFor, type JobDefinition, type JobRunContext } from "./jobs/definition.server";
import type { JobQueue } from "./jobs/job";
import type { LedgerCheck } from "./ledger/verify.server";
import { createLimiter, type Limiter } from "./limits/limiter.server";
import type { CalendarSource } from "./notifications/calendar.server";
import type { DigestSection } from "./notifications/digest.server";
import type { Mailer } from "./notifications/mailer.server";
import { applyGatewayEvent, type GatewayEventHandlers } from "./payments/events.server";
import type { FeeSchedule } from "./payments/fees";
import { feeScheduleFromEnv } from "./payments/fees.server";
import type { PaymentGateway } from "./payments/gateway";
import type { GatewayFactory } from "./payments/gateway.server";
import type { Reconcilers } from "./reconciliation/reconcile.server";
import type { FileStorage } from "./storage/storage.server";
import type { TestClock } from "./utils/clock.server";
import { type Env, isHttps } from "./utils/env.server";
import type { Logger } from "./utils/logger.server";
import type { MessageKey } from "./i18n/i18n";
import { createSigner, type Signer } from "./utils/signer.server";
import type { MapMarker } from "./utils/map";
import type { ImpactFigure, NeighbourhoodFeedEntry, NeighbourhoodFeedKind } from "./utils/neighbourhood-feed";

export type { ImpactFigure, NeighbourhoodFeedEntry, NeighbourhoodFeedKind } from "./utils/neighbourhood-feed";

/** A project's status change, as the projects writer hands it to the registered effects. */
export interface ProjectTransition {
  project: ProjectRow;
  from: ProjectStatusColumn;
  to: ProjectStatusColumn;
  note: string | null;
  actorId: string | null;
  now: Date;
  /** The project_events row of this change (dedupe keys derive from it). */
  eventId: number;
}

/** Runs inside the transition's transaction: use only `trx`. */
export type ProjectTransitionEffect = (trx: Transaction<Database>, change: ProjectTransition) => Promise<void>;

/** A pledge's change, as the pledge writer hands it to the registered effects (after its own journal). */
export interface PledgeTransition {
  pledge: PledgeRow;
  before: PledgeRow | null;
  /** "saved" or the pledge event's type. */
  event: string;
  actorId: string | null;
  now: Date;
  /** The pledge_events row of this change. */
  eventId: number;
}

/**
 * Runs inside the pledge change's transaction, with the project row locked (the writer's lock
 * order: project, then pledge); use only `trx`. E.g. matching recomputes the project's match.
 */
export type PledgeTransitionEffect = (trx: Transaction<Database>, change: PledgeTransition) => Promise<void>;

/** A loan's change, as the loan writer hands it to the registered effects (after its event row). */
export interface LoanTransition {
  loanId: string;
  ownerId: string;
  /** The borrowing member (a project loan's contact acts for the project: null here). */
  borrowerUserId: string | null;
  /** The loan event's type (accept, confirm_return, cancel …). */
  event: string;
  from: string;
  to: string;
  actorId: string | null;
  now: Date;
}

/**
 * Runs inside the loan change's transaction, with the loan row locked; use only `trx`. E.g. a
 * material need lent from the library follows its loan (app/needs/loan-needs.server.ts), and the
 * reputation projection recomputes both parties' records (docs/decisions/059-reputation.md).
 */
export type LoanTransitionEffect = (trx: Transaction<Database>, change: LoanTransition) => Promise<void>;

/** A reported piece of content (or person) as the moderation queue shows it, in context. */
export interface ReportableContent {
  /** Who wrote it (for a person: that person): who is warned or suspended, who sees why it was hidden. */
  authorId: string;
  /** A title for the queue, e.g. the item's title or "Reactie bij Buurtmoestuin". */
  title: string;
  /** The reported text itself. */
  excerpt: string;
  /** Where it lives in the app (same-site path). */
  path: string;
  /** Null when anyone who can see `path` may report it; else only these users (a loan's two parties). */
  visibleTo: readonly string[] | null;
  hidden: { at: Date; reason: string | null } | null;
}

/**
 * One kind of reportable content (docs/decisions/060): how the moderation queue loads it and how a
 * moderator hides it. Listed by kind in app/wiring.server.ts (reviews: app/reputation/reportables.server.ts).
 */
export interface Reportable {
  /** People are warned or suspended, not hidden. */
  hideable: boolean;
  /**
   * `now` is given when a member reports (the report form): content that is not public at that
   * moment (a review still double-blind) is not theirs to report. Moderators read without it.
   */
  load(db: Kysely<Database> | Transaction<Database>, id: string, now?: Date): Promise<ReportableContent | null>;
  /** In the moderator's transaction: hide with the reason (null: show again) at `now`. Returns false when not found. */
  setHidden(trx: Transaction<Database>, id: string, hidden: { at: Date; reason: string; by: string } | null, now: Date): Promise<boolean>;
}

/** A member's suspension, as the moderation writer hands it to the registered effects. */
export interface UserSuspension {
  userId: string;
  actorId: string;
  now: Date;
}

/** Runs inside the suspension's transaction (e.g. lending declines the member's pending requests). */
export type UserSuspensionEffect = (trx: Transaction<Database>, change: UserSuspension) => Promise<void>;

/** Why a member may not borrow an item or launch a project (the trust gates, app/reputation/levels.ts). */
export type TrustRefusal = "TrustBelowItemMinimum" | "TrustTooLowForValue" | "TrustTooLowForDeposit" | "TrustTooLowToLaunch";

/** An item's terms as the trust gates read them (amounts in cents). */
export interface GatedItemTerms {
  replacementValueCents: number | null;
  depositCents: number;
  minTrustLevel: number;
  waiveDepositTrusted: boolean;
}

/**
 * The trust gates (issue 12, docs/reputation.md): lending and projects ask them through this
 * extension point, in their writer's transaction, and never import reputation. The rules live in
 * one pure module (app/reputation/levels.ts); `openTrustGates` is the answer when none are wired.
 */
export interface TrustGates {
  /** May this member ask for this item, and which deposit do they pay (0 when the owner waives it for trusted neighbours)? */
  borrowTerms(trx: Kysely<Database>, input: { userId: string; item: GatedItemTerms }): Promise<{ refusal: TrustRefusal | null; depositCents: number }>;
  /** May this member launch (submit) a project? */
  launchRefusal(trx: Kysely<Database>, input: { userId: string }): Promise<TrustRefusal | null>;
  /** The owner's item options, checked in the item form: a waiver only for deposits up to the cap. */
  itemOptionsError(item: GatedItemTerms): "TrustWaiverTooHigh" | null;
}

export const openTrustGates: TrustGates = {
  borrowTerms: async (_trx, input) => ({ refusal: null, depositCents: input.item.depositCents }),
  launchRefusal: async () => null,
  itemOptionsError: () => null,
};

/**
 * Something a backer gives together with a pledge, in the pledge form (issue 11: "money, time and a
 * thing in one step"). `payload` is what the form sent for this part, as plain JSON (it may wait on
 * a pledge intent while the backer saves a card): the part parses it again. Runs in the pledge's
 * transaction with the project row locked; any error rolls back the pledge and every other part.
 * `errors` are message keys by form field.
 */
export interface PledgeCompanion {
  key: string;
  applyTx(
    trx: Transaction<Database>,
    input: { projectId: string; userId: string; payload: unknown; now: Date },
  ): Promise<{ ok: true } | { ok: false; errors: Record<string, MessageKey> }>;
}

/** What an erased member's own words become where the row must stay (a loan message, a comment). */
export const ERASED_TEXT = "[verwijderd]";
/** Why an erased member's content is hidden (every list leaves hidden content out). */
export const ERASED_REASON = "account erased at the member's request";

/** One feature's rows about a member, by table name ("loans", "loan_messages"): plain values. */
export type PersonalDataRows = Record<string, Record<string, unknown>[]>;

/**
 * One feature's share of a member's personal data (GDPR/AVG articles 17 and 20, docs/decisions/074,
 * docs/privacy.md). Each feature lists its own in app/wiring.server.ts (`personalData`); app/privacy
 * builds the archive from `exportRows`, refuses an erasure while a `blockers` entry is open, and runs
 * every `erase` in the one erasure transaction.
 */
export interface PersonalDataContribution {
  /** The feature's name (a key in the archive's "about"). */
  key: string;
  /** The member's own rows; other people appear only by display name, never by e-mail or id. */
  exportRows(db: Kysely<Database>, input: { userId: string; now: Date }): Promise<PersonalDataRows>;
  /** What is still open and keeps the account from being erased now (message keys, in the privacy catalogue). */
  blockers(db: Kysely<Database> | Transaction<Database>, input: { userId: string; now: Date }): Promise<MessageKey[]>;
  /**
   * In the erasure's transaction (the users row locked, `buurtkracht.erasure` on): removes or blanks
   * the member's personal data in the feature's tables; money and loan records stay for others.
   * Returns storage keys of files to delete once the transaction committed.
   */
  erase(trx: Transaction<Database>, input: { userId: string; now: Date; formerName: string }): Promise<{ fileKeys: string[] }>;
}

/** A select filter a map layer takes (its values are message keys, so the page can name them). */
export interface MapLayerFilter {
  /** The layer's own parameter name; on the page it is `<kind>-<name>` (e.g. `project-status`). */
  name: string;
  labelKey: MessageKey;
  /** The choice "any" (no filter); omitted when the filter always has a value (the first option is the default). */
  anyKey?: MessageKey;
  options: readonly { value: string; labelKey: MessageKey }[];
}

/** What the map asks every layer for: the viewer (blocks, circles), the neighbourhood, the layer's own filters. */
export interface MapQuery {
  viewerId: string | null;
  neighbourhoodId?: string;
  /** This layer's filter values by name, as the page received them (the layer validates them). */
  filters: Readonly<Record<string, string>>;
}

/**
 * One kind of thing on /map (docs/decisions/068-map.md): projects, items, board posts. `markers`
 * returns only what the feature's public list shows this viewer (never hidden, suspended, blocked
 * or circles-only content), placed at a postcode area's or neighbourhood's centroid, never at an
 * address; the page spreads markers of one area a little and lists them for those without a map.
 */
export interface MapLayer {
  kind: string;
  /** The layer's name on the page ("Projecten", "Spullen"). */
  labelKey: MessageKey;
  filters?: readonly MapLayerFilter[];
  markers(db: Kysely<Database> | Transaction<Database>, query: MapQuery): Promise<MapMarker[]>;
}

export interface NeighbourhoodFeedQuery {
  neighbourhoodId: string;
  now: Date;
  /** At most this many entries, newest first (the page asks for enough to fill its page). */
  limit: number;
}

/**
 * A feature's part of /buurt/<slug>: only what its public list shows a visitor without an account
 * (never hidden content, suspended owners, circles-only items or drafts), newest first.
 */
export interface NeighbourhoodFeedSource {
  /** The kinds this source gives, so a filtered page asks only the sources that can answer. */
  kinds: readonly NeighbourhoodFeedKind[];
  entries(db: Kysely<Database> | Transaction<Database>, query: NeighbourhoodFeedQuery): Promise<NeighbourhoodFeedEntry[]>;
}

/** What "what we did together" asks each source for: one neighbourhood or the whole platform, by calendar month. */
export interface ImpactQuery {
  /** Null: the whole platform. */
  neighbourhoodId: string | null;
  /** The months shown, oldest first, "YYYY-MM" in Europe/Amsterdam time. */
  months: readonly string[];
  /** The first instant of the first month (a lower bound the queries may use for their index). */
  from: Date;
  now: Date;
}

export interface ImpactSource {
  figures(db: Kysely<Database> | Transaction<Database>, query: ImpactQuery): Promise<ImpactFigure[]>;
}

/**
 * What features contribute to the platform's extension points. The one list of them is
 * app/wiring.server.ts; the process hands it over here, so no infrastructure module imports a
 * feature (docs/decisions/024-wiring-and-extension-points.md).
 */
export interface Extensions {
  /** Background jobs; sweeps also run, in this order, from `npm run jobs -- run-due`. */
  jobs: readonly JobDefinition<AppServices, any>[];
  /** Gateway event handlers by `metadata.purpose` (docs/decisions/023). */
  gatewayEventHandlers: GatewayEventHandlers;
  /** Checks `npm run ledger:verify` runs after the built-in ones. */
  ledgerChecks: readonly LedgerCheck[];
  /**
   * How each `metadata.purpose` books its gateway money: compared with the gateway's own record by
   * `npm run ledger:verify -- --gateway` and the hourly reconciliation (docs/decisions/027).
   */
  reconcilers: Reconcilers;
  /** Sections of the weekly neighbourhood digest, in order. */
  digestSections: readonly DigestSection[];
  /** Sources of entries for the private calendar feed. */
  calendarSources: readonly CalendarSource[];
  /** What else happens, in the same transaction, when a project changes status. */
  projectTransitionEffects: readonly ProjectTransitionEffect[];
  /** What else happens, in the same transaction, when a pledge changes (docs/decisions/056). */
  pledgeTransitionEffects: readonly PledgeTransitionEffect[];
  /** What else happens, in the same transaction, when a loan changes (a need lent from the library). */
  loanTransitionEffects: readonly LoanTransitionEffect[];
  /** What a backer may give in the same form as a pledge, in the same transaction (issue 11). */
  pledgeCompanions: readonly PledgeCompanion[];
  /** What may be reported, by kind (the moderation queue, docs/decisions/060). */
  reportables: Readonly<Record<string, Reportable>>;
  /** What else happens, in the same transaction, when a moderator suspends a member. */
  userSuspensionEffects: readonly UserSuspensionEffect[];
  /** Who may borrow what and launch a project, by trust level (app/reputation, docs/decisions/059). */
  trustGates: TrustGates;
  /** What /map shows, one layer per kind, in this order (docs/decisions/068-map.md). */
  mapLayers: readonly MapLayer[];
  /** What /buurt/<slug> and its Atom feed list to do, get and see (docs/decisions/073). */
  neighbourhoodFeed: readonly NeighbourhoodFeedSource[];
  /** The figures of "what we did together", in the order shown (docs/decisions/073). */
  impactFigures: readonly ImpactSource[];
  /** Each feature's share of a member's personal data: archive rows, what blocks an erasure, the erasure (decision 074). */
  personalData: readonly PersonalDataContribution[];
}

/**
 * Everything a request or a job needs, created once per process by the server (server/boot.ts) or
 * by a test, and handed to routes through Remix's load context. Nothing here is a module-level
 * singleton, so the web server, the worker and each test get their own.
 */
export interface AppServices {
  env: Env;
  db: Kysely<Database>;
  dbKind: "embedded" | "server";
  pool: pg.Pool;
  logger: Logger;
  clock: TestClock;
  jobs: JobQueue;
  /** Uploaded files (local disk under DATA_DIR/uploads by default). */
  storage: FileStorage;
  /** Outgoing e-mail: SMTP when SMTP_URL is set, else the in-app mailbox (notifications module). */
  mailer: Mailer;
  /** The features' contributions to the extension points (app/wiring.server.ts). */
  extensions: Extensions;
  // --- derived in createServices:
  /** Payments (docs/decisions/020): simulated without Stripe keys. Never call it inside a transaction. */
  gateway: PaymentGateway;
  sessions: SessionStore;
  /** Abuse limits (app/limits/policies.ts), shared by every instance through Postgres. */
  limits: Limiter;
  /** Signs values that travel in links (unsubscribe, calendar feed). */
  signer: Signer;
  /** What a payment costs before it reaches a project (PLATFORM_FEE_BPS, PAYMENT_FEES; app/payments/fees.ts). */
  fees: FeeSchedule;
}

/** What every feature job gets: the process's services and the time it runs at. */
export type JobContext = JobRunContext<AppServices>;

/** Declares a feature's job over the app's services (infrastructure jobs name a smaller context). */
export function defineJob<Data extends Record<string, unknown> = Record<string, unknown>>(
  definition: JobDefinition<AppServices, Data>,
): JobDefinition<AppServices, Data> {
  return defineJobFor<AppServices, Data>(definition);
}

type DerivedServices = "sessions" | "limits" | "signer" | "gateway" | "fees";
/** What a process provides; the rest is derived. A new service is a field on AppServices. */
export type CoreServiceDeps = Omit<AppServices, DerivedServices> & { sessionSecrets: string[]; gateway: GatewayFactory };

export function createServices(deps: CoreServiceDeps): AppServices {
  const { sessionSecrets, gateway: gatewayFactory, ...provided } = deps;
  const services: Omit<AppServices, "gateway"> & { gateway?: PaymentGateway } = {
    ...provided,
    signer: createSigner(sessionSecrets),
    sessions: createSessionStore({
      secrets: sessionSecrets,
      appUrlIsHttps: isHttps(deps.env),
      maxAgeSeconds: deps.env.SESSION_MAX_DAYS * 24 * 60 * 60,
    }),
    limits: createLimiter(deps.pool),
    fees: feeScheduleFromEnv(deps.env),
  };
  const complete = services as AppServices;
  // The gateway delivers its events into the app through the one event path (decision 023), to
  // the handlers the process registered (extensions.gatewayEventHandlers).
  complete.gateway = gatewayFactory({
    db: deps.db,
    clock: deps.clock,
    logger: deps.logger,
    env: deps.env,
    deliver: (event) => applyGatewayEvent(complete, event),
  });
  return complete;
}

/** What Remix hands every loader and action (see server/app.ts getLoadContext). */
export interface RequestContext {
  services: AppServices;
  requestId: string;
  clientIp: string;
  logger: Logger;
  /** This response's Content-Security-Policy nonce: every inline script carries it (server/edge/headers.ts). */
  cspNonce: string;
  /**
   * What this one HTTP request has looked up already, shared by all its loaders (the server makes
   * one per request; Remix hands each loader its own `Request` object, so a cache keyed by the
   * Request misses between the root's loader and the route's). Absent in tests that reuse one
   * context for many requests.
   */
  requestScope?: Map<string, unknown>;
}

declare module "@remix-run/server-runtime" {
  // Declaration merging: Remix's load context is our RequestContext.
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface AppLoadContext extends RequestContext {}
}
