import { formatDate, formatMoney, formatPeriod } from "../i18n/format";
import type { Locale } from "../i18n/i18n";
import type { DigestSectionData, NotificationData, NotificationKind } from "./kinds";

/**
 * What each kind of notification says, in Dutch and English, and where its link goes. Pure: the
 * layout (./email-layout.ts) turns this into the e-mail's text and HTML parts and the in-app item.
 * `templates` is typed over every NotificationKind: a kind without a template is a type error.
 *
 * Copy is plain text; the layout escapes it for HTML. Texts shared by all mails (footer, category
 * names) live in the UI catalogue app/i18n/messages/notifications.ts.
 */
export interface Copy {
  subject: string;
  /** Paragraphs of the body. */
  body: string[];
  /** Label of the button/link to the template's path. */
  action: string;
  /** Only the digest: headed lists of links. */
  sections?: DigestSectionData[];
}

export interface Formatters {
  money(cents: number): string;
  date(isoDate: string): string;
  /** Two days "YYYY-MM-DD": "van … tot en met …", or "op …" for one day (with its own preposition). */
  period(fromDay: string, toDay: string): string;
}

interface KindTemplate<K extends NotificationKind> {
  /** The app path the message links to (built from the ids in the data). */
  path(data: NotificationData<K>): string;
  nl(data: NotificationData<K>, f: Formatters): Copy;
  en(data: NotificationData<K>, f: Formatters): Copy;
}

type Templates = { [K in NotificationKind]: KindTemplate<K> };

/**
 * Pages of features still being built (projects, lending) are linked from here, in one place:
 * adjust a path when its route lands.
 */
export const paths = {
  project: (slug: string) => `/projects/${encodeURIComponent(slug)}`,
  projectDashboard: (slug: string) => `/projects/${encodeURIComponent(slug)}/dashboard`,
  shareKit: (slug: string) => `/projects/${encodeURIComponent(slug)}/share`,
  moderationQueue: () => "/moderation",
  myPledges: () => "/me/pledges",
  receipt: (pledgeId: string) => `/me/pledges/${encodeURIComponent(pledgeId)}`,
  loan: (loanId: string) => `/loans/${encodeURIComponent(loanId)}`,
  loanReviews: (loanId: string) => `/loans/${encodeURIComponent(loanId)}#reviews`,
  items: () => "/items",
  // The wanted board, all neighbourhoods, scrolled to the post (its offer form is there).
  wanted: (wantedId: string) => `/wanted?all=1#wanted-${encodeURIComponent(wantedId)}`,
  notifications: () => "/notifications",
  reconciliation: (runId: string) => `/admin/reconciliation#run-${encodeURIComponent(runId)}`,
  verifyEmail: (token: string) => `/verify-email?${new URLSearchParams({ token })}`,
  resetPassword: (token: string) => `/reset-password?${new URLSearchParams({ token })}`,
  login: () => "/login",
  home: () => "/",
  organisation: (slug: string) => `/organisations/${encodeURIComponent(slug)}`,
  idea: (ideaId: string) => `/ideas/${encodeURIComponent(ideaId)}`,
};

const ideaStatusNl = { received: "ontvangen", looking: "wordt bekeken", planned: "gepland", done: "opgelost", not_possible: "niet mogelijk" } as const;
const ideaStatusEn = { received: "received", looking: "being looked at", planned: "planned", done: "done", not_possible: "not possible" } as const;

const quoteNl = (s: string) => `‘${s}’`;
const quoteEn = (s: string) => `‘${s}’`;
const roleNl = { co_initiator: "mede-initiatiefnemer", helper: "helper" } as const;
const roleEn = { co_initiator: "co-initiator", helper: "helper" } as const;

export const templates: Templates = {
  "account.verify_email": {
    path: (d) => paths.verifyEmail(d.token),
    nl: () => ({
      subject: "Bevestig je e-mailadres",
      body: [
        "Welkom bij Buurtkracht! Bevestig je e-mailadres, dan weten we zeker dat berichten over je steun en je leningen bij jou aankomen.",
        "De link werkt 7 dagen. Heb je geen account aangemaakt? Dan kun je dit bericht negeren.",
      ],
      action: "E-mailadres bevestigen",
    }),
    en: () => ({
      subject: "Confirm your e-mail address",
      body: [
        "Welcome to Buurtkracht! Please confirm your e-mail address, so we know that messages about your pledges and loans reach you.",
        "The link works for 7 days. Did you not create an account? Then you can ignore this message.",
      ],
      action: "Confirm e-mail address",
    }),
  },
  "account.password_reset": {
    path: (d) => paths.resetPassword(d.token),
    nl: () => ({
      subject: "Kies een nieuw wachtwoord",
      body: [
        "Iemand (hopelijk jij) vroeg om een nieuw wachtwoord voor je Buurtkracht-account.",
        "De link werkt 1 uur en maar één keer. Heb je niets aangevraagd? Dan hoef je niets te doen: je wachtwoord blijft hetzelfde.",
      ],
      action: "Nieuw wachtwoord kiezen",
    }),
    en: () => ({
      subject: "Choose a new password",
      body: [
        "Someone (hopefully you) asked for a new password for your Buurtkracht account.",
        "The link works for 1 hour and only once. Did you not ask for this? Then you need not do anything: your password stays the same.",
      ],
      action: "Choose a new password",
    }),
  },

  "account.signup_existing": {
    path: () => paths.login(),
    nl: () => ({
      subject: "Je hebt al een account bij Buurtkracht",
      body: [
        "Iemand (waarschijnlijk jij) probeerde een nieuw account aan te maken met dit e-mailadres. Je hebt er al een: log in met de knop hieronder.",
        "Weet je je wachtwoord niet meer? Kies op de inlogpagina ‘Wachtwoord vergeten?’. Was jij dit niet? Dan hoef je niets te doen.",
      ],
      action: "Inloggen",
    }),
    en: () => ({
      subject: "You already have a Buurtkracht account",
      body: [
        "Someone (probably you) tried to create a new account with this e-mail address. You already have one: log in with the button below.",
        "Forgot your password? Choose ‘Forgot your password?’ on the login page. Was this not you? Then you need not do anything.",
      ],
      action: "Log in",
    }),
  },

  "project.submitted": {
    path: () => paths.moderationQueue(),
    nl: (d) => ({
      subject: `Nieuw project ter beoordeling: ${d.projectTitle}`,
      body: [`${quoteNl(d.projectTitle)} is ingediend en wacht op je beoordeling. Kijk vooral goed naar het financieringsplan.`],
      action: "Naar de beoordelingen",
    }),
    en: (d) => ({
      subject: `New project to review: ${d.projectTitle}`,
      body: [`${quoteEn(d.projectTitle)} has been submitted and is waiting for your review. Look closely at the funding plan.`],
      action: "Go to reviews",
    }),
  },
  "project.approved": {
    path: (d) => paths.project(d.projectSlug),
    nl: (d) => ({
      subject: `Je project is goedgekeurd: ${d.projectTitle}`,
      body: [
        `Goed nieuws: de moderatoren hebben ${quoteNl(d.projectTitle)} goedgekeurd. Je kunt het project nu lanceren; de looptijd begint zodra je op Lanceren drukt.`,
        ...(d.message ? [`Bericht van de moderator: ${quoteNl(d.message)}`] : []),
      ],
      action: "Naar je project",
    }),
    en: (d) => ({
      subject: `Your project has been approved: ${d.projectTitle}`,
      body: [
        `Good news: the moderators approved ${quoteEn(d.projectTitle)}. You can launch the project now; the funding period starts when you press Launch.`,
        ...(d.message ? [`Message from the moderator: ${quoteEn(d.message)}`] : []),
      ],
      action: "Go to your project",
    }),
  },
  "project.changes_requested": {
    path: (d) => paths.project(d.projectSlug),
    nl: (d) => ({
      subject: `Aanpassingen gevraagd voor ${d.projectTitle}`,
      body: [
        `De moderatoren vragen je ${quoteNl(d.projectTitle)} aan te passen voordat het live kan.`,
        ...(d.message ? [`Bericht van de moderator: ${quoteNl(d.message)}`] : []),
        "Pas het project aan en dien het opnieuw in.",
      ],
      action: "Project aanpassen",
    }),
    en: (d) => ({
      subject: `Changes requested for ${d.projectTitle}`,
      body: [
        `The moderators ask you to change ${quoteEn(d.projectTitle)} before it can go live.`,
        ...(d.message ? [`Message from the moderator: ${quoteEn(d.message)}`] : []),
        "Update the project and submit it again.",
      ],
      action: "Update the project",
    }),
  },
  "project.launched": {
    path: (d) => paths.project(d.projectSlug),
    nl: (d) => ({
      subject: `Je project staat live: ${d.projectTitle}`,
      body: [`Je project ${quoteNl(d.projectTitle)} staat live. Deel de link met je buren: de eerste dagen tellen het meest.`],
      action: "Bekijk je project",
    }),
    en: (d) => ({
      subject: `Your project is live: ${d.projectTitle}`,
      body: [`Your project ${quoteEn(d.projectTitle)} is live. Share the link with your neighbours: the first days count the most.`],
      action: "View your project",
    }),
  },
  "project.succeeded": {
    path: (d) => paths.project(d.projectSlug),
    nl: (d) => ({
      subject: `${d.projectTitle} heeft zijn doel gehaald!`,
      body: [`Gefeliciteerd: ${quoteNl(d.projectTitle)} is geslaagd. De toezeggingen worden nu afgeschreven; daarna volgt de uitbetaling.`],
      action: "Bekijk je project",
    }),
    en: (d) => ({
      subject: `${d.projectTitle} reached its goal!`,
      body: [`Congratulations: ${quoteEn(d.projectTitle)} succeeded. The pledges are being charged now; the payout follows after that.`],
      action: "View your project",
    }),
  },
  "project.failed": {
    path: (d) => paths.project(d.projectSlug),
    nl: (d) => ({
      subject: `${d.projectTitle} heeft zijn doel niet gehaald`,
      body: [
        `De looptijd van ${quoteNl(d.projectTitle)} is voorbij en het doel is niet gehaald. Niemand wordt iets afgeschreven. Bedankt voor je inzet voor de buurt.`,
      ],
      action: "Bekijk je project",
    }),
    en: (d) => ({
      subject: `${d.projectTitle} did not reach its goal`,
      body: [
        `The funding period of ${quoteEn(d.projectTitle)} is over and the goal was not reached. Nobody is charged. Thank you for your work for the neighbourhood.`,
      ],
      action: "View your project",
    }),
  },
  "project.update_posted": {
    path: (d) => `${paths.project(d.projectSlug)}#updates`,
    nl: (d) => ({
      subject: `Nieuws van ${d.projectTitle}: ${d.updateTitle}`,
      body: [`${quoteNl(d.projectTitle)}, een project dat je steunt, heeft een nieuwe update geplaatst: ${quoteNl(d.updateTitle)}.`],
      action: "Lees de update",
    }),
    en: (d) => ({
      subject: `News from ${d.projectTitle}: ${d.updateTitle}`,
      body: [`${quoteEn(d.projectTitle)}, a project you back, posted a new update: ${quoteEn(d.updateTitle)}.`],
      action: "Read the update",
    }),
  },
  "project.comment_posted": {
    path: (d) => `${paths.project(d.projectSlug)}#comments`,
    nl: (d) => ({
      subject: `${d.authorName} reageerde op ${d.projectTitle}`,
      body: [`${d.authorName} heeft een reactie geplaatst bij je project ${quoteNl(d.projectTitle)}.`],
      action: "Lees de reactie",
    }),
    en: (d) => ({
      subject: `${d.authorName} commented on ${d.projectTitle}`,
      body: [`${d.authorName} posted a comment on your project ${quoteEn(d.projectTitle)}.`],
      action: "Read the comment",
    }),
  },

  "team.invited": {
    path: (d) => `${paths.project(d.projectSlug)}/team`,
    nl: (d) => ({
      subject: `${d.inviterName} vraagt je als ${roleNl[d.role]} voor ${quoteNl(d.projectTitle)}`,
      body: [
        `${d.inviterName} nodigt je uit in het team van ${quoteNl(d.projectTitle)}, als ${roleNl[d.role]}.`,
        d.role === "co_initiator"
          ? "Als mede-initiatiefnemer bewerk je het project, plaats je updates, beantwoord je vragen en zie je wie steunt."
          : "Als helper zie je wie zich heeft aangemeld voor de diensten en wat buren aanbieden.",
        "Je zit pas in het team als je de uitnodiging aanneemt.",
      ],
      action: "Bekijk de uitnodiging",
    }),
    en: (d) => ({
      subject: `${d.inviterName} asks you to join ${quoteEn(d.projectTitle)} as ${roleEn[d.role]}`,
      body: [
        `${d.inviterName} invites you to the team of ${quoteEn(d.projectTitle)}, as ${roleEn[d.role]}.`,
        d.role === "co_initiator"
          ? "As a co-initiator you edit the project, post updates, answer questions and see who backs it."
          : "As a helper you see who signed up for the shifts and what neighbours offer.",
        "You are on the team once you accept.",
      ],
      action: "See the invitation",
    }),
  },
  "team.accepted": {
    path: (d) => `${paths.projectDashboard(d.projectSlug)}#team`,
    nl: (d) => ({
      subject: `${d.memberName} zit nu in het team van ${quoteNl(d.projectTitle)}`,
      body: [`${d.memberName} nam je uitnodiging aan en is nu ${roleNl[d.role]} van ${quoteNl(d.projectTitle)}.`],
      action: "Bekijk het team",
    }),
    en: (d) => ({
      subject: `${d.memberName} joined the team of ${quoteEn(d.projectTitle)}`,
      body: [`${d.memberName} accepted your invitation and is now ${roleEn[d.role]} of ${quoteEn(d.projectTitle)}.`],
      action: "See the team",
    }),
  },
  "team.declined": {
    path: (d) => `${paths.projectDashboard(d.projectSlug)}#team`,
    nl: (d) => ({
      subject: `${d.memberName} sloeg je uitnodiging voor ${quoteNl(d.projectTitle)} af`,
      body: [`${d.memberName} komt niet in het team van ${quoteNl(d.projectTitle)} als ${roleNl[d.role]}.`],
      action: "Bekijk het team",
    }),
    en: (d) => ({
      subject: `${d.memberName} declined your invitation to ${quoteEn(d.projectTitle)}`,
      body: [`${d.memberName} will not join the team of ${quoteEn(d.projectTitle)} as ${roleEn[d.role]}.`],
      action: "See the team",
    }),
  },
  "team.removed": {
    path: (d) => paths.project(d.projectSlug),
    nl: (d) => ({
      subject: `Je zit niet meer in het team van ${quoteNl(d.projectTitle)}`,
      body: [`De initiatiefnemer van ${quoteNl(d.projectTitle)} heeft je uit het team gehaald. Je was ${roleNl[d.role]}.`],
      action: "Bekijk het project",
    }),
    en: (d) => ({
      subject: `You are no longer on the team of ${quoteEn(d.projectTitle)}`,
      body: [`The initiator of ${quoteEn(d.projectTitle)} removed you from the team. You were ${roleEn[d.role]}.`],
      action: "See the project",
    }),
  },
  "team.role_changed": {
    path: (d) => `${paths.project(d.projectSlug)}/team`,
    nl: (d) => ({
      subject: `Je bent nu ${roleNl[d.role]} van ${quoteNl(d.projectTitle)}`,
      body: [`De initiatiefnemer van ${quoteNl(d.projectTitle)} heeft je rol in het team veranderd: je bent nu ${roleNl[d.role]}.`],
      action: "Bekijk je rol",
    }),
    en: (d) => ({
      subject: `You are now ${roleEn[d.role]} of ${quoteEn(d.projectTitle)}`,
      body: [`The initiator of ${quoteEn(d.projectTitle)} changed your role on the team: you are now ${roleEn[d.role]}.`],
      action: "See your role",
    }),
  },

  "idea.answered": {
    path: (d) => `${paths.idea(d.ideaId)}#follow-up`,
    nl: (d) => ({
      subject: d.changed ? `${quoteNl(d.ideaTitle)}: ${ideaStatusNl[d.status]}` : `${d.organisationName} reageerde op ${quoteNl(d.ideaTitle)}`,
      body: [
        d.changed
          ? `${d.organisationName} zette ${d.mine ? "je melding" : "de melding die je volgt"} ${quoteNl(d.ideaTitle)} op ‘${ideaStatusNl[d.status]}’.`
          : `${d.organisationName} schreef een antwoord bij ${d.mine ? "je melding" : "de melding die je volgt"} ${quoteNl(d.ideaTitle)}.`,
      ],
      action: "Lees het antwoord",
    }),
    en: (d) => ({
      subject: d.changed ? `${quoteEn(d.ideaTitle)}: ${ideaStatusEn[d.status]}` : `${d.organisationName} answered ${quoteEn(d.ideaTitle)}`,
      body: [
        d.changed
          ? `${d.organisationName} set ${d.mine ? "your post" : "the post you follow"} ${quoteEn(d.ideaTitle)} to ‘${ideaStatusEn[d.status]}’.`
          : `${d.organisationName} answered ${d.mine ? "your post" : "the post you follow"} ${quoteEn(d.ideaTitle)}.`,
      ],
      action: "Read the answer",
    }),
  },
  "idea.helper_joined": {
    path: (d) => `${paths.idea(d.ideaId)}#helpers`,
    nl: (d) => ({
      subject: `${d.helperName} helpt mee met ${quoteNl(d.ideaTitle)}`,
      body: [`${d.helperName} zegt ‘ik help mee’ bij je bericht ${quoteNl(d.ideaTitle)}. Je ziet wat ${d.helperName} kan doen bij de helpers.`],
      action: "Bekijk de helpers",
    }),
    en: (d) => ({
      subject: `${d.helperName} will help with ${quoteEn(d.ideaTitle)}`,
      body: [`${d.helperName} says ‘I’ll help’ on your post ${quoteEn(d.ideaTitle)}. What they can do is listed with the helpers.`],
      action: "See the helpers",
    }),
  },
  "idea.commented": {
    path: (d) => `${paths.idea(d.ideaId)}#comments`,
    nl: (d) => ({
      subject: `${d.authorName} reageerde op ${quoteNl(d.ideaTitle)}`,
      body: [`${d.authorName} heeft een reactie geplaatst bij je bericht ${quoteNl(d.ideaTitle)}.`],
      action: "Lees de reactie",
    }),
    en: (d) => ({
      subject: `${d.authorName} commented on ${quoteEn(d.ideaTitle)}`,
      body: [`${d.authorName} posted a comment on your post ${quoteEn(d.ideaTitle)}.`],
      action: "Read the comment",
    }),
  },
  "idea.maker_allowed": {
    path: (d) => paths.idea(d.ideaId),
    nl: (d) => ({
      subject: `Je mag een project maken van ${quoteNl(d.ideaTitle)}`,
      body: [`${d.posterName} vraagt jou om van ${quoteNl(d.ideaTitle)} een project te maken. De tekst staat al klaar in een concept; jij vult het plan aan.`],
      action: "Maak het project",
    }),
    en: (d) => ({
      subject: `You may turn ${quoteEn(d.ideaTitle)} into a project`,
      body: [`${d.posterName} asks you to turn ${quoteEn(d.ideaTitle)} into a project. The text is carried over into a draft; you add the plan.`],
      action: "Make the project",
    }),
  },
  "idea.project_launched": {
    path: (d) => `${paths.project(d.projectSlug)}/pledge`,
    nl: (d) => ({
      subject: `${quoteNl(d.ideaTitle)} is nu een project: steun als eerste`,
      body: [
        `Het idee dat je steunde of waarbij je helpt, is een project geworden: ${quoteNl(d.projectTitle)} gaat vandaag van start.`,
        "Jij hoort het als eerste, nog voor de buurt. Steun je mee?",
      ],
      action: "Steun het project",
    }),
    en: (d) => ({
      subject: `${quoteEn(d.ideaTitle)} is now a project: be the first to back it`,
      body: [
        `The idea you supported or help with became a project: ${quoteEn(d.projectTitle)} launches today.`,
        "You hear it first, before the neighbourhood. Will you back it?",
      ],
      action: "Back the project",
    }),
  },

  "question.asked": {
    path: (d) => `${paths.projectDashboard(d.projectSlug)}#questions`,
    nl: (d) => ({
      subject: d.suggestion ? `${d.askerName} heeft een suggestie voor ${d.projectTitle}` : `${d.askerName} heeft een vraag over ${d.projectTitle}`,
      body: [
        `${d.askerName} stuurde ${d.private ? "privé " : ""}${d.suggestion ? "een suggestie" : "een vraag"} over je project ${quoteNl(d.projectTitle)}.`,
        d.private ? "Alleen jullie en de vrager zien het." : "Je antwoord komt op de projectpagina te staan.",
      ],
      action: "Bekijk en beantwoord",
    }),
    en: (d) => ({
      subject: d.suggestion ? `${d.askerName} has a suggestion for ${d.projectTitle}` : `${d.askerName} has a question about ${d.projectTitle}`,
      body: [
        `${d.askerName} sent ${d.private ? "a private " : "a "}${d.suggestion ? "suggestion" : "question"} about your project ${quoteEn(d.projectTitle)}.`,
        d.private ? "Only your team and the asker see it." : "Your answer is shown on the project page.",
      ],
      action: "Read and answer",
    }),
  },
  "question.reminder": {
    path: (d) => `${paths.projectDashboard(d.projectSlug)}#questions`,
    nl: (d, f) => ({
      subject: `${d.askerName} wacht op een antwoord over ${d.projectTitle}`,
      body: [`${d.askerName} stelde op ${f.date(d.askedOn)} een vraag over ${quoteNl(d.projectTitle)} die nog niet beantwoord is.`],
      action: "Beantwoord de vraag",
    }),
    en: (d, f) => ({
      subject: `${d.askerName} is waiting for an answer about ${d.projectTitle}`,
      body: [`${d.askerName} asked a question about ${quoteEn(d.projectTitle)} on ${f.date(d.askedOn)} that has not been answered yet.`],
      action: "Answer the question",
    }),
  },
  "question.answered": {
    path: (d) => `${paths.project(d.projectSlug)}#question-${encodeURIComponent(d.questionId)}`,
    nl: (d) => ({
      subject: d.suggestion ? `${d.projectTitle} reageerde op je suggestie` : `${d.projectTitle} beantwoordde je vraag`,
      body: [`Het team van ${quoteNl(d.projectTitle)} heeft ${d.suggestion ? "op je suggestie gereageerd" : "je vraag beantwoord"}.`],
      action: "Lees het antwoord",
    }),
    en: (d) => ({
      subject: d.suggestion ? `${d.projectTitle} replied to your suggestion` : `${d.projectTitle} answered your question`,
      body: [`The team of ${quoteEn(d.projectTitle)} ${d.suggestion ? "replied to your suggestion" : "answered your question"}.`],
      action: "Read the answer",
    }),
  },

  // Community loans (app/community-loans): links to the lender's loans or the initiator's dashboard.
  "community_loan.started": {
    path: () => "/me/community-loans",
    nl: (d, f) => ({
      subject: `Je buurtlening aan ${d.projectTitle} is gestart`,
      body: [
        `${quoteNl(d.projectTitle)} heeft het doel gehaald: je leent ${f.money(d.amountCents)} uit, terug te betalen in ${d.months} maanden.`,
        "Je leenovereenkomst met je eigen aflosschema staat klaar om te downloaden.",
      ],
      action: "Bekijk je leningen",
    }),
    en: (d, f) => ({
      subject: `Your community loan to ${d.projectTitle} has started`,
      body: [
        `${quoteEn(d.projectTitle)} reached its goal: you lend ${f.money(d.amountCents)}, repaid over ${d.months} months.`,
        "Your loan agreement with your own repayment schedule is ready to download.",
      ],
      action: "See your loans",
    }),
  },
  "community_loan.repayment_received": {
    path: () => "/me/community-loans",
    nl: (d, f) => ({
      subject: `Aflossing ${d.n} van ${d.projectTitle}: ${f.money(d.amountCents)} voor jou`,
      body: [`${quoteNl(d.projectTitle)} heeft termijn ${d.n} (vervaldag ${f.date(d.dueOn)}) betaald. Jouw deel is ${f.money(d.amountCents)}.`],
      action: "Bekijk je leningen",
    }),
    en: (d, f) => ({
      subject: `Repayment ${d.n} from ${d.projectTitle}: ${f.money(d.amountCents)} for you`,
      body: [`${quoteEn(d.projectTitle)} paid installment ${d.n} (due ${f.date(d.dueOn)}). Your part is ${f.money(d.amountCents)}.`],
      action: "See your loans",
    }),
  },
  "community_loan.due_soon": {
    path: (d) => `${paths.project(d.projectSlug)}/buurtlening`,
    nl: (d, f) => ({
      subject: `Termijn ${d.n} van je buurtlening: ${f.money(d.amountCents)} op ${f.date(d.dueOn)}`,
      body: [`Termijn ${d.n} van de buurtlening voor ${quoteNl(d.projectTitle)} moet op ${f.date(d.dueOn)} betaald zijn: ${f.money(d.amountCents)}.`],
      action: "Aflossen",
    }),
    en: (d, f) => ({
      subject: `Installment ${d.n} of your community loan: ${f.money(d.amountCents)} on ${f.date(d.dueOn)}`,
      body: [`Installment ${d.n} of the community loan for ${quoteEn(d.projectTitle)} is due on ${f.date(d.dueOn)}: ${f.money(d.amountCents)}.`],
      action: "Repay",
    }),
  },
  "community_loan.late": {
    path: (d) => (d.borrower ? `${paths.project(d.projectSlug)}/buurtlening` : "/me/community-loans"),
    nl: (d, f) => ({
      subject: `Termijn ${d.n} van ${d.projectTitle} is te laat`,
      body: d.borrower
        ? [
            `Termijn ${d.n} (${f.money(d.amountCents)}, vervaldag ${f.date(d.dueOn)}) is nog niet betaald. Je buren wachten op hun aflossing: betaal zo snel mogelijk.`,
          ]
        : [
            `${quoteNl(d.projectTitle)} heeft termijn ${d.n} (vervaldag ${f.date(d.dueOn)}) nog niet betaald. We herinneren de initiatiefnemer er elke week aan.`,
          ],
      action: d.borrower ? "Aflossen" : "Bekijk je leningen",
    }),
    en: (d, f) => ({
      subject: `Installment ${d.n} of ${d.projectTitle} is late`,
      body: d.borrower
        ? [
            `Installment ${d.n} (${f.money(d.amountCents)}, due ${f.date(d.dueOn)}) has not been paid. Your neighbours are waiting for their repayment: please pay as soon as you can.`,
          ]
        : [`${quoteEn(d.projectTitle)} has not paid installment ${d.n} (due ${f.date(d.dueOn)}) yet. We remind the initiator every week.`],
      action: d.borrower ? "Repay" : "See your loans",
    }),
  },
  "community_loan.payout_paid": {
    path: () => "/me/community-loans",
    nl: (d, f) => ({
      subject: `${f.money(d.amountCents)} van ${d.projectTitle} staat op je rekening`,
      body: [`De aflossingen van ${quoteNl(d.projectTitle)} die voor jou klaarstonden (${f.money(d.amountCents)}) zijn naar je bankrekening overgemaakt.`],
      action: "Bekijk je leningen",
    }),
    en: (d, f) => ({
      subject: `${f.money(d.amountCents)} from ${d.projectTitle} is in your bank account`,
      body: [`The repayments of ${quoteEn(d.projectTitle)} that were waiting for you (${f.money(d.amountCents)}) have been transferred to your bank account.`],
      action: "See your loans",
    }),
  },
  "community_loan.payout_failed": {
    path: () => "/me/community-loans",
    nl: (d, f) => ({
      subject: `Je bank stuurde ${f.money(d.amountCents)} van ${d.projectTitle} terug`,
      body: [
        `We konden ${f.money(d.amountCents)} aan aflossingen van ${quoteNl(d.projectTitle)} niet op je rekening zetten: je bank stuurde het terug.`,
        "Het geld staat weer voor je klaar. Controleer je bankgegevens; daarna maken we het opnieuw over.",
      ],
      action: "Bankgegevens controleren",
    }),
    en: (d, f) => ({
      subject: `Your bank returned ${f.money(d.amountCents)} from ${d.projectTitle}`,
      body: [
        `We could not pay ${f.money(d.amountCents)} of repayments from ${quoteEn(d.projectTitle)} into your account: your bank returned it.`,
        "The money is waiting for you again. Check your bank details; then we transfer it again.",
      ],
      action: "Check bank details",
    }),
  },

  "shift.reminder": {
    path: (d) => `${paths.project(d.projectSlug)}#shifts`,
    nl: (d, f) => ({
      subject: `Morgen: ${d.shiftTitle} voor ${d.projectTitle}`,
      body: [
        `Je hebt je aangemeld als vrijwilliger: ${quoteNl(d.shiftTitle)} op ${f.date(d.day)}, ${d.time}${d.place ? `, ${d.place}` : ""}.`,
        "Kun je toch niet? Laat het de initiatiefnemer weten, dan zoeken ze iemand anders.",
      ],
      action: "Bekijk het project",
    }),
    en: (d, f) => ({
      subject: `Tomorrow: ${d.shiftTitle} for ${d.projectTitle}`,
      body: [
        `You signed up as a volunteer: ${quoteEn(d.shiftTitle)} on ${f.date(d.day)}, ${d.time}${d.place ? `, ${d.place}` : ""}.`,
        "Can't make it after all? Tell the initiator so they can find someone else.",
      ],
      action: "View the project",
    }),
  },
  "shift.cancelled": {
    path: (d) => paths.project(d.projectSlug),
    nl: (d, f) => ({
      subject: `${d.shiftTitle} gaat niet door`,
      body: [
        `De initiatiefnemer van ${quoteNl(d.projectTitle)} heeft de dienst ${quoteNl(d.shiftTitle)} op ${f.date(d.day)} (${d.time}) afgezegd. Dank je wel dat je wilde helpen.`,
      ],
      action: "Bekijk het project",
    }),
    en: (d, f) => ({
      subject: `${d.shiftTitle} is cancelled`,
      body: [
        `The initiator of ${quoteEn(d.projectTitle)} cancelled the shift ${quoteEn(d.shiftTitle)} on ${f.date(d.day)} (${d.time}). Thank you for offering to help.`,
      ],
      action: "View the project",
    }),
  },
  "need.offered": {
    path: (d) => `${paths.project(d.projectSlug)}/needs`,
    nl: (d) => ({
      subject: `Een buur biedt aan: ${d.needTitle}`,
      body: [
        `Voor ${quoteNl(d.projectTitle)} biedt een buur aan: ${quoteNl(d.needTitle)}. Neem het aan of sla het af op de pagina met wat je project nodig heeft.`,
      ],
      action: "Bekijk het aanbod",
    }),
    en: (d) => ({
      subject: `A neighbour offers: ${d.needTitle}`,
      body: [`For ${quoteEn(d.projectTitle)} a neighbour offers: ${quoteEn(d.needTitle)}. Accept or decline it on your project's needs page.`],
      action: "See the offer",
    }),
  },
  "need.offer_accepted": {
    path: (d) => paths.project(d.projectSlug),
    nl: (d) => ({
      subject: `Je aanbod is aangenomen: ${d.needTitle}`,
      body: [`De initiatiefnemer van ${quoteNl(d.projectTitle)} neemt je aanbod aan: ${quoteNl(d.needTitle)}. Spreek samen af wanneer en waar.`],
      action: "Bekijk het project",
    }),
    en: (d) => ({
      subject: `Your offer was accepted: ${d.needTitle}`,
      body: [`The initiator of ${quoteEn(d.projectTitle)} accepts your offer: ${quoteEn(d.needTitle)}. Agree together on when and where.`],
      action: "View the project",
    }),
  },
  "pledge.saved": {
    path: () => paths.myPledges(),
    nl: (d, f) => ({
      subject: `Je steun voor ${d.projectTitle} is vastgelegd`,
      body: [
        `Dank je wel! Je steunt ${quoteNl(d.projectTitle)} met ${f.money(d.amountCents)}.`,
        "Er wordt nu nog niets afgeschreven: dat gebeurt pas als het project aan het eind van de looptijd zijn doel heeft gehaald.",
      ],
      action: "Bekijk je steun",
    }),
    en: (d, f) => ({
      subject: `Your pledge to ${d.projectTitle} is saved`,
      body: [
        `Thank you! You are backing ${quoteEn(d.projectTitle)} with ${f.money(d.amountCents)}.`,
        "Nothing is charged yet: that only happens if the project reaches its goal at the end of its funding period.",
      ],
      action: "View your pledge",
    }),
  },
  "pledge.charged": {
    path: (d) => paths.receipt(d.pledgeId),
    nl: (d, f) => ({
      subject: `${f.money(d.amountCents)} afgeschreven voor ${d.projectTitle}`,
      body: [
        `We hebben ${f.money(d.amountCents)} afgeschreven voor je steun aan ${quoteNl(d.projectTitle)}. Dank je wel!`,
        "Je bewijs van betaling staat klaar om te bekijken en te printen.",
      ],
      action: "Bekijk je betaalbewijs",
    }),
    en: (d, f) => ({
      subject: `${f.money(d.amountCents)} charged for ${d.projectTitle}`,
      body: [`We charged ${f.money(d.amountCents)} for your pledge to ${quoteEn(d.projectTitle)}. Thank you!`, "Your receipt is ready to view and print."],
      action: "View your receipt",
    }),
  },
  "pledge.payment_failed": {
    path: (d) => d.fixPath,
    nl: (d, f) => ({
      subject: `Betaling mislukt voor ${d.projectTitle}: actie nodig`,
      body: [
        `We konden ${f.money(d.amountCents)} voor je steun aan ${quoteNl(d.projectTitle)} niet afschrijven.`,
        `Herstel de betaling vóór ${f.date(d.fixUntil)}, anders vervalt je steun.`,
      ],
      action: "Betaling herstellen",
    }),
    en: (d, f) => ({
      subject: `Payment failed for ${d.projectTitle}: action needed`,
      body: [
        `We could not charge ${f.money(d.amountCents)} for your pledge to ${quoteEn(d.projectTitle)}.`,
        `Please fix the payment before ${f.date(d.fixUntil)}, or your pledge will lapse.`,
      ],
      action: "Fix the payment",
    }),
  },
  "pledge.dropped": {
    path: () => paths.myPledges(),
    nl: (d, f) => ({
      subject: `Je steun aan ${d.projectTitle} is vervallen`,
      body: [
        `De betaling van ${f.money(d.amountCents)} voor ${quoteNl(d.projectTitle)} is niet gelukt en de termijn om die te herstellen is voorbij. Je steun is vervallen; er is niets afgeschreven.`,
      ],
      action: "Bekijk je steun",
    }),
    en: (d, f) => ({
      subject: `Your pledge to ${d.projectTitle} has lapsed`,
      body: [
        `The payment of ${f.money(d.amountCents)} for ${quoteEn(d.projectTitle)} failed and the time to fix it has passed. Your pledge has lapsed; nothing was charged.`,
      ],
      action: "View your pledge",
    }),
  },
  "pledge.released": {
    path: () => paths.myPledges(),
    nl: (d, f) => ({
      subject: `Je toezegging voor ${d.projectTitle} is vrijgegeven`,
      body: [
        `${quoteNl(d.projectTitle)} heeft zijn doel niet gehaald. Je toezegging van ${f.money(d.amountCents)} is vrijgegeven: er wordt niets afgeschreven.`,
      ],
      action: "Bekijk je steun",
    }),
    en: (d, f) => ({
      subject: `Your pledge to ${d.projectTitle} has been released`,
      body: [`${quoteEn(d.projectTitle)} did not reach its goal. Your pledge of ${f.money(d.amountCents)} has been released: nothing will be charged.`],
      action: "View your pledge",
    }),
  },
  "pledge.refunded": {
    path: () => paths.myPledges(),
    nl: (d, f) => ({
      subject: `${f.money(d.amountCents)} terugbetaald voor ${d.projectTitle}`,
      body: [
        `We hebben ${f.money(d.amountCents)} voor ${quoteNl(d.projectTitle)} terugbetaald. Het kan een paar werkdagen duren voordat het bedrag op je rekening staat.`,
        ...(d.reason ? [`Waarom: ${d.reason}`] : []),
      ],
      action: "Bekijk je steun",
    }),
    en: (d, f) => ({
      subject: `${f.money(d.amountCents)} refunded for ${d.projectTitle}`,
      body: [
        `We refunded ${f.money(d.amountCents)} for ${quoteEn(d.projectTitle)}. It may take a few working days to reach your account.`,
        ...(d.reason ? [`Why: ${d.reason}`] : []),
      ],
      action: "View your pledge",
    }),
  },

  "review.invite": {
    path: (d) => paths.loanReviews(d.loanId),
    nl: (d) => ({
      subject: `Hoe ging het met ${d.otherPartyName}?`,
      body: [
        `De lening van ${quoteNl(d.itemTitle)} is afgerond. Je kunt ${d.otherPartyName} nu 14 dagen lang beoordelen.`,
        "Je beoordeling blijft verborgen tot jullie allebei hebben beoordeeld, of tot de 14 dagen voorbij zijn.",
      ],
      action: "Beoordeling schrijven",
    }),
    en: (d) => ({
      subject: `How did it go with ${d.otherPartyName}?`,
      body: [
        `The loan of ${quoteEn(d.itemTitle)} has ended. You can review ${d.otherPartyName} for the next 14 days.`,
        "Your review stays hidden until you have both reviewed, or until the 14 days have passed.",
      ],
      action: "Write a review",
    }),
  },
  "review.received": {
    path: (d) => paths.loanReviews(d.loanId),
    nl: (d) => ({
      subject: `${d.otherPartyName} heeft je beoordeeld`,
      body: [
        `${d.otherPartyName} heeft een beoordeling geschreven over de lening van ${quoteNl(d.itemTitle)}.`,
        "Je ziet hem zodra je zelf hebt beoordeeld, of na 14 dagen.",
      ],
      action: "Zelf beoordelen",
    }),
    en: (d) => ({
      subject: `${d.otherPartyName} has reviewed you`,
      body: [`${d.otherPartyName} wrote a review about the loan of ${quoteEn(d.itemTitle)}.`, "You will see it once you have reviewed too, or after 14 days."],
      action: "Write your review",
    }),
  },
  "review.published": {
    path: (d) => paths.loanReviews(d.loanId),
    nl: (d) => ({
      subject: `Beoordelingen van ${d.itemTitle} gepubliceerd`,
      body: [`De beoordelingen tussen jou en ${d.otherPartyName} over ${quoteNl(d.itemTitle)} zijn nu zichtbaar. Je kunt één keer reageren.`],
      action: "Beoordelingen bekijken",
    }),
    en: (d) => ({
      subject: `Reviews of ${d.itemTitle} published`,
      body: [`The reviews between you and ${d.otherPartyName} about ${quoteEn(d.itemTitle)} are now visible. You may reply once.`],
      action: "View the reviews",
    }),
  },
  "loan.requested": {
    path: (d) => paths.loan(d.loanId),
    nl: (d, f) => ({
      subject: `${d.otherPartyName} wil ${d.itemTitle} lenen`,
      body: [
        `${d.otherPartyName} wil ${quoteNl(d.itemTitle)} graag lenen, ${f.period(d.startsOn, d.endsOn)}.`,
        "Reageer binnen 48 uur, anders vervalt de aanvraag.",
      ],
      action: "Aanvraag bekijken",
    }),
    en: (d, f) => ({
      subject: `${d.otherPartyName} would like to borrow ${d.itemTitle}`,
      body: [
        `${d.otherPartyName} asks to borrow ${quoteEn(d.itemTitle)} ${f.period(d.startsOn, d.endsOn)}.`,
        "Please answer within 48 hours, or the request expires.",
      ],
      action: "View the request",
    }),
  },
  "loan.accepted": {
    path: (d) => paths.loan(d.loanId),
    nl: (d, f) => ({
      subject: `${d.otherPartyName} leent je ${d.itemTitle}`,
      body: [
        `Goed nieuws: ${d.otherPartyName} heeft je aanvraag geaccepteerd. Je leent ${quoteNl(d.itemTitle)} ${f.period(d.startsOn, d.endsOn)}.`,
        "Spreek samen af waar en wanneer je het ophaalt.",
      ],
      action: "Bekijk de lening",
    }),
    en: (d, f) => ({
      subject: `${d.otherPartyName} is lending you ${d.itemTitle}`,
      body: [
        `Good news: ${d.otherPartyName} accepted your request. You are borrowing ${quoteEn(d.itemTitle)} ${f.period(d.startsOn, d.endsOn)}.`,
        "Agree together where and when you pick it up.",
      ],
      action: "View the loan",
    }),
  },
  "loan.declined": {
    path: () => paths.items(),
    nl: (d, f) => ({
      subject: `Aanvraag voor ${d.itemTitle} afgewezen`,
      body: [`${d.otherPartyName} kan ${quoteNl(d.itemTitle)} helaas niet uitlenen ${f.period(d.startsOn, d.endsOn)}. Misschien heeft een andere buur er een.`],
      action: "Zoek verder",
    }),
    en: (d, f) => ({
      subject: `Request for ${d.itemTitle} declined`,
      body: [`Unfortunately ${d.otherPartyName} cannot lend ${quoteEn(d.itemTitle)} ${f.period(d.startsOn, d.endsOn)}. Perhaps another neighbour has one.`],
      action: "Keep looking",
    }),
  },
  "loan.expired": {
    path: (d) => paths.loan(d.loanId),
    nl: (d, f) => ({
      subject: `Aanvraag voor ${d.itemTitle} verlopen`,
      body: [
        `De aanvraag tussen jou en ${d.otherPartyName} om ${quoteNl(d.itemTitle)} te lenen ${f.period(d.startsOn, d.endsOn)} is niet binnen 48 uur beantwoord en is vervallen.`,
      ],
      action: "Bekijk de aanvraag",
    }),
    en: (d, f) => ({
      subject: `Request for ${d.itemTitle} expired`,
      body: [
        `The request between you and ${d.otherPartyName} to borrow ${quoteEn(d.itemTitle)} ${f.period(d.startsOn, d.endsOn)} was not answered within 48 hours and has expired.`,
      ],
      action: "View the request",
    }),
  },
  "loan.cancelled": {
    path: (d) => paths.loan(d.loanId),
    nl: (d, f) => ({
      subject: `Lening van ${d.itemTitle} geannuleerd`,
      body: [`De lening van ${quoteNl(d.itemTitle)} met ${d.otherPartyName} (${f.period(d.startsOn, d.endsOn)}) is geannuleerd.`],
      action: "Bekijk de lening",
    }),
    en: (d, f) => ({
      subject: `Loan of ${d.itemTitle} cancelled`,
      body: [`The loan of ${quoteEn(d.itemTitle)} with ${d.otherPartyName} (${f.period(d.startsOn, d.endsOn)}) has been cancelled.`],
      action: "View the loan",
    }),
  },
  "loan.extension_requested": {
    path: (d) => paths.loan(d.loanId),
    nl: (d, f) => ({
      subject: `${d.otherPartyName} wil ${d.itemTitle} langer lenen`,
      body: [
        `${d.otherPartyName} vraagt of ${quoteNl(d.itemTitle)} langer mag blijven: tot en met ${f.date(d.endsOn)}. Neem het verzoek aan of wijs het af op de pagina van de lening.`,
      ],
      action: "Bekijk het verzoek",
    }),
    en: (d, f) => ({
      subject: `${d.otherPartyName} would like to keep ${d.itemTitle} longer`,
      body: [`${d.otherPartyName} asks to keep ${quoteEn(d.itemTitle)} until ${f.date(d.endsOn)}. Accept or decline the request on the loan's page.`],
      action: "View the request",
    }),
  },
  "loan.extension_accepted": {
    path: (d) => paths.loan(d.loanId),
    nl: (d, f) => ({
      subject: `Je mag ${d.itemTitle} langer lenen`,
      body: [`${d.otherPartyName} vindt het goed: je mag ${quoteNl(d.itemTitle)} houden tot en met ${f.date(d.endsOn)}.`],
      action: "Bekijk de lening",
    }),
    en: (d, f) => ({
      subject: `You can keep ${d.itemTitle} longer`,
      body: [`${d.otherPartyName} agreed: you can keep ${quoteEn(d.itemTitle)} until ${f.date(d.endsOn)}.`],
      action: "View the loan",
    }),
  },
  "loan.extension_declined": {
    path: (d) => paths.loan(d.loanId),
    nl: (d, f) => ({
      subject: `Verlenging van ${d.itemTitle} niet mogelijk`,
      body: [`${d.otherPartyName} kan ${quoteNl(d.itemTitle)} niet langer missen. Breng het uiterlijk ${f.date(d.endsOn)} terug.`],
      action: "Bekijk de lening",
    }),
    en: (d, f) => ({
      subject: `Extension for ${d.itemTitle} not possible`,
      body: [`${d.otherPartyName} cannot do without ${quoteEn(d.itemTitle)} any longer. Please bring it back by ${f.date(d.endsOn)}.`],
      action: "View the loan",
    }),
  },
  "loan.pickup_reminder": {
    path: (d) => paths.loan(d.loanId),
    nl: (d, f) => ({
      subject: `Herinnering: ${d.itemTitle} wordt ${f.date(d.date)} opgehaald`,
      body: [`Op ${f.date(d.date)} wordt ${quoteNl(d.itemTitle)} opgehaald (lening met ${d.otherPartyName}). Spreek nog even af hoe laat.`],
      action: "Bekijk de lening",
    }),
    en: (d, f) => ({
      subject: `Reminder: ${d.itemTitle} is picked up on ${f.date(d.date)}`,
      body: [`On ${f.date(d.date)} ${quoteEn(d.itemTitle)} is picked up (loan with ${d.otherPartyName}). Agree on a time if you have not yet.`],
      action: "View the loan",
    }),
  },
  "loan.return_reminder": {
    path: (d) => paths.loan(d.loanId),
    nl: (d, f) => ({
      subject: `Herinnering: ${d.itemTitle} gaat ${f.date(d.date)} terug`,
      body: [`Op ${f.date(d.date)} gaat ${quoteNl(d.itemTitle)} terug (lening met ${d.otherPartyName}). Op tijd terugbrengen bouwt vertrouwen op.`],
      action: "Bekijk de lening",
    }),
    en: (d, f) => ({
      subject: `Reminder: ${d.itemTitle} goes back on ${f.date(d.date)}`,
      body: [`On ${f.date(d.date)} ${quoteEn(d.itemTitle)} goes back (loan with ${d.otherPartyName}). Returning things on time builds trust.`],
      action: "View the loan",
    }),
  },
  "loan.overdue": {
    path: (d) => paths.loan(d.loanId),
    nl: (d, f) => ({
      subject: `${d.itemTitle} is te laat terug`,
      body:
        d.side === "owner"
          ? [
              `${quoteNl(d.itemTitle)} had op ${f.date(d.date)} bij je terug moeten zijn; ${d.otherPartyName} heeft het nog. We hebben ${d.otherPartyName} gevraagd het zo snel mogelijk terug te brengen.`,
              "Spreek samen een moment af. Lukt dat niet, meld het dan op de pagina van de lening.",
            ]
          : [
              `${quoteNl(d.itemTitle)} had op ${f.date(d.date)} terug moeten zijn (lening met ${d.otherPartyName}). Spreek zo snel mogelijk een moment af om het terug te brengen.`,
            ],
      action: "Bekijk de lening",
    }),
    en: (d, f) => ({
      subject: `${d.itemTitle} is overdue`,
      body:
        d.side === "owner"
          ? [
              `${quoteEn(d.itemTitle)} was due back with you on ${f.date(d.date)}; ${d.otherPartyName} still has it. We have asked ${d.otherPartyName} to bring it back as soon as possible.`,
              "Agree on a time together. If that does not work out, report it on the loan's page.",
            ]
          : [
              `${quoteEn(d.itemTitle)} was due back on ${f.date(d.date)} (loan with ${d.otherPartyName}). Please agree on a time to return it as soon as possible.`,
            ],
      action: "View the loan",
    }),
  },
  "loan.claim_filed": {
    path: (d) => paths.loan(d.loanId),
    nl: (d, f) => ({
      subject: `Schadeclaim voor ${d.itemTitle}`,
      body: [
        `Er is een schadeclaim van ${f.money(d.amountCents)} ingediend voor ${quoteNl(d.itemTitle)}. Bekijk de claim en reageer op de pagina van de lening.`,
      ],
      action: "Bekijk de claim",
    }),
    en: (d, f) => ({
      subject: `Damage claim for ${d.itemTitle}`,
      body: [`A damage claim of ${f.money(d.amountCents)} has been filed for ${quoteEn(d.itemTitle)}. View the claim and respond on the loan page.`],
      action: "View the claim",
    }),
  },
  "loan.claim_resolved": {
    path: (d) => paths.loan(d.loanId),
    nl: (d, f) => ({
      subject: `Schadeclaim voor ${d.itemTitle} afgehandeld`,
      body: [`De schadeclaim voor ${quoteNl(d.itemTitle)} is afgehandeld. Vastgesteld bedrag: ${f.money(d.amountCents)}.`],
      action: "Bekijk de lening",
    }),
    en: (d, f) => ({
      subject: `Damage claim for ${d.itemTitle} resolved`,
      body: [`The damage claim for ${quoteEn(d.itemTitle)} has been resolved. Amount settled: ${f.money(d.amountCents)}.`],
      action: "View the loan",
    }),
  },
  "loan.offered": {
    path: (d) => paths.loan(d.loanId),
    nl: (d, f) => ({
      subject: `${d.otherPartyName} biedt je ${d.itemTitle} aan`,
      body: [
        `${d.otherPartyName} biedt je ${quoteNl(d.itemTitle)} aan, ${f.period(d.startsOn, d.endsOn)}.`,
        "Neem het aanbod aan of wijs het af binnen 48 uur, anders vervalt het.",
      ],
      action: "Aanbod bekijken",
    }),
    en: (d, f) => ({
      subject: `${d.otherPartyName} offers you ${d.itemTitle}`,
      body: [
        `${d.otherPartyName} offers you ${quoteEn(d.itemTitle)}, ${f.period(d.startsOn, d.endsOn)}.`,
        "Accept or decline the offer within 48 hours, or it expires.",
      ],
      action: "View the offer",
    }),
  },
  "loan.offer_accepted": {
    path: (d) => paths.loan(d.loanId),
    nl: (d, f) => ({
      subject: `${d.otherPartyName} neemt je aanbod van ${d.itemTitle} aan`,
      body: [
        `${d.otherPartyName} leent ${quoteNl(d.itemTitle)} graag van je, ${f.period(d.startsOn, d.endsOn)}.`,
        "Spreek samen af waar en wanneer het wordt opgehaald.",
      ],
      action: "Bekijk de lening",
    }),
    en: (d, f) => ({
      subject: `${d.otherPartyName} accepted your offer of ${d.itemTitle}`,
      body: [
        `${d.otherPartyName} would like to borrow ${quoteEn(d.itemTitle)} from you, ${f.period(d.startsOn, d.endsOn)}.`,
        "Agree together where and when it is picked up.",
      ],
      action: "View the loan",
    }),
  },
  "loan.offer_declined": {
    path: (d) => paths.loan(d.loanId),
    nl: (d, f) => ({
      subject: `${d.otherPartyName} slaat je aanbod van ${d.itemTitle} af`,
      body: [`${d.otherPartyName} heeft ${quoteNl(d.itemTitle)} ${f.period(d.startsOn, d.endsOn)} toch niet nodig. Bedankt voor het aanbieden.`],
      action: "Bekijk het aanbod",
    }),
    en: (d, f) => ({
      subject: `${d.otherPartyName} declined your offer of ${d.itemTitle}`,
      body: [`${d.otherPartyName} does not need ${quoteEn(d.itemTitle)} ${f.period(d.startsOn, d.endsOn)} after all. Thank you for offering.`],
      action: "View the offer",
    }),
  },
  "loan.message": {
    path: (d) => paths.loan(d.loanId),
    nl: (d) => ({
      subject: `Nieuw bericht van ${d.otherPartyName} over ${d.itemTitle}`,
      body: [`${d.otherPartyName} stuurde je een bericht over ${quoteNl(d.itemTitle)}. Lees en antwoord op de pagina van de lening.`],
      action: "Bericht lezen",
    }),
    en: (d) => ({
      subject: `New message from ${d.otherPartyName} about ${d.itemTitle}`,
      body: [`${d.otherPartyName} sent you a message about ${quoteEn(d.itemTitle)}. Read and reply on the loan page.`],
      action: "Read the message",
    }),
  },
  "loan.handover_confirmed": {
    path: (d) => paths.loan(d.loanId),
    nl: (d, f) =>
      d.complete
        ? {
            subject: `${d.itemTitle} is overgedragen`,
            body: [`${d.otherPartyName} en jij hebben de overdracht van ${quoteNl(d.itemTitle)} bevestigd. Terugbrengen uiterlijk ${f.date(d.endsOn)}.`],
            action: "Bekijk de lening",
          }
        : {
            subject: `${d.otherPartyName} bevestigde de overdracht van ${d.itemTitle}`,
            body: [`${d.otherPartyName} heeft bevestigd dat ${quoteNl(d.itemTitle)} is overgedragen. Bevestig het ook, dan gaat de lening in.`],
            action: "Overdracht bevestigen",
          },
    en: (d, f) =>
      d.complete
        ? {
            subject: `${d.itemTitle} has been handed over`,
            body: [`${d.otherPartyName} and you confirmed the handover of ${quoteEn(d.itemTitle)}. Return it by ${f.date(d.endsOn)}.`],
            action: "View the loan",
          }
        : {
            subject: `${d.otherPartyName} confirmed the handover of ${d.itemTitle}`,
            body: [`${d.otherPartyName} confirmed that ${quoteEn(d.itemTitle)} was handed over. Confirm it too and the loan starts.`],
            action: "Confirm the handover",
          },
  },
  "loan.returned": {
    path: (d) => paths.loan(d.loanId),
    nl: (d) => ({
      subject: `${d.otherPartyName} heeft ${d.itemTitle} terug`,
      body: [`${d.otherPartyName} bevestigt dat ${quoteNl(d.itemTitle)} is teruggebracht. Bedankt voor het lenen!`],
      action: "Bekijk de lening",
    }),
    en: (d) => ({
      subject: `${d.otherPartyName} has ${d.itemTitle} back`,
      body: [`${d.otherPartyName} confirms that ${quoteEn(d.itemTitle)} was returned. Thank you for borrowing!`],
      action: "View the loan",
    }),
  },
  "loan.deposit_held": {
    path: (d) => paths.loan(d.loanId),
    nl: (d, f) =>
      d.side === "borrower"
        ? {
            subject: `Borg van ${f.money(d.amountCents)} vastgezet voor ${d.itemTitle}`,
            body: [
              `We houden ${f.money(d.amountCents)} borg vast op je betaalmiddel voor ${quoteNl(d.itemTitle)}. Er wordt niets afgeschreven als alles goed gaat.`,
            ],
            action: "Bekijk de lening",
          }
        : {
            subject: `De borg voor ${d.itemTitle} staat vast`,
            body: [`De borg van ${f.money(d.amountCents)} voor ${quoteNl(d.itemTitle)} staat vast. Je kunt het met een gerust hart meegeven.`],
            action: "Bekijk de lening",
          },
    en: (d, f) =>
      d.side === "borrower"
        ? {
            subject: `Deposit of ${f.money(d.amountCents)} held for ${d.itemTitle}`,
            body: [`We hold a deposit of ${f.money(d.amountCents)} on your payment method for ${quoteEn(d.itemTitle)}. Nothing is charged if all goes well.`],
            action: "View the loan",
          }
        : {
            subject: `The deposit for ${d.itemTitle} is in place`,
            body: [`The deposit of ${f.money(d.amountCents)} for ${quoteEn(d.itemTitle)} is held. You can hand it over with peace of mind.`],
            action: "View the loan",
          },
  },
  "loan.deposit_released": {
    path: (d) => paths.loan(d.loanId),
    nl: (d, f) => ({
      subject: `Borg voor ${d.itemTitle} vrijgegeven`,
      body: [
        d.side === "borrower"
          ? `De borg van ${f.money(d.amountCents)} voor ${quoteNl(d.itemTitle)} is vrijgegeven: er wordt niets afgeschreven.`
          : `De borg van ${f.money(d.amountCents)} voor ${quoteNl(d.itemTitle)} is vrijgegeven aan de lener.`,
      ],
      action: "Bekijk de lening",
    }),
    en: (d, f) => ({
      subject: `Deposit for ${d.itemTitle} released`,
      body: [
        d.side === "borrower"
          ? `The deposit of ${f.money(d.amountCents)} for ${quoteEn(d.itemTitle)} was released: nothing is charged.`
          : `The deposit of ${f.money(d.amountCents)} for ${quoteEn(d.itemTitle)} was released to the borrower.`,
      ],
      action: "View the loan",
    }),
  },
  "circle.invited": {
    path: (d) => `/circles/join/${encodeURIComponent(d.token)}`,
    nl: (d) => ({
      subject: `${d.ownerName} nodigt je uit voor de kring ${d.circleName}`,
      body: [`${d.ownerName} nodigt je uit voor de kring ${quoteNl(d.circleName)}. Leden lenen elkaar spullen die alleen voor de kring zijn.`],
      action: "Bekijk de uitnodiging",
    }),
    en: (d) => ({
      subject: `${d.ownerName} invites you to the circle ${d.circleName}`,
      body: [`${d.ownerName} invites you to the circle ${quoteEn(d.circleName)}. Members lend each other things meant for the circle only.`],
      action: "View the invitation",
    }),
  },
  "wanted.match": {
    path: (d) => paths.wanted(d.wantedId),
    nl: (d) => ({
      subject: `Een buur zoekt: ${d.wantedTitle}`,
      body: [`Een buur zoekt ${quoteNl(d.wantedTitle)}. Jouw ${quoteNl(d.itemTitle)} lijkt te passen. Bied het aan als je wilt helpen.`],
      action: "Bekijk de vraag",
    }),
    en: (d) => ({
      subject: `A neighbour is looking for: ${d.wantedTitle}`,
      body: [`A neighbour is looking for ${quoteEn(d.wantedTitle)}. Your ${quoteEn(d.itemTitle)} looks like a match. Offer it if you would like to help.`],
      action: "View the request",
    }),
  },
  "moderation.content_hidden": {
    path: (d) => d.path,
    nl: (d) => ({
      subject: `Een moderator heeft ${quoteNl(d.title)} verborgen`,
      body: [
        `Een moderator heeft ${quoteNl(d.title)} verborgen: buren zien het niet meer. De reden: ${d.reason}`,
        "Denk je dat dit een vergissing is? Antwoord op deze e-mail. Lees ook de gedragscode: /code-of-conduct.",
      ],
      action: "Bekijk het",
    }),
    en: (d) => ({
      subject: `A moderator hid ${quoteEn(d.title)}`,
      body: [
        `A moderator hid ${quoteEn(d.title)}: neighbours no longer see it. The reason: ${d.reason}`,
        "Think this is a mistake? Reply to this e-mail. See also the code of conduct: /code-of-conduct.",
      ],
      action: "View it",
    }),
  },
  "moderation.warned": {
    path: () => "/code-of-conduct",
    nl: (d) => ({
      subject: "Een waarschuwing van de moderatoren",
      body: [
        `De moderatoren waarschuwen je over ${quoteNl(d.title)}: ${d.reason}`,
        "Houd je aan de gedragscode; bij herhaling kan je account worden geschorst.",
      ],
      action: "Lees de gedragscode",
    }),
    en: (d) => ({
      subject: "A warning from the moderators",
      body: [
        `The moderators warn you about ${quoteEn(d.title)}: ${d.reason}`,
        "Please keep to the code of conduct; if it happens again your account may be suspended.",
      ],
      action: "Read the code of conduct",
    }),
  },
  "privacy.export_ready": {
    path: () => "/settings/data",
    nl: (d) => ({
      subject: "Je gegevens staan klaar",
      body: [
        "Je vroeg om alles wat Buurtkracht over je bewaart. Het staat klaar als één zip-bestand, met JSON en CSV.",
        `Je kunt het downloaden tot ${d.expiresOn}, alleen als je bent ingelogd. Daarna wissen we het bestand.`,
      ],
      action: "Download je gegevens",
    }),
    en: (d) => ({
      subject: "Your data is ready",
      body: [
        "You asked for everything Buurtkracht keeps about you. It is ready as one zip file, with JSON and CSV.",
        `You can download it until ${d.expiresOn}, only while signed in. After that we delete the file.`,
      ],
      action: "Download your data",
    }),
  },
  "account.suspended": {
    path: () => "/code-of-conduct",
    nl: (d) => ({
      subject: "Je account is geschorst",
      body: [
        `De moderatoren hebben je account geschorst. De reden: ${d.reason}`,
        "Je kunt niet meer inloggen; je spullen en lopende projecten zijn verborgen en je openstaande aanvragen zijn afgewezen. Antwoord op deze e-mail als je bezwaar wilt maken.",
      ],
      action: "Lees de gedragscode",
    }),
    en: (d) => ({
      subject: "Your account is suspended",
      body: [
        `The moderators suspended your account. The reason: ${d.reason}`,
        "You can no longer sign in; your items and live projects are hidden and your open requests were declined. Reply to this e-mail to appeal.",
      ],
      action: "Read the code of conduct",
    }),
  },
  "moderation.outcome": {
    path: () => paths.notifications(),
    nl: (d) => ({
      subject: `Uitkomst van de moderatie: ${d.subject}`,
      body: [`De moderatoren hebben ${quoteNl(d.subject)} bekeken. Uitkomst: ${d.outcome}.`, ...(d.note ? [`Toelichting: ${d.note}`] : [])],
      action: "Naar je meldingen",
    }),
    en: (d) => ({
      subject: `Moderation outcome: ${d.subject}`,
      body: [`The moderators looked at ${quoteEn(d.subject)}. Outcome: ${d.outcome}.`, ...(d.note ? [`Note: ${d.note}`] : [])],
      action: "Go to your notifications",
    }),
  },
  "payout.sent": {
    path: (d) => paths.projectDashboard(d.projectSlug),
    nl: (d, f) => ({
      subject: `${f.money(d.amountCents)} onderweg voor ${d.projectTitle}`,
      body: [
        `We hebben ${f.money(d.amountCents)} voor ${quoteNl(d.projectTitle)} naar je rekening gestuurd. Meestal staat het er binnen een paar werkdagen; je hoort het van ons.`,
      ],
      action: "Bekijk de afrekening",
    }),
    en: (d, f) => ({
      subject: `${f.money(d.amountCents)} on its way for ${d.projectTitle}`,
      body: [
        `We sent ${f.money(d.amountCents)} for ${quoteEn(d.projectTitle)} to your bank account. It usually arrives within a few working days; we will let you know.`,
      ],
      action: "View the statement",
    }),
  },
  "payout.paid": {
    path: (d) => paths.projectDashboard(d.projectSlug),
    nl: (d, f) => ({
      subject: `${f.money(d.amountCents)} uitbetaald voor ${d.projectTitle}`,
      body: [`${f.money(d.amountCents)} voor ${quoteNl(d.projectTitle)} staat op je rekening. Veel succes met het project!`],
      action: "Bekijk de afrekening",
    }),
    en: (d, f) => ({
      subject: `${f.money(d.amountCents)} paid out for ${d.projectTitle}`,
      body: [`${f.money(d.amountCents)} for ${quoteEn(d.projectTitle)} is in your bank account. Good luck with the project!`],
      action: "View the statement",
    }),
  },
  "matching.charge_failed": {
    path: (d) => paths.organisation(d.organisationSlug),
    nl: (d, f) => ({
      subject: `Afschrijving voor de verdubbeling van ${d.projectTitle} mislukt`,
      body: [
        `We konden ${f.money(d.amountCents)} voor de verdubbeling van ${quoteNl(d.projectTitle)} niet afschrijven van de opgeslagen betaalmethode van ${d.organisationName}.`,
        "Het bedrag blijft verschuldigd. Sla een andere betaalmethode op (dan proberen we het opnieuw) of maak het over per bank; een beheerder verwerkt de overschrijving.",
      ],
      action: "Naar de organisatie",
    }),
    en: (d, f) => ({
      subject: `The charge for matching ${d.projectTitle} failed`,
      body: [
        `We could not charge ${f.money(d.amountCents)} for matching ${quoteEn(d.projectTitle)} to ${d.organisationName}'s saved payment method.`,
        "The amount is still owed. Save another payment method (we will then try again) or pay by bank transfer; an admin records the transfer.",
      ],
      action: "Go to the organisation",
    }),
  },
  "project.new_backer": {
    path: (d) => paths.projectDashboard(d.projectSlug),
    nl: (d, f) => ({
      subject: `Nieuwe steun voor ${d.projectTitle}: ${f.money(d.amountCents)}`,
      body: [
        `${d.backerName ?? "Een buur"} steunt ${quoteNl(d.projectTitle)} met ${f.money(d.amountCents)}. Bedank je steuners met een bericht of een update.`,
      ],
      action: "Naar je dashboard",
    }),
    en: (d, f) => ({
      subject: `New backing for ${d.projectTitle}: ${f.money(d.amountCents)}`,
      body: [
        `${d.backerName ?? "A neighbour"} backs ${quoteEn(d.projectTitle)} with ${f.money(d.amountCents)}. Thank your backers with a message or an update.`,
      ],
      action: "Go to your dashboard",
    }),
  },
  "payout.failed": {
    path: (d) => paths.projectDashboard(d.projectSlug),
    nl: (d, f) => ({
      subject: `Uitbetaling voor ${d.projectTitle} is teruggekomen`,
      body: [
        `De uitbetaling van ${f.money(d.amountCents)} voor ${quoteNl(d.projectTitle)} is door de bank teruggestuurd. Het geld staat weer veilig bij het project. Controleer je rekeninggegevens op het dashboard; daarna proberen we het opnieuw.`,
      ],
      action: "Naar je dashboard",
    }),
    en: (d, f) => ({
      subject: `The payout for ${d.projectTitle} came back`,
      body: [
        `The bank returned the payout of ${f.money(d.amountCents)} for ${quoteEn(d.projectTitle)}. The money is safe with the project again. Please check your bank details on the dashboard; we will try again after that.`,
      ],
      action: "Go to your dashboard",
    }),
  },

  "reconciliation.alert": {
    path: (d) => paths.reconciliation(d.runId),
    nl: (d) =>
      d.outcome === "failed"
        ? {
            subject: "De afstemming met de betaalprovider is mislukt",
            body: [
              `De controle van het grootboek tegen de betaalprovider (${d.gateway}) kon niet worden uitgevoerd (controle ${d.runId}). Zolang dat zo is, ziet niemand of er geld is afgeschreven zonder boeking.`,
              "De foutmelding staat op de afstemmingspagina; de volgende controle is over een uur.",
            ],
            action: "Naar de afstemming",
          }
        : {
            subject: `${d.differences === 1 ? "1 verschil" : `${d.differences} verschillen`} tussen de betaalprovider en het grootboek`,
            body: [
              `De controle van het grootboek tegen de betaalprovider (${d.gateway}) vond ${d.differences === 1 ? "1 verschil" : `${d.differences} verschillen`}${d.newDifferences < d.differences ? `, waarvan ${d.newDifferences} nieuw` : ""} (controle ${d.runId}).`,
              "Bijvoorbeeld geld dat is afgeschreven zonder dat het is geboekt, of een boeking zonder betaling. Op de afstemmingspagina staat elk verschil in woorden, met de betaling en de journaalposten.",
            ],
            action: "Verschillen bekijken",
          },
    en: (d) =>
      d.outcome === "failed"
        ? {
            subject: "The reconciliation with the payment gateway failed",
            body: [
              `The check of the ledger against the payment gateway (${d.gateway}) could not run (check ${d.runId}). While it cannot, nobody sees money charged without a booking.`,
              "The error is on the reconciliation page; the next check is in an hour.",
            ],
            action: "Go to the reconciliation",
          }
        : {
            subject: `${d.differences === 1 ? "1 difference" : `${d.differences} differences`} between the payment gateway and the ledger`,
            body: [
              `The check of the ledger against the payment gateway (${d.gateway}) found ${d.differences === 1 ? "1 difference" : `${d.differences} differences`}${d.newDifferences < d.differences ? `, ${d.newDifferences} of them new` : ""} (check ${d.runId}).`,
              "For example money charged without a booking, or a booking without a payment. The reconciliation page tells each difference in words, with the payment and the journals.",
            ],
            action: "See the differences",
          },
  },
  "digest.weekly": {
    path: () => paths.home(),
    nl: (d, f) => ({
      subject: `Deze week in ${d.neighbourhoodName}`,
      body: [`Wat er speelt in ${d.neighbourhoodName}, week van ${f.date(d.weekOf)}.`],
      action: "Naar Buurtkracht",
      sections: d.sections,
    }),
    en: (d, f) => ({
      subject: `This week in ${d.neighbourhoodName}`,
      body: [`What is happening in ${d.neighbourhoodName}, week of ${f.date(d.weekOf)}.`],
      action: "Go to Buurtkracht",
      sections: d.sections,
    }),
  },
  "recurring.started": {
    path: (d) => `/me/monthly/${d.giftId}`,
    nl: (d, f) => ({
      subject: `Je maandelijkse steun aan ${d.projectTitle} loopt`,
      body: [
        `Je steunt ${quoteNl(d.projectTitle)} nu met ${f.money(d.amountCents)} per maand. De eerste maand is betaald.`,
        "Je kunt het bedrag altijd aanpassen, pauzeren of stoppen in Mijn steun.",
      ],
      action: "Bekijk je maandelijkse steun",
    }),
    en: (d, f) => ({
      subject: `Your monthly gift to ${d.projectTitle} has started`,
      body: [
        `You now support ${quoteEn(d.projectTitle)} with ${f.money(d.amountCents)} a month. The first month is paid.`,
        "You can change, pause or stop it any time in My support.",
      ],
      action: "View your monthly gift",
    }),
  },
  "recurring.paid": {
    path: (d) => `/me/monthly/${d.giftId}`,
    nl: (d, f) => ({
      subject: `${f.money(d.amountCents)} afgeschreven voor ${d.projectTitle} (${d.period})`,
      body: [`We hebben ${f.money(d.amountCents)} afgeschreven voor je maandelijkse steun aan ${quoteNl(d.projectTitle)}, maand ${d.period}. Dank je wel!`],
      action: "Bekijk je betalingen",
    }),
    en: (d, f) => ({
      subject: `${f.money(d.amountCents)} charged for ${d.projectTitle} (${d.period})`,
      body: [`We charged ${f.money(d.amountCents)} for your monthly gift to ${quoteEn(d.projectTitle)}, month ${d.period}. Thank you!`],
      action: "View your payments",
    }),
  },
  "recurring.payment_failed": {
    path: (d) => d.fixPath,
    nl: (d, f) => ({
      subject: `Maandelijkse betaling mislukt voor ${d.projectTitle}: actie nodig`,
      body: [
        `We konden ${f.money(d.amountCents)} voor je maandelijkse steun aan ${quoteNl(d.projectTitle)} niet afschrijven.`,
        "We proberen het over een paar dagen opnieuw. Werk je betaalmethode bij, dan proberen we het meteen; na drie mislukte pogingen stopt je maandelijkse steun.",
      ],
      action: "Betaling herstellen",
    }),
    en: (d, f) => ({
      subject: `Monthly payment failed for ${d.projectTitle}: action needed`,
      body: [
        `We could not charge ${f.money(d.amountCents)} for your monthly gift to ${quoteEn(d.projectTitle)}.`,
        "We will try again in a few days. Update your payment method and we try at once; after three failed attempts your monthly gift stops.",
      ],
      action: "Fix the payment",
    }),
  },
  "recurring.cancelled": {
    path: (d) => `/me/monthly/${d.giftId}`,
    nl: (d) => ({
      subject: `Je maandelijkse steun aan ${d.projectTitle} is gestopt`,
      body: [
        d.targetClosed
          ? `Je maandelijkse steun aan ${quoteNl(d.projectTitle)} is gestopt omdat het niet meer loopt. Er wordt niets meer afgeschreven.`
          : d.bySystem
            ? `Je maandelijkse steun aan ${quoteNl(d.projectTitle)} is gestopt omdat de betaling drie keer mislukte.`
            : `Je hebt je maandelijkse steun aan ${quoteNl(d.projectTitle)} gestopt. Er wordt niets meer afgeschreven.`,
      ],
      action: "Bekijk je steun",
    }),
    en: (d) => ({
      subject: `Your monthly gift to ${d.projectTitle} has stopped`,
      body: [
        d.targetClosed
          ? `Your monthly gift to ${quoteEn(d.projectTitle)} stopped because it is no longer running. Nothing more will be charged.`
          : d.bySystem
            ? `Your monthly gift to ${quoteEn(d.projectTitle)} stopped because the payment failed three times.`
            : `You stopped your monthly gift to ${quoteEn(d.projectTitle)}. Nothing more will be charged.`,
      ],
      action: "View your support",
    }),
  },
  "ambassador.milestone_backer": {
    path: (d) => paths.shareKit(d.projectSlug),
    nl: (d) => ({
      subject: `${d.projectTitle} staat op ${d.milestone}% — deel het met je buren`,
      body: [
        d.milestone === 100
          ? `${quoteNl(d.projectTitle)}, dat je steunt, heeft het doel gehaald. Dank je wel! Deel het nieuws met je buren: met je eigen link zie je wie je meebracht.`
          : `${quoteNl(d.projectTitle)}, dat je steunt, staat op ${d.milestone}% van het doel. Deel het met je buren: met je eigen link zie je wie je meebracht.`,
      ],
      action: "Naar je deellink",
    }),
    en: (d) => ({
      subject: `${d.projectTitle} is at ${d.milestone}% — share it with your neighbours`,
      body: [
        d.milestone === 100
          ? `${quoteEn(d.projectTitle)}, which you back, reached its goal. Thank you! Share the news with your neighbours: your own link shows whom you brought.`
          : `${quoteEn(d.projectTitle)}, which you back, is at ${d.milestone}% of its goal. Share it with your neighbours: your own link shows whom you brought.`,
      ],
      action: "Go to your share link",
    }),
  },
  "ambassador.milestone_team": {
    path: (d) => paths.shareKit(d.projectSlug),
    nl: (d) => ({
      subject: `${d.projectTitle} staat op ${d.milestone}% — deel het met je buren`,
      body: [
        d.milestone === 100
          ? `Je project ${quoteNl(d.projectTitle)} heeft het doel gehaald. Vertel het je buren en bedank je ambassadeurs op het dashboard.`
          : `Je project ${quoteNl(d.projectTitle)} staat op ${d.milestone}% van het doel. Deel het met je buren: je eigen link, de teksten en de poster staan klaar.`,
      ],
      action: "Naar je deellink",
    }),
    en: (d) => ({
      subject: `${d.projectTitle} is at ${d.milestone}% — share it with your neighbours`,
      body: [
        d.milestone === 100
          ? `Your project ${quoteEn(d.projectTitle)} reached its goal. Tell your neighbours and thank your ambassadors on the dashboard.`
          : `Your project ${quoteEn(d.projectTitle)} is at ${d.milestone}% of its goal. Share it with your neighbours: your own link, the texts and the poster are ready.`,
      ],
      action: "Go to your share link",
    }),
  },
};

export function formattersFor(locale: Locale): Formatters {
  return {
    money: (cents) => formatMoney(cents, locale),
    date: (iso) => formatDate(/^\d{4}-\d{2}-\d{2}$/.test(iso) ? `${iso}T12:00:00Z` : iso, locale),
    period: (from, to) => formatPeriod(from, to, locale),
  };
}

/** The copy and link of one notification in one language. */
export function renderCopy<K extends NotificationKind>(kind: K, data: NotificationData<K>, locale: Locale): Copy & { path: string } {
  const template = templates[kind] as KindTemplate<K>;
  const copy = template[locale](data, formattersFor(locale));
  return { ...copy, path: template.path(data) };
}
