/**
 * The architecture's import rules, checked by `npm run lint:boundaries` (part of `npm test`).
 * docs/architecture.md draws them; docs/decisions/025-boundary-linter.md says why this tool.
 *
 * Layers, from the ground up — a layer may import its own and the ones below it:
 *   base        app/utils < app/i18n < app/forms, db/ (schema, migrations, migrator)
 *   platform    app/{jobs,storage,ledger,neighbourhoods,notifications,payments,auth,reconciliation}
 *   services    app/services.server.ts (the services object and the extension-point types)
 *   features    app/{projects,lending,pledges,settlement,matching,needs,payouts,moderation,reputation,ideas,questions,privacy,community-loans,ambassadors,recurring}
 *   pages       app/pages (page assemblers that read several features)
 *   wiring      app/wiring.server.ts (the features' contributions to the extension points)
 *   demo        app/demo (the demo neighbourhood, built through the features' functions)
 *   http        app/http (the route kit)
 *   components  app/components (presentational React)
 *   routes      app/routes, app/root.tsx, app/entry.*
 *   roots       server/, scripts/ (processes: may import anything)
 * Type-only imports count too: a type is an arrow like any other.
 */
const BASE = "^(app/(utils|i18n|forms)/|db/)";
const PLATFORM = "^app/(jobs|storage|ledger|neighbourhoods|notifications|payments|auth|reconciliation)/";
const SERVICES = "^app/services\\.server\\.ts$";
const FEATURES =
  "^app/(projects|lending|pledges|settlement|matching|needs|payouts|moderation|reputation|ideas|questions|privacy|community-loans|ambassadors|recurring)/";
const PAGES = "^app/pages/";
const WIRING = "^app/wiring\\.server\\.ts$";
const DEMO = "^app/demo/";
const HTTP = "^app/http/";
const COMPONENTS = "^app/components/";
const ROUTES = "^app/(routes/|root\\.tsx$|entry\\.)";
const ABOVE_FEATURES = [PAGES, WIRING, DEMO, HTTP, COMPONENTS, ROUTES, "^(server|scripts)/", "^app/test/"];

const notTo = (from, paths, name, comment) => ({ name, comment, severity: "error", from: { path: from }, to: { path: paths } });

module.exports = {
  forbidden: [
    {
      name: "no-circular",
      comment: "No import circles, not even through types (docs/architecture.md).",
      severity: "error",
      from: {},
      to: { circular: true },
    },
    notTo(
      BASE,
      ["^app/(?!utils/|i18n/)", "^(server|scripts)/"],
      "base-imports-only-base",
      "app/utils, app/i18n and db/ are the ground floor: they import no feature, no platform module, nothing above.",
    ),
    notTo(
      "^db/",
      "^app/",
      "db-imports-no-app",
      "db/ holds schema, migrations and the migrator; it imports nothing from app/ (the demo seed lives in app/demo).",
    ),
    notTo(
      PLATFORM,
      [SERVICES, FEATURES, ...ABOVE_FEATURES],
      "platform-imports-no-feature",
      "Infrastructure modules know no feature: features register through the extension points (app/wiring.server.ts).",
    ),
    // The platform's own order: jobs, storage, ledger, neighbourhoods at the bottom; notifications and payments above them; auth on top.
    notTo(
      "^app/(jobs|storage|ledger|neighbourhoods)/",
      "^app/(notifications|payments|auth)/",
      "platform-order-low",
      "jobs, storage, ledger and neighbourhoods sit below notifications, payments and auth.",
    ),
    notTo(
      "^app/(notifications|payments)/",
      "^app/auth/",
      "platform-order-auth",
      "auth sits above notifications and payments (it sends account mail); they never import it.",
    ),
    notTo(
      "^app/(jobs|storage|ledger|neighbourhoods|notifications|payments|auth)/",
      "^app/reconciliation/",
      "platform-order-reconciliation",
      "reconciliation sits on top of the platform, beside auth: it reads payments and the ledger and notifies; none of them imports it (docs/decisions/027).",
    ),
    notTo("^app/reconciliation/", "^app/auth/", "reconciliation-imports-no-auth", "reconciliation and auth are siblings."),
    notTo("^app/notifications/", "^app/payments/", "notifications-imports-no-payments", "notifications and payments are siblings."),
    notTo("^app/payments/", "^app/notifications/", "payments-imports-no-notifications", "notifications and payments are siblings."),
    notTo(
      SERVICES,
      [FEATURES, ...ABOVE_FEATURES],
      "services-imports-no-feature",
      "The services object is composed from the platform; features' contributions arrive through app/wiring.server.ts.",
    ),
    notTo(FEATURES, ABOVE_FEATURES, "features-import-nothing-above", "Features never import the route kit, components, routes, pages, the wiring or the demo."),
    notTo(
      "^app/projects/",
      "^app/(pledges|settlement|lending|matching|needs|payouts)/",
      "projects-imports-no-other-feature",
      "One direction only: pledges → projects, settlement → pledges/projects, payouts → projects; projects know none of them.",
    ),
    notTo(
      "^app/lending/",
      "^app/(projects|pledges|settlement|matching|needs|payouts)/",
      "lending-imports-no-other-feature",
      "Lending stands on its own; routes and page assemblers combine it with projects.",
    ),
    notTo(
      "^app/pledges/",
      "^app/(settlement|lending|matching|payouts)/",
      "pledges-imports-projects-only",
      "Pledges may use projects; settlement uses pledges, not the other way round.",
    ),
    notTo(
      "^app/settlement/",
      "^app/(lending|matching|payouts)/",
      "settlement-imports-no-lending",
      "Settlement is about project money; deposits settle in lending; matching settles through its own project transition effect; payouts come after settlement.",
    ),
    notTo(
      "^app/payouts/",
      "^app/(lending|pledges|settlement|needs|matching)/",
      "payouts-imports-projects-only",
      "Payouts use projects (paid_out) and read the ledger; they know no pledge or settlement code (docs/decisions/053).",
    ),
    notTo(
      "^app/matching/",
      "^app/(pledges|settlement|lending|needs|payouts)/",
      "matching-imports-projects-only",
      "Matching may use projects' types; it hears of pledge and project changes through the extension points (docs/decisions/056), so pledges never import it and no circle forms.",
    ),
    notTo(
      "^app/needs/",
      "^app/(pledges|settlement|payouts|matching)/",
      "needs-imports-projects-and-lending-only",
      "A project's needs for time, skills and things use projects (and lending for items); money stays in pledges. Routes combine them in one form.",
    ),
    notTo(
      "^app/reputation/",
      "^app/(projects|lending|pledges|settlement|matching|needs|payouts)/",
      "reputation-imports-no-other-feature",
      "Reputation reads the other features' event tables in SQL and hears of their changes through the extension points (docs/decisions/059); lending and projects use its levels and gates, so it imports none of them.",
    ),
    notTo("^app/(pledges|settlement)/", "^app/needs/", "money-imports-no-needs", "Pledges and settlement know nothing of volunteer shifts."),
    notTo(
      "^app/ideas/",
      "^app/(projects|lending|pledges|settlement|matching|needs|payouts|reputation)/",
      "ideas-imports-no-other-feature",
      "The neighbourhood board stands on its own (issue 14): a post becomes a project through the project writer's draft companion, handed over by the route, and hears of the launch through projectTransitionEffects.",
    ),
    notTo(
      "^app/(projects|lending|pledges|settlement|matching|needs|payouts|moderation|reputation)/",
      "^app/ideas/",
      "no-feature-imports-ideas",
      "No feature imports the board; routes, pages and the wiring combine it with the others.",
    ),
    notTo(
      "^app/questions/",
      "^app/(lending|pledges|settlement|matching|needs|payouts|reputation|ideas)/",
      "questions-imports-projects-only",
      "Questions to a project's team use projects (its statuses); they know nothing of money, lending or the board (docs/decisions/072).",
    ),
    notTo(
      "^app/(projects|lending|pledges|settlement|matching|needs|payouts|moderation|reputation|ideas|privacy)/",
      "^app/questions/",
      "no-feature-imports-questions",
      "No feature imports the questions; pages, routes and the wiring combine them with the others.",
    ),
    notTo(
      "^app/privacy/",
      "^app/(projects|lending|pledges|settlement|matching|needs|payouts|moderation|reputation|ideas|questions)/",
      "privacy-imports-no-other-feature",
      "A member's data is collected and erased through the personalData extension point (docs/decisions/074): each feature contributes its own tables, so privacy imports none of them.",
    ),
    notTo(
      "^app/(projects|lending|pledges|settlement|matching|needs|payouts|moderation|reputation|ideas|questions)/",
      "^app/privacy/",
      "no-feature-imports-privacy",
      "No feature imports privacy; it reaches them through the wiring's personalData list.",
    ),
    notTo(
      "^app/moderation/",
      "^app/(projects|lending|pledges|settlement|matching|needs|payouts)/",
      "moderation-imports-no-other-feature",
      "Moderation sits under the other features: they ask it about blocks; it reaches their content only through the reportables registry (app/wiring.server.ts, docs/decisions/060).",
    ),
    notTo(
      "^app/community-loans/",
      "^app/(lending|matching|needs|moderation|reputation|ideas|questions|privacy|ambassadors|recurring)/",
      "community-loans-imports-money-features-only",
      "Community loans (docs/decisions/078) may use projects, pledges, settlement and payouts; they meet the rest through the extension points in app/wiring.server.ts.",
    ),
    notTo(
      "^app/(projects|lending|pledges|settlement|matching|needs|payouts|moderation|reputation|ideas|questions|privacy|ambassadors|recurring)/",
      "^app/community-loans/",
      "no-feature-imports-community-loans",
      "No feature imports community loans; routes, pages and the wiring combine them with the others (pledge effects, gateway handlers, ledger checks, jobs).",
    ),
    notTo(
      "^app/recurring/",
      "^app/(lending|settlement|matching|needs|payouts|moderation|reputation|ideas|questions|privacy|community-loans|ambassadors)/",
      "recurring-imports-projects-and-pledges-only",
      "Monthly gifts (docs/decisions/077) use projects (and pledges if needed) and reach payments and the ledger through the platform; they hear of gateway events through the wiring.",
    ),
    notTo(
      "^app/(projects|lending|pledges|settlement|matching|needs|payouts|moderation|reputation|ideas|questions|privacy|community-loans|ambassadors)/",
      "^app/recurring/",
      "no-feature-imports-recurring",
      "No feature imports monthly gifts; routes, pages and the wiring combine them with the others.",
    ),
    notTo(
      PAGES,
      [WIRING, DEMO, HTTP, COMPONENTS, ROUTES, "^(server|scripts)/"],
      "pages-are-read-assemblers",
      "Page assemblers read features and return view data; nothing above them.",
    ),
    notTo(
      WIRING,
      [DEMO, HTTP, COMPONENTS, ROUTES, PAGES, "^(server|scripts)/"],
      "wiring-lists-contributions-only",
      "The wiring module lists features' contributions, nothing else.",
    ),
    notTo(
      HTTP,
      [FEATURES, PAGES, WIRING, DEMO, COMPONENTS, ROUTES, "^(server|scripts)/"],
      "route-kit-is-generic",
      "The route kit serves every route and knows no feature.",
    ),
    notTo(
      COMPONENTS,
      ["\\.server\\.tsx?$", "^db/", "^app/(http|routes|pages|demo)/", WIRING, SERVICES],
      "components-are-presentational",
      "Components import no .server file, no database, no route: they render what they are given.",
    ),
    notTo(
      ROUTES,
      [WIRING, DEMO, "^db/(migrations/|migrate)"],
      "routes-use-services",
      "Routes reach the wiring through context.services.extensions, never by import.",
    ),
    {
      name: "route-local-components-are-presentational",
      comment: "A route folder's other modules (sections.tsx …) are components: no .server file, no database (only route.tsx runs loaders and actions).",
      severity: "error",
      from: { path: "^app/routes/[^/]+/", pathNot: "^app/routes/[^/]+/route\\.tsx?$" },
      to: { path: ["\\.server\\.tsx?$", "^db/"] },
    },
    {
      name: "routes-hold-no-sql",
      comment: "Routes call feature functions; queries live in app/<feature>/*.server.ts.",
      severity: "error",
      from: { path: ROUTES },
      to: { path: "node_modules/(kysely|pg|@electric-sql)/" },
    },
    {
      name: "non-server-files-stay-client-safe",
      comment:
        "A file without .server never imports a .server file, the database, env or Stripe (it may reach the browser). Routes are exempt: Remix strips their loaders and actions. app/i18n/i18n.ts has the next rule.",
      severity: "error",
      from: { path: "^app/", pathNot: ["\\.server\\.tsx?$", ROUTES, "^app/test/", "\\.test\\.tsx?$", "^app/i18n/i18n\\.ts$"] },
      to: { path: ["\\.server\\.tsx?$", "^db/(?!schema)", "node_modules/(kysely|pg|@electric-sql|stripe|pg-boss|nodemailer|sharp)/"] },
    },
    {
      name: "i18n-core-imports-only-the-catalogues",
      comment:
        "app/i18n/i18n.ts reaches the browser yet imports one .server file, the server's catalogues, on purpose: the browser build empties it, so the page's language comes as a script of its own (docs/decisions/063). Nothing else server-only.",
      severity: "error",
      from: { path: "^app/i18n/i18n\\.ts$" },
      to: {
        path: ["\\.server\\.tsx?$", "^db/(?!schema)", "node_modules/(kysely|pg|@electric-sql|stripe|pg-boss|nodemailer|sharp)/"],
        pathNot: "^app/i18n/catalogues\\.server\\.ts$",
      },
    },
    {
      name: "only-payments-imports-stripe",
      comment: "The Stripe SDK stays behind the PaymentGateway port (docs/decisions/020).",
      severity: "error",
      from: { pathNot: "^app/payments/" },
      to: { path: "node_modules/stripe/" },
    },
    {
      name: "test-support-only-in-tests",
      comment: "app/test is for tests and test scripts only.",
      severity: "error",
      from: { path: "^(app|server|db)/", pathNot: ["^app/test/", "\\.test\\.tsx?$"] },
      to: { path: "^app/test/" },
    },
    notTo(
      "^app/ambassadors/",
      "^app/(lending|settlement|matching|needs|payouts|moderation|reputation|ideas|questions|privacy|community-loans|recurring)/",
      "ambassadors-imports-projects-and-pledges-only",
      "Ambassadors read projects and pledges (totals, statuses) and hear of pledge changes through pledgeTransitionEffects (docs/decisions/076); nothing else.",
    ),
    notTo(
      "^app/(projects|lending|pledges|settlement|matching|needs|payouts|moderation|reputation|ideas|questions|privacy|community-loans|recurring)/",
      "^app/ambassadors/",
      "no-feature-imports-ambassadors",
      "No feature imports the ambassadors: the pledge writer reaches them through the wiring's pledgeTransitionEffects; routes and pages combine them.",
    ),
    {
      name: "no-unresolvable",
      comment: "Every import resolves.",
      severity: "error",
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: ["\\.test\\.tsx?$", "^build/", "^public/", "^node_modules/", "^e2e/"] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "default", "types"],
      extensions: [".ts", ".tsx", ".js", ".mjs", ".cjs", ".json", ".d.ts"],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
