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
}

declare module "@remix-run/server-runtime" {
  // Declaration merging: Remix's load context is our RequestContext.
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface AppLoadContext extends RequestContext {}
}
