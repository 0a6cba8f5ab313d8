import { z } from "zod";

/**
 * Every kind of notification, with its preference category, whether it is transactional (sent even
 * when the category's e-mail is off), whether it shows in the in-app list, and the shape of its data.
 * Pure: no database, no env. Decision: docs/decisions/010-notifications-outbox.md.
 *
 * Adding a kind: add it here, then a template in ./templates.ts (a missing template is a type error).
 * Data is stored as JSON (plain strings and numbers only) and rendered at delivery time in the
 * recipient's language; links are app paths built from the ids by the template.
 */

import { isSwitchableCategory, type NotificationCategory, type SwitchableCategory } from "./categories";

export * from "./categories";

// ---- field shapes (plain JSON values only) ----
const text = (max = 300) => z.string().min(1).max(max);
const id = z.string().min(1).max(100);
const slug = z
  .string()
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/)
  .max(120);
const cents = z.number().int().min(0).max(100_000_000_00);
const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "YYYY-MM-DD");
const isoDateTime = z.iso.datetime({ offset: true }).or(isoDay);
/** A same-site app path ("/x", never "//evil" or "https://…"). */
const appPath = z
  .string()
  .max(500)
  .regex(/^\/(?![/\\])[^\s]*$/, "an app path starting with one /");
const token = z.string().min(20).max(200);

const project = { projectSlug: slug, projectTitle: text(200) };
const pledge = { pledgeId: id, ...project, amountCents: cents };
const loanPeriod = { loanId: id, itemTitle: text(200), otherPartyName: text(100), startsOn: isoDay, endsOn: isoDay };
const loanDay = { loanId: id, itemTitle: text(200), otherPartyName: text(100), date: isoDay };
/** A shift in the volunteer's words: its day, its local times ("10:00–13:00"), its place. */
const shift = { ...project, needId: id, shiftTitle: text(120), day: isoDay, time: z.string().regex(/^\d{2}:\d{2}–\d{2}:\d{2}$/), place: z.string().max(200) };
const needOffer = { ...project, needId: id, needTitle: text(120) };
const loanReview = { loanId: id, itemTitle: text(200), otherPartyName: text(100) };
const idea = { ideaId: id, ideaTitle: text(200) };
const memberRole = z.enum(["co_initiator", "helper"]);
const claim = { loanId: id, itemTitle: text(200), amountCents: cents };

const digestItem = z.object({ title: text(200), path: appPath, detail: z.string().max(300).optional() });
const digestSection = z.object({ key: z.string().min(1).max(60), title: text(120), items: z.array(digestItem).min(1).max(20) });

interface KindSpec<S extends z.ZodType<Record<string, unknown>>> {
  category: NotificationCategory;
  /** Sent even when the recipient switched e-mail off for the category (money, account security). */
  transactional: boolean;
  /** Listed on /notifications and counted by the bell (false for mails carrying secrets, the digest). */
  inApp: boolean;
  /** Fields holding secrets: removed from the stored data once the e-mail went out. */
  secretFields?: readonly string[];
  data: S;
}
const kind = <S extends z.ZodType<Record<string, unknown>>>(spec: KindSpec<S>) => spec;

export const notificationKinds = {
  // Account (always sent; not in the in-app list because they carry a token).
  "account.verify_email": kind({ category: "account", transactional: true, inApp: false, secretFields: ["token"], data: z.object({ token }) }),
  "account.password_reset": kind({ category: "account", transactional: true, inApp: false, secretFields: ["token"], data: z.object({ token }) }),
  // Sign-up with an address that has an account: the owner hears it (the form does not say so).
  "account.signup_existing": kind({ category: "account", transactional: true, inApp: false, data: z.object({}) }),

  // Projects. project.submitted goes to moderators; the lifecycle kinds go to the initiator
  // ("my projects"); backers hear about money through pledge.* and about news via update_posted.
  "project.submitted": kind({ category: "moderation", transactional: false, inApp: true, data: z.object(project) }),
  "project.approved": kind({
    category: "my_projects",
    transactional: false,
    inApp: true,
    data: z.object({ ...project, message: z.string().max(2000).optional() }),
  }),
  "project.changes_requested": kind({
    category: "my_projects",
    transactional: false,
    inApp: true,
    data: z.object({ ...project, message: z.string().max(2000).optional() }),
  }),
  "project.launched": kind({ category: "my_projects", transactional: false, inApp: true, data: z.object(project) }),
  "project.succeeded": kind({ category: "my_projects", transactional: false, inApp: true, data: z.object(project) }),
  "project.failed": kind({ category: "my_projects", transactional: false, inApp: true, data: z.object(project) }),
  "project.update_posted": kind({ category: "projects_backed", transactional: false, inApp: true, data: z.object({ ...project, updateTitle: text(200) }) }),
  // The initiator: a new backer (issue 13 §17), named as the backer allowed.
  "project.new_backer": kind({
    category: "my_projects",
    transactional: false,
    inApp: true,
    data: z.object({ ...project, amountCents: cents, backerName: text(100).optional() }),
  }),
  "project.comment_posted": kind({ category: "my_projects", transactional: false, inApp: true, data: z.object({ ...project, authorName: text(100) }) }),

  // A project's team (app/projects/team.server.ts, decision 071): to the invitee, the initiator, the member.
  "team.invited": kind({
    category: "my_projects",
    transactional: false,
    inApp: true,
    data: z.object({ ...project, role: memberRole, inviterName: text(100) }),
  }),
  "team.accepted": kind({
    category: "my_projects",
    transactional: false,
    inApp: true,
    data: z.object({ ...project, role: memberRole, memberName: text(100) }),
  }),
  "team.declined": kind({
    category: "my_projects",
    transactional: false,
    inApp: true,
    data: z.object({ ...project, role: memberRole, memberName: text(100) }),
  }),
  "team.removed": kind({ category: "my_projects", transactional: false, inApp: true, data: z.object({ ...project, role: memberRole }) }),
  "team.role_changed": kind({ category: "my_projects", transactional: false, inApp: true, data: z.object({ ...project, role: memberRole }) }),

  // Pledges (to the backer).
  "pledge.saved": kind({ category: "projects_backed", transactional: false, inApp: true, data: z.object(pledge) }),
  // A receipt for money taken (issue 13 §17): always sent, linking to the receipt page.
  "pledge.charged": kind({ category: "projects_backed", transactional: true, inApp: true, data: z.object(pledge) }),
  "pledge.payment_failed": kind({
    category: "projects_backed",
    transactional: true,
    inApp: true,
    data: z.object({ ...pledge, fixPath: appPath, fixUntil: isoDateTime }),
  }),
  "pledge.dropped": kind({ category: "projects_backed", transactional: false, inApp: true, data: z.object(pledge) }),
  "pledge.released": kind({ category: "projects_backed", transactional: false, inApp: true, data: z.object(pledge) }),
  "pledge.refunded": kind({
    category: "projects_backed",
    transactional: true,
    inApp: true,
    // A moderator's refund says why.
    data: z.object({ ...pledge, reason: text(500).optional() }),
  }),

  // Volunteer shifts (to the volunteer): the day before, and when the initiator cancels one.
  "shift.reminder": kind({ category: "projects_backed", transactional: false, inApp: true, data: z.object(shift) }),
  "shift.cancelled": kind({ category: "projects_backed", transactional: false, inApp: true, data: z.object(shift) }),
  // Skills and things: a neighbour's offer (to the initiator), the initiator's yes (to the neighbour).
  "need.offered": kind({ category: "my_projects", transactional: false, inApp: true, data: z.object(needOffer) }),
  "need.offer_accepted": kind({ category: "projects_backed", transactional: false, inApp: true, data: z.object(needOffer) }),

  // Loans (to the other party of the step: requests to the owner, answers to the borrower).
  "loan.requested": kind({ category: "loans", transactional: false, inApp: true, data: z.object(loanPeriod) }),
  "loan.accepted": kind({ category: "loans", transactional: false, inApp: true, data: z.object(loanPeriod) }),
  "loan.declined": kind({ category: "loans", transactional: false, inApp: true, data: z.object(loanPeriod) }),
  "loan.expired": kind({ category: "loans", transactional: false, inApp: true, data: z.object(loanPeriod) }),
  "loan.cancelled": kind({ category: "loans", transactional: false, inApp: true, data: z.object(loanPeriod) }),
  // Extensions: the request to the owner (endsOn is the asked-for last day), the answer to the borrower.
  "loan.extension_requested": kind({ category: "loans", transactional: false, inApp: true, data: z.object(loanPeriod) }),
  "loan.extension_accepted": kind({ category: "loans", transactional: false, inApp: true, data: z.object(loanPeriod) }),
  "loan.extension_declined": kind({ category: "loans", transactional: false, inApp: true, data: z.object(loanPeriod) }),
  "loan.pickup_reminder": kind({ category: "loans", transactional: false, inApp: true, data: z.object(loanDay) }),
  "loan.return_reminder": kind({ category: "loans", transactional: false, inApp: true, data: z.object(loanDay) }),
  // Both sides are told, each in their own words (issue 13 §5): older rows have no side (the borrower's).
  "loan.overdue": kind({
    category: "loans",
    transactional: false,
    inApp: true,
    data: z.object({ ...loanDay, side: z.enum(["owner", "borrower"]).optional() }),
  }),
  "loan.claim_filed": kind({ category: "loans", transactional: false, inApp: true, data: z.object(claim) }),
  "loan.claim_resolved": kind({ category: "loans", transactional: false, inApp: true, data: z.object(claim) }),
  // An owner offers an item (to a neighbour, a wanted post or a project): to the borrower side; its answer to the owner.
  "loan.offered": kind({ category: "loans", transactional: false, inApp: true, data: z.object(loanPeriod) }),
  "loan.offer_accepted": kind({ category: "loans", transactional: false, inApp: true, data: z.object(loanPeriod) }),
  "loan.offer_declined": kind({ category: "loans", transactional: false, inApp: true, data: z.object(loanPeriod) }),
  // Messages that reach people (issue 12): a new message, a handover confirmation, the return, the deposit — to the other party.
  "loan.message": kind({
    category: "loans",
    transactional: false,
    inApp: true,
    data: z.object({ loanId: id, itemTitle: text(200), otherPartyName: text(100) }),
  }),
  "loan.handover_confirmed": kind({ category: "loans", transactional: false, inApp: true, data: z.object({ ...loanPeriod, complete: z.boolean() }) }),
  "loan.returned": kind({ category: "loans", transactional: false, inApp: true, data: z.object(loanPeriod) }),
  "loan.deposit_held": kind({ category: "loans", transactional: false, inApp: true, data: z.object({ ...claim, side: z.enum(["owner", "borrower"]) }) }),
  "loan.deposit_released": kind({ category: "loans", transactional: false, inApp: true, data: z.object({ ...claim, side: z.enum(["owner", "borrower"]) }) }),
  // A circle's owner invites an account by e-mail (docs/decisions/061): the join link.
  "circle.invited": kind({
    category: "loans",
    transactional: false,
    inApp: true,
    data: z.object({ circleName: text(80), ownerName: text(100), token: z.string().regex(/^[0-9a-f-]{36}\.[A-Za-z0-9_-]{43}$/) }),
  }),
  "wanted.match": kind({
    category: "loans",
    transactional: false,
    inApp: true,
    data: z.object({ wantedId: id, wantedTitle: text(200), itemTitle: text(200) }),
  }),

  // Moderators' actions (to the author; docs/decisions/060): always sent, they are about the account.
  "moderation.content_hidden": kind({
    category: "moderation",
    transactional: true,
    inApp: true,
    data: z.object({ title: text(200), path: appPath, reason: text(1000) }),
  }),
  "moderation.warned": kind({ category: "moderation", transactional: true, inApp: true, data: z.object({ title: text(200), reason: text(1000) }) }),
  // A suspended member cannot sign in to see the bell: e-mail only.
  "account.suspended": kind({ category: "account", transactional: true, inApp: false, data: z.object({ reason: text(1000) }) }),
  // Reviews after a loan (app/reputation, docs/decisions/059): the invitation when the loan ends,
  // "the other side reviewed you" (review back to see it: double-blind), and both published.
  "review.invite": kind({ category: "reviews", transactional: false, inApp: true, data: z.object(loanReview) }),
  "review.received": kind({ category: "reviews", transactional: false, inApp: true, data: z.object(loanReview) }),
  "review.published": kind({ category: "reviews", transactional: false, inApp: true, data: z.object(loanReview) }),

  // Moderation outcome (to the person whose content or report was handled).
  "moderation.outcome": kind({
    category: "moderation",
    transactional: false,
    inApp: true,
    data: z.object({ subject: text(200), outcome: text(200), note: z.string().max(2000).optional() }),
  }),

  // Payouts (to the initiator, app/payouts, docs/decisions/053): on its way, at the bank, came back.
  "payout.sent": kind({ category: "my_projects", transactional: true, inApp: true, data: z.object({ ...project, amountCents: cents }) }),
  "payout.paid": kind({ category: "my_projects", transactional: true, inApp: true, data: z.object({ ...project, amountCents: cents }) }),
  "payout.failed": kind({ category: "my_projects", transactional: true, inApp: true, data: z.object({ ...project, amountCents: cents }) }),

  // Matching (to an organisation's admins, app/matching, docs/decisions/062): the charge of an
  // obligation on the saved method failed; it stays owed (a transfer, or a new method). About money: always e-mailed.
  "matching.charge_failed": kind({
    category: "my_projects",
    transactional: true,
    inApp: true,
    data: z.object({ organisationSlug: slug, organisationName: text(120), ...project, amountCents: cents }),
  }),

  // Reconciliation with the payment gateway (to admins; docs/decisions/027): a run found
  // differences, or could not run. One per run (dedupe key), always e-mailed: it is about money.
  "reconciliation.alert": kind({
    category: "moderation",
    transactional: true,
    inApp: true,
    data: z.object({
      runId: id,
      outcome: z.enum(["differences", "failed"]),
      differences: z.number().int().min(0).max(1_000_000),
      newDifferences: z.number().int().min(0).max(1_000_000),
      gateway: z.enum(["simulated", "stripe"]),
    }),
  }),

  // The neighbourhood board (app/ideas, issue 14): to the poster, supporters and helpers of a post.
  "idea.answered": kind({
    category: "ideas",
    transactional: false,
    inApp: true,
    data: z.object({
      ...idea,
      organisationName: text(120),
      status: z.enum(["received", "looking", "planned", "done", "not_possible"]),
      changed: z.boolean(),
      /** The recipient posted it (else: supports or helps). */
      mine: z.boolean(),
    }),
  }),
  "idea.helper_joined": kind({ category: "ideas", transactional: false, inApp: true, data: z.object({ ...idea, helperName: text(100) }) }),
  "idea.commented": kind({ category: "ideas", transactional: false, inApp: true, data: z.object({ ...idea, authorName: text(100) }) }),
  "idea.maker_allowed": kind({ category: "ideas", transactional: false, inApp: true, data: z.object({ ...idea, posterName: text(100) }) }),
  "idea.project_launched": kind({ category: "ideas", transactional: false, inApp: true, data: z.object({ ...idea, ...project }) }),

  // Questions to a project's team (app/questions, issue 15): a new question or suggestion and the
  // reminder after 3 days (to the team: "my projects"), the answer (to the asker, who follows the project).
  "question.asked": kind({
    category: "my_projects",
    transactional: false,
    inApp: true,
    data: z.object({ ...project, questionId: id, askerName: text(100), suggestion: z.boolean(), private: z.boolean() }),
  }),
  "question.reminder": kind({
    category: "my_projects",
    transactional: false,
    inApp: true,
    data: z.object({ ...project, questionId: id, askerName: text(100), askedOn: isoDay }),
  }),
  "question.answered": kind({
    category: "projects_backed",
    transactional: false,
    inApp: true,
    data: z.object({ ...project, questionId: id, suggestion: z.boolean() }),
  }),
  // Your data is yours (app/privacy, decision 074): the archive a member asked for is ready.
  "privacy.export_ready": kind({ category: "account", transactional: true, inApp: true, data: z.object({ exportId: id, expiresOn: isoDay }) }),

  // Community loans (buurtlening, app/community-loans, issue 16): the loan started (to each lender:
  // the agreement is ready), a repayment reached the lender, an installment is due soon (initiator),
  // an installment is late (the initiator, with weekly reminders, and once each lender). Money: transactional.
  "community_loan.started": kind({
    category: "projects_backed",
    transactional: true,
    inApp: true,
    data: z.object({ ...project, loanId: id, amountCents: cents, months: z.number().int().min(1).max(120) }),
  }),
  "community_loan.repayment_received": kind({
    category: "projects_backed",
    transactional: true,
    inApp: true,
    data: z.object({ ...project, loanId: id, n: z.number().int().min(1), amountCents: cents, dueOn: isoDay }),
  }),
  "community_loan.due_soon": kind({
    category: "my_projects",
    transactional: true,
    inApp: true,
    data: z.object({ ...project, loanId: id, n: z.number().int().min(1), amountCents: cents, dueOn: isoDay }),
  }),
  "community_loan.late": kind({
    category: "my_projects",
    transactional: true,
    inApp: true,
    data: z.object({ ...project, loanId: id, n: z.number().int().min(1), amountCents: cents, dueOn: isoDay, borrower: z.boolean() }),
  }),
  // What the repayments owe a lender reached their bank, or the bank returned it (decision 081).
  "community_loan.payout_paid": kind({
    category: "projects_backed",
    transactional: true,
    inApp: true,
    data: z.object({ ...project, loanId: id, amountCents: cents }),
  }),
  "community_loan.payout_failed": kind({
    category: "projects_backed",
    transactional: true,
    inApp: true,
    data: z.object({ ...project, loanId: id, amountCents: cents }),
  }),

  // The weekly neighbourhood digest (opt-in e-mail; built by app/notifications/digest.server.ts).
  "digest.weekly": kind({
    category: "digest",
    transactional: false,
    inApp: false,
    data: z.object({ weekOf: isoDay, neighbourhoodName: text(100), sections: z.array(digestSection).min(1).max(10) }),
  }),

  // Monthly gifts (issue 16, app/recurring, decision 077), to the giver.
  "recurring.started": kind({ category: "projects_backed", transactional: false, inApp: true, data: z.object({ giftId: id, ...project, amountCents: cents }) }),
  // A receipt per paid month: always sent.
  "recurring.paid": kind({
    category: "projects_backed",
    transactional: true,
    inApp: true,
    data: z.object({ giftId: id, ...project, amountCents: cents, period: z.string().regex(/^\d{4}-\d{2}$/) }),
  }),
  "recurring.payment_failed": kind({
    category: "projects_backed",
    transactional: true,
    inApp: true,
    data: z.object({ giftId: id, ...project, amountCents: cents, fixPath: appPath }),
  }),
  "recurring.cancelled": kind({
    category: "projects_backed",
    transactional: true,
    inApp: true,
    /** `targetClosed`: the project stopped running (or the fund closed), so its gifts stop. */
    data: z.object({ giftId: id, ...project, amountCents: cents, bySystem: z.boolean(), targetClosed: z.boolean().optional() }),
  }),

  // Milestone prompts (issue 16, app/ambassadors, decision 076): a project reached 25/50/75/100% of
  // its goal; each backer and the team hear it once, with a link to their share kit (their own link).
  "ambassador.milestone_backer": kind({
    category: "projects_backed",
    transactional: false,
    inApp: true,
    data: z.object({ ...project, milestone: z.union([z.literal(25), z.literal(50), z.literal(75), z.literal(100)]) }),
  }),
  "ambassador.milestone_team": kind({
    category: "my_projects",
    transactional: false,
    inApp: true,
    data: z.object({ ...project, milestone: z.union([z.literal(25), z.literal(50), z.literal(75), z.literal(100)]) }),
  }),
} as const;

type Kinds = typeof notificationKinds;
export type NotificationKind = keyof Kinds;
/** The data a kind carries (what `notify()` accepts for it). */
export type NotificationData<K extends NotificationKind> = z.input<Kinds[K]["data"]>;
export type DigestSectionData = z.output<typeof digestSection>;
export type DigestItemData = z.output<typeof digestItem>;

export const allNotificationKinds = Object.keys(notificationKinds) as NotificationKind[];

export function isNotificationKind(value: unknown): value is NotificationKind {
  return typeof value === "string" && Object.hasOwn(notificationKinds, value);
}

export function kindSpec<K extends NotificationKind>(k: K): Kinds[K] {
  return notificationKinds[k];
}

/**
 * Validates a kind's data. Throws on a programming error (wrong shape), which rolls back the
 * caller's transaction — a test of the feature that calls notify() will show it at once.
 */
export function parseNotificationData<K extends NotificationKind>(k: K, data: unknown): NotificationData<K> {
  const result = notificationKinds[k].data.safeParse(data);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.join(".") || "(data)"}: ${i.message}`).join("; ");
    throw new TypeError(`notify(${k}): invalid data — ${problems}`);
  }
  return result.data as NotificationData<K>;
}

/** Whether e-mail goes out for this kind, given the recipient's setting for its category. */
export function wantsEmail(k: NotificationKind, emailOn: (category: SwitchableCategory) => boolean): boolean {
  const spec = notificationKinds[k];
  if (spec.transactional || !isSwitchableCategory(spec.category)) return true;
  return emailOn(spec.category);
}
