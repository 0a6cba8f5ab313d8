/**
 * THE wiring: every feature's contribution to the platform's extension points, in one place
 * (docs/decisions/024-wiring-and-extension-points.md). The infrastructure modules (jobs, payments,
 * ledger, notifications) and the projects writer take these lists from `services.extensions`; none of
 * them imports a feature. No other file imports a feature's contribution.
 *
 * To add one: export it from your feature (e.g. `export const myJob = defineJob({...})` in
 * app/<feature>/jobs.server.ts) and list it here.
 */
import { pruneRateLimits } from "./jobs/maintenance.server";
import { sealLedgerJob } from "./ledger/seal.server";
import { lendingJobs } from "./lending/jobs.server";
import { registerBorrowGates, registerLoanTransitionEffects } from "./lending/loans.server";
import { loanCalendarSource, newItemsNearMeSection, wantedNearMeSection } from "./lending/calendar.server";
import { handleDepositGatewayEvent } from "./lending/gateway-events.server";
import { depositsMatchLedger } from "./lending/ledger-checks.server";
import { depositReconciler } from "./lending/reconciler.server";
import { shiftCalendarSource, shiftRemindersJob } from "./needs/jobs.server";
import { needsPledgeCompanion } from "./needs/companion.server";
import { deliverNotificationsJob } from "./notifications/delivery.server";
import { weeklyDigestJob } from "./notifications/digest.server";
import { simulatedGatewaySweep } from "./payments/simulated/job.server";
import { handleTestPurposeEvent } from "./payments/test-purpose.server";
import { matchOnPledgeChange, settleMatchingWhenProjectEnds } from "./matching/matching.server";
import { fundsWithinTheirMoney, matchingMatchesLedger } from "./matching/ledger-checks.server";
import { handleMatchingGatewayEvent } from "./matching/charges.server";
import { matchingChargesJob } from "./matching/jobs.server";
import { matchingReconciler } from "./matching/reconciler.server";
import { handlePledgeGatewayEvent } from "./pledges/gateway-events.server";
import { registerPledgeTransitionEffects } from "./pledges/pledge-effects.server";
import { registerPledgeCompanions } from "./pledges/companions.server";
import { followLoanForNeed } from "./needs/loan-needs.server";
import { pledgeFeesWithinCharges, projectBalancesMatchCollected, projectCommitmentsMatchPledges } from "./pledges/ledger-checks.server";
import { pledgeReconciler } from "./pledges/reconciler.server";
import { payoutGatewayEventHandler } from "./payouts/gateway-events.server";
import { payOutDueJob } from "./payouts/job.server";
import { payoutsMatchLedger } from "./payouts/ledger-checks.server";
import { reconciliationJob } from "./reconciliation/job.server";
import { reputationTrustGates } from "./reputation/gates.server";
import { reputationReportables } from "./reputation/reportables.server";
import { refreshOnLoanChange, refreshOnPledgeChange, refreshOnProjectChange, reputationNightlyJob } from "./reputation/effects.server";
import { notBookedReconciler } from "./reconciliation/reconcile.server";
import { registerLaunchGates } from "./projects/projects.server";
import { endingSoonSection, newProjectsSection, projectDeadlineSource } from "./projects/calendar.server";
import { projectReportables } from "./projects/reportables.server";
import { ideaReportables } from "./ideas/reportables.server";
import { questionReportables } from "./questions/reportables.server";
import { questionsPersonalData } from "./questions/personal-data.server";
import { questionRemindersJob } from "./questions/jobs.server";
import { tellSupportersOfLaunch } from "./ideas/ideas.server";
import { ideaMapLayer } from "./ideas/map-layer.server";
import { boardDigestSection } from "./ideas/digest.server";
import { projectMapLayer } from "./projects/map-layer.server";
import { itemMapLayer } from "./lending/map-layer.server";
import { lendingImpact, lendingNeighbourhoodFeed } from "./lending/neighbourhood-feed.server";
import { ideaNeighbourhoodFeed } from "./ideas/neighbourhood-feed.server";
import { shiftImpact, shiftNeighbourhoodFeed } from "./needs/neighbourhood-feed.server";
import { projectImpact, projectNeighbourhoodFeed } from "./projects/neighbourhood-feed.server";
import { pledgeImpact } from "./pledges/impact.server";
import { declineRequestsOfSuspended, lendingReportables } from "./lending/reportables.server";
import { USER_KIND, userReportable } from "./moderation/reports.server";
import type { Extensions } from "./services.server";
import { settleDueJob } from "./settlement/job.server";
import { sweepUploadsJob } from "./storage/sweep.server";
import { backfillImageVariantsJob } from "./storage/backfill.server";
import { releasePledgesWhenProjectEnds } from "./settlement/release.server";
import { dataExportsJob } from "./privacy/jobs.server";
import { corePersonalData } from "./privacy/core-data.server";
import { lendingPersonalData } from "./lending/personal-data.server";
import { pledgesPersonalData } from "./pledges/personal-data.server";
import { projectsPersonalData } from "./projects/personal-data.server";
import { ideasPersonalData } from "./ideas/personal-data.server";
import { reputationPersonalData } from "./reputation/personal-data.server";
import { needsPersonalData } from "./needs/personal-data.server";
import { payoutsPersonalData } from "./payouts/personal-data.server";
import { moderationPersonalData } from "./moderation/personal-data.server";
import { startLoanOnPledgeChange } from "./community-loans/community-loans.server";
import { communityLoansPersonalData } from "./community-loans/personal-data.server";
import { handleLenderPayoutGatewayEvent, lenderPayoutsMatchLedger, payLendersJob } from "./community-loans/lender-payouts.server";
import {
  communityLoanReconciler,
  communityLoansDailyJob,
  communityLoansMatchLedger,
  handleCommunityLoanGatewayEvent,
} from "./community-loans/repayments.server";
import { recurringChargesJob } from "./recurring/jobs.server";
import { handleRecurringGatewayEvent } from "./recurring/gateway-events.server";
import { recurringPaymentsMatchLedger } from "./recurring/ledger-checks.server";
import { recurringReconciler } from "./recurring/reconciler.server";
import { recurringPersonalData } from "./recurring/personal-data.server";
import { creditAmbassadorOnPledge } from "./ambassadors/ambassadors.server";
import { announceMilestonesOnPledgeChange } from "./ambassadors/milestones.server";
import { ambassadorsPersonalData } from "./ambassadors/personal-data.server";

// Also handed to the payout event handler: a paid payout moves its project through the projects writer.
// Reputation last: the initiator's record counts the project as succeeded once the rest is done.
const projectTransitionEffects = [releasePledgesWhenProjectEnds, settleMatchingWhenProjectEnds, refreshOnProjectChange, tellSupportersOfLaunch];

export const extensions: Extensions = {
  jobs: [
    pruneRateLimits,
    // Uploads nothing refers to, after a day (a form that failed after storing its photos).
    sweepUploadsJob,
    // Smaller image files for uploads from before migration 0031 (docs/decisions/064).
    backfillImageVariantsJob,
    // The simulated gateway first (holds expire, SEPA settles), then the features' sweeps.
    simulatedGatewaySweep,
    // Settlement: decide projects past their deadline, charge, refund, drop (app/settlement/).
    settleDueJob,
    // Organisations' matching obligations charged on their saved methods, before the payouts (app/matching/).
    matchingChargesJob,
    // Payouts once settlement is complete (app/payouts/, docs/decisions/053).
    payOutDueJob,
    // Lenders of community loans receive what the repayments owe them (app/community-loans, decision 081).
    payLendersJob,
    ...lendingJobs,
    // Monthly gifts whose month is due, charged on their saved method (app/recurring/, decision 077).
    recurringChargesJob,
    // The day before a volunteer shift (app/needs/).
    shiftRemindersJob,
    // Daily: the team of a question still unanswered after 3 days, once (app/questions/).
    questionRemindersJob,
    // Nightly: every member's record and level from the events; "published" notices for reviews whose 14 days ended.
    reputationNightlyJob,
    // Hourly: the gateway's own record against the ledger, after the sweeps that heal (decision 027).
    reconciliationJob,
    // The digest before delivery, so one run-due both builds and sends it.
    weeklyDigestJob,
    // After every sweep that posts journals: seal them into their chains (docs/decisions/051).
    sealLedgerJob,
    // Members' data archives prepared and announced, old ones deleted (app/privacy, decision 074).
    dataExportsJob,
    // Daily: community loans that should have started, late installments flagged, reminders (app/community-loans).
    communityLoansDailyJob,
    // Last: features' sweeps (settlement, reminders …) notify; this delivers in the same run.
    deliverNotificationsJob,
  ],
  gatewayEventHandlers: {
    test: handleTestPurposeEvent, // the payments try-out page and tests
    deposit: handleDepositGatewayEvent, // app/lending/gateway-events.server.ts
    pledge: handlePledgeGatewayEvent, // app/pledges/gateway-events.server.ts
    matching: handleMatchingGatewayEvent, // app/matching/charges.server.ts: organisations' saved methods and charges
    payout: payoutGatewayEventHandler(projectTransitionEffects), // app/payouts/gateway-events.server.ts
    community_loan: handleCommunityLoanGatewayEvent, // app/community-loans/repayments.server.ts: initiators' repayments
    community_loan_payout: handleLenderPayoutGatewayEvent, // app/community-loans/lender-payouts.server.ts: lenders' payouts (decision 081)
    recurring: handleRecurringGatewayEvent, // app/recurring/gateway-events.server.ts: monthly gifts
  },
  ledgerChecks: [
    projectBalancesMatchCollected,
    projectCommitmentsMatchPledges,
    pledgeFeesWithinCharges,
    payoutsMatchLedger,
    depositsMatchLedger,
    matchingMatchesLedger,
    fundsWithinTheirMoney, // app/matching: neighbourhood funds (decision 080)
    communityLoansMatchLedger,
    lenderPayoutsMatchLedger,
    recurringPaymentsMatchLedger,
  ],
  // The gateway's own record against the ledger, per metadata.purpose (docs/decisions/027).
  reconcilers: {
    test: notBookedReconciler("the payments try-out page: books nothing"),
    deposit: depositReconciler, // app/lending/reconciler.server.ts
    pledge: pledgeReconciler, // app/pledges/reconciler.server.ts
    matching: matchingReconciler, // app/matching/reconciler.server.ts
    community_loan: communityLoanReconciler, // app/community-loans/repayments.server.ts
    recurring: recurringReconciler, // app/recurring/reconciler.server.ts
    // Payouts are transfers, not payments or refunds: listActivity does not list them (decision 053).
  },
  digestSections: [newProjectsSection, endingSoonSection, newItemsNearMeSection, wantedNearMeSection, boardDigestSection],
  calendarSources: [projectDeadlineSource, loanCalendarSource, shiftCalendarSource],
  // Matching settles after the pledges are released: obligations booked, or the budget freed (app/matching/).
  projectTransitionEffects,
  // Matching is recomputed in every pledge change's transaction (docs/decisions/056).
  // The reputation projection follows every pledge change too (app/reputation, docs/decisions/059).
  // A new pledge's ambassador and the milestone prompts are decided in its transaction too (app/ambassadors,
  // decision 076); a community loan starts on its last charge (app/community-loans, decision 078).
  pledgeTransitionEffects: [matchOnPledgeChange, refreshOnPledgeChange, creditAmbassadorOnPledge, announceMilestonesOnPledgeChange, startLoanOnPledgeChange],
  // A material need lent from the library follows its loan (app/needs/loan-needs.server.ts); both
  // parties' records follow every loan event that counts (app/reputation, docs/decisions/059).
  loanTransitionEffects: [followLoanForNeed, refreshOnLoanChange],
  // The pledge form also takes shifts and an offer: given in the pledge's transaction, or not at all (app/needs/).
  pledgeCompanions: [needsPledgeCompanion],
  // What neighbours can report, by kind (app/moderation, docs/decisions/060): project, comment,
  // update; item, loan_message, wanted; review (published ones only); idea, idea_comment; question; user.
  reportables: {
    ...projectReportables,
    ...lendingReportables,
    ...reputationReportables,
    ...ideaReportables,
    ...questionReportables,
    [USER_KIND]: userReportable,
  },
  // A suspended member's pending loan requests are declined with a message (app/lending).
  userSuspensionEffects: [declineRequestsOfSuspended],
  // Who may borrow what and launch a project, by trust level: lending and projects ask, reputation answers.
  trustGates: reputationTrustGates,
  // What /map shows, one layer per kind, each only what its public list shows (docs/decisions/068-map.md).
  mapLayers: [projectMapLayer, itemMapLayer, ideaMapLayer],
  // What /buurt/<slug> lists to do, get and see, each only what its public list shows (docs/decisions/073).
  neighbourhoodFeed: [projectNeighbourhoodFeed, shiftNeighbourhoodFeed, lendingNeighbourhoodFeed, ideaNeighbourhoodFeed],
  // "What we did together", in this order: money raised, projects funded, volunteer hours, items lent, saved (estimate).
  impactFigures: [pledgeImpact, projectImpact, shiftImpact, lendingImpact],
  // A member's data, feature by feature: the archive's tables, what blocks an erasure, the erasure
  // (docs/decisions/074). The account's own tables last: it deletes the uploads the others let go of.
  personalData: [
    projectsPersonalData,
    pledgesPersonalData,
    payoutsPersonalData,
    lendingPersonalData,
    reputationPersonalData,
    needsPersonalData,
    ideasPersonalData,
    moderationPersonalData,
    questionsPersonalData,
    recurringPersonalData,
    ambassadorsPersonalData,
    communityLoansPersonalData,
    corePersonalData,
  ],
};

// The pledge writer is called from too many places to take the list as an argument; it gets it
// here, once, wherever the wiring is loaded (app/pledges/pledge-effects.server.ts).
registerPledgeTransitionEffects(extensions.pledgeTransitionEffects);
registerPledgeCompanions(extensions.pledgeCompanions);
// The same for the loan writer (app/lending/loan-writer.server.ts).
registerLoanTransitionEffects(extensions.loanTransitionEffects);
// The trust gates, for the loan opening and the project writer (app/lending, app/projects).
registerBorrowGates(extensions.trustGates);
registerLaunchGates(extensions.trustGates);
