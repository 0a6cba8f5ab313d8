import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { escapeHtml, renderEmail, renderInApp } from "./email-layout";
import { allNotificationKinds, type NotificationData, type NotificationKind, notificationKinds, parseNotificationData, wantsEmail } from "./kinds";
import { templates } from "./templates";

const project = { projectSlug: "buurtmoestuin", projectTitle: "Buurtmoestuin" };
const pledge = { pledgeId: "p1", ...project, amountCents: 1250 };
const loan = { loanId: "l1", itemTitle: "Ladder", otherPartyName: "Mohammed", startsOn: "2026-12-01", endsOn: "2026-12-03" };
const day = { loanId: "l1", itemTitle: "Ladder", otherPartyName: "Mohammed", date: "2026-12-02" };
const shift = { ...project, needId: "n1", shiftTitle: "Plantenbakken bouwen", day: "2027-06-12", time: "10:00–13:00", place: "Javaplein" };

/** One valid example per kind: a kind without one is a type error. */
const samples: { [K in NotificationKind]: NotificationData<K> } = {
  "account.verify_email": { token: "a".repeat(43) },
  "account.password_reset": { token: "b".repeat(43) },
  "account.signup_existing": {},
  "project.submitted": project,
  "project.approved": { ...project, message: "Mooi plan!" },
  "project.changes_requested": { ...project, message: "Splits de begroting." },
  "project.launched": project,
  "project.succeeded": project,
  "project.failed": project,
  "project.update_posted": { ...project, updateTitle: "De eerste oogst" },
  "project.comment_posted": { ...project, authorName: "Eva" },
  "shift.reminder": shift,
  "shift.cancelled": shift,
  "need.offered": { ...project, needId: "n2", needTitle: "Een aanhanger" },
  "need.offer_accepted": { ...project, needId: "n2", needTitle: "Een aanhanger" },
  "pledge.saved": pledge,
  "pledge.charged": pledge,
  "pledge.payment_failed": { ...pledge, fixPath: "/me/pledges/p1/fix", fixUntil: "2026-12-08T10:00:00.000Z" },
  "pledge.dropped": pledge,
  "pledge.released": pledge,
  "pledge.refunded": pledge,
  "loan.requested": loan,
  "loan.accepted": loan,
  "loan.declined": loan,
  "loan.expired": loan,
  "loan.cancelled": loan,
  "loan.extension_requested": loan,
  "loan.extension_accepted": loan,
  "loan.extension_declined": loan,
  "loan.pickup_reminder": day,
  "loan.return_reminder": day,
  "loan.overdue": day,
  "loan.claim_filed": { loanId: "l1", itemTitle: "Ladder", amountCents: 4000 },
  "review.invite": { loanId: "l1", itemTitle: "Ladder", otherPartyName: "Eva" },
  "review.received": { loanId: "l1", itemTitle: "Ladder", otherPartyName: "Eva" },
  "review.published": { loanId: "l1", itemTitle: "Ladder", otherPartyName: "Eva" },
  "team.invited": { ...project, role: "co_initiator", inviterName: "Anna" },
  "team.accepted": { ...project, role: "co_initiator", memberName: "Eva" },
  "team.declined": { ...project, role: "helper", memberName: "Eva" },
  "team.removed": { ...project, role: "helper" },
  "team.role_changed": { ...project, role: "co_initiator" },
  "idea.answered": { ideaId: "i1", ideaTitle: "Schommel kapot", organisationName: "Gemeente Amsterdam", status: "planned", changed: true, mine: true },
  "idea.helper_joined": { ideaId: "i1", ideaTitle: "Schommel kapot", helperName: "Eva" },
  "idea.commented": { ideaId: "i1", ideaTitle: "Schommel kapot", authorName: "Eva" },
  "idea.maker_allowed": { ideaId: "i1", ideaTitle: "Schommel kapot", posterName: "Anna" },
  "idea.project_launched": { ideaId: "i1", ideaTitle: "Schommel kapot", ...project },
  "question.asked": { ...project, questionId: "q1", askerName: "Eva", suggestion: false, private: true },
  "question.reminder": { ...project, questionId: "q1", askerName: "Eva", askedOn: "2026-12-01" },
  "question.answered": { ...project, questionId: "q1", suggestion: true },
  "community_loan.started": { ...project, loanId: "cl1", amountCents: 25_000, months: 24 },
  "community_loan.repayment_received": { ...project, loanId: "cl1", n: 1, amountCents: 1_063, dueOn: "2027-01-07" },
  "community_loan.due_soon": { ...project, loanId: "cl1", n: 2, amountCents: 21_270, dueOn: "2027-02-07" },
  "community_loan.late": { ...project, loanId: "cl1", n: 2, amountCents: 21_270, dueOn: "2027-02-07", borrower: true },
  "community_loan.payout_paid": { ...project, loanId: "cl1", amountCents: 1_063 },
  "community_loan.payout_failed": { ...project, loanId: "cl1", amountCents: 1_063 },
  "loan.claim_resolved": { loanId: "l1", itemTitle: "Ladder", amountCents: 2000 },
  "wanted.match": { wantedId: "w1", wantedTitle: "Een ladder", itemTitle: "Ladder" },
  "loan.offered": loan,
  "loan.offer_accepted": loan,
  "loan.offer_declined": loan,
  "loan.message": { loanId: "l1", itemTitle: "Ladder", otherPartyName: "Mohammed" },
  "loan.handover_confirmed": { ...loan, complete: false },
  "loan.returned": loan,
  "loan.deposit_held": { loanId: "l1", itemTitle: "Ladder", amountCents: 4000, side: "borrower" },
  "loan.deposit_released": { loanId: "l1", itemTitle: "Ladder", amountCents: 4000, side: "owner" },
  "circle.invited": { circleName: "Tennisclub", ownerName: "Mohammed", token: `${"0".repeat(8)}-0000-4000-8000-${"0".repeat(12)}.${"a".repeat(43)}` },
  "moderation.content_hidden": { title: "Boormachine", path: "/items/i1", reason: "Dit is reclame." },
  "moderation.warned": { title: "Je reactie", reason: "Blijf vriendelijk." },
  "account.suspended": { reason: "Oplichting." },
  "privacy.export_ready": { exportId: "e1", expiresOn: "2026-12-11" },
  "moderation.outcome": { subject: "Je reactie bij Buurtmoestuin", outcome: "verwijderd", note: "Persoonlijke aanval" },
  "payout.sent": { ...project, amountCents: 150000 },
  "payout.paid": { ...project, amountCents: 150000 },
  "payout.failed": { ...project, amountCents: 150000 },
  "project.new_backer": { ...project, amountCents: 2000, backerName: "Eva" },
  "matching.charge_failed": { organisationSlug: "wijkfonds-oost", organisationName: "Wijkfonds Oost", ...project, amountCents: 6000 },
  "reconciliation.alert": { runId: "12", outcome: "differences", differences: 3, newDifferences: 1, gateway: "stripe" },
  "digest.weekly": {
    weekOf: "2026-11-23",
    neighbourhoodName: "Lombok",
    sections: [{ key: "projects.new", title: "Nieuwe projecten", items: [{ title: "Speeltuin", path: "/projects/speeltuin", detail: "€ 2.000" }] }],
  },
  "recurring.started": { giftId: "g1", ...project, amountCents: 1000 },
  "recurring.paid": { giftId: "g1", ...project, amountCents: 1000, period: "2026-12" },
  "recurring.payment_failed": { giftId: "g1", ...project, amountCents: 1000, fixPath: "/me/monthly/g1/fix" },
  "recurring.cancelled": { giftId: "g1", ...project, amountCents: 1000, bySystem: true },
  "ambassador.milestone_backer": { ...project, milestone: 50 },
  "ambassador.milestone_team": { ...project, milestone: 100 },
};

const ctx = (locale: "nl" | "en") => ({
  locale,
  appUrl: "https://buurt.example",
  recipientName: "Anna",
  unsubscribeUrl: "https://buurt.example/unsubscribe?token=x&y=1",
});

describe("templates", () => {
  it("exist for every kind, with the kind's registry entry", () => {
    expect(Object.keys(templates).sort()).toEqual([...allNotificationKinds].sort());
    expect(allNotificationKinds).toHaveLength(84);
  });

  it.each(allNotificationKinds)("%s: valid sample data renders in Dutch and English, text and HTML, with a same-site link", (kind) => {
    const data = parseNotificationData(kind, samples[kind]);
    const nl = renderEmail(kind, data as never, ctx("nl"));
    const en = renderEmail(kind, data as never, ctx("en"));
    for (const mail of [nl, en]) {
      expect(mail.subject.length).toBeGreaterThan(5);
      expect(mail.url).toMatch(/^https:\/\/buurt\.example\/([^/]|$)/);
      expect(mail.text).toContain(mail.url);
      expect(mail.html).toContain(escapeHtml(mail.url));
      // Nothing left unformatted.
      for (const part of [mail.subject, mail.text, mail.html]) {
        expect(part).not.toMatch(/undefined|NaN|\[object |\{\w+\}/);
        expect(part).not.toContain("1250"); // cents never shown raw
      }
    }
    expect(nl.subject).not.toBe(en.subject);
    expect(nl.html).toContain('<html lang="nl">');
    expect(en.html).toContain('<html lang="en">');
    const inApp = renderInApp(kind, data as never, "nl");
    expect(inApp.title).toBe(nl.subject);
    expect(inApp.path.startsWith("/")).toBe(true);
  });

  it("an offer reads the right way round: the owner offers, the borrower side (a neighbour or a project's initiator) is offered", () => {
    const offer = { ...loan, otherPartyName: "Mohammed", itemTitle: "de steekwagen" };
    expect(renderEmail("loan.offered", offer, ctx("nl")).subject).toBe("Mohammed biedt je de steekwagen aan");
    expect(renderEmail("loan.offered", offer, ctx("en")).subject).toBe("Mohammed offers you de steekwagen");
    expect(renderEmail("loan.offer_accepted", { ...offer, otherPartyName: "Eva" }, ctx("nl")).subject).toBe("Eva neemt je aanbod van de steekwagen aan");
    expect(renderEmail("loan.requested", { ...offer, otherPartyName: "Eva" }, ctx("nl")).subject).toBe("Eva wil de steekwagen lenen");
  });

  it("one day reads as one day, a request in plain Dutch, and the overdue notice in each side's own words (issue 13 §5)", () => {
    const oneDay = { ...loan, otherPartyName: "Eva", startsOn: "2026-12-04", endsOn: "2026-12-04" };
    const nl = renderEmail("loan.requested", oneDay, ctx("nl")).text;
    expect(nl).toContain("Eva wil ‘Ladder’ graag lenen, op 4 december 2026.");
    expect(nl).not.toMatch(/tot en met|mogen lenen/);
    expect(renderEmail("loan.requested", oneDay, ctx("en")).text).toContain("on 4 December 2026");
    expect(renderEmail("loan.requested", loan, ctx("nl")).text).toContain("van 1 december 2026 tot en met 3 december 2026");
    const overdue = { loanId: "l1", itemTitle: "Ladder", otherPartyName: "Eva", date: "2026-12-03" };
    const owner = renderEmail("loan.overdue", { ...overdue, side: "owner" }, ctx("nl")).text;
    expect(owner).toContain("bij je terug moeten zijn; Eva heeft het nog");
    expect(owner).not.toContain("om het terug te brengen");
    expect(renderEmail("loan.overdue", { ...overdue, side: "borrower" }, ctx("nl")).text).toContain("om het terug te brengen");
  });

  it("every link points at a page that exists (a route file in app/routes)", () => {
    // Remix flat routes: "projects.$slug._index.tsx" → /projects/<any>; "[.]" is a literal dot.
    // A route is a file, or a folder holding route.tsx (route-local modules sit beside it).
    const routesDir = path.join(import.meta.dirname, "../routes");
    const routes = fs
      .readdirSync(routesDir, { withFileTypes: true })
      .map((e) => (e.isDirectory() && fs.existsSync(path.join(routesDir, e.name, "route.tsx")) ? `${e.name}.tsx` : e.name))
      // ("$.tsx" is the catch-all 404 page: it matches anything, so it does not count.)
      .filter((f) => /\.tsx?$/.test(f) && !f.includes(".test.") && !f.startsWith("$."))
      .map((f) => {
        const segments = f
          .replace(/\.tsx?$/, "")
          .replace(/\[\.\]/g, "\u0000")
          .split(".")
          .filter((s) => s !== "_index")
          // eslint-disable-next-line no-control-regex -- "[.]" in a route name is a literal dot, held as a NUL while splitting
          .map((s) => (s === "$" ? ".*" : s.startsWith("$") ? "[^/]+" : s.replace(/\u0000/g, "\\.")));
        return new RegExp(`^/${segments.join("/")}$`);
      });
    const pathsOf = allNotificationKinds.map((kind) => {
      const route = renderInApp(kind, parseNotificationData(kind, samples[kind]) as never, "en").path.split(/[?#]/)[0]!;
      return [kind, route] as const;
    });
    const missing = pathsOf.filter(([, p]) => !routes.some((r) => r.test(p)));
    expect(missing).toEqual([]);
  });

  it("formats money and dates in the recipient's language", () => {
    const nl = renderEmail("pledge.payment_failed", samples["pledge.payment_failed"], ctx("nl"));
    const en = renderEmail("pledge.payment_failed", samples["pledge.payment_failed"], ctx("en"));
    expect(nl.text).toContain("€\u00a012,50");
    expect(nl.text).toContain("8 december 2026");
    expect(en.text).toContain("€12.50");
    expect(en.text).toContain("8 December 2026");
    expect(nl.url).toBe("https://buurt.example/me/pledges/p1/fix");
  });

  it("escapes what users typed, in every HTML part", () => {
    const evil = `<script>alert("x")</script> & 'co'`;
    const mail = renderEmail("project.comment_posted", { ...project, projectTitle: evil, authorName: `<img src=x onerror=alert(1)>` }, ctx("nl"));
    expect(mail.html).not.toContain("<script>");
    expect(mail.html).not.toContain("<img");
    expect(mail.html).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;co&#39;");
    expect(mail.text).toContain(evil); // the text part is plain text
  });

  it("links unsubscribe only for mail that can be switched off", () => {
    const normal = renderEmail("loan.requested", samples["loan.requested"], ctx("en"));
    expect(normal.text).toContain("Unsubscribe from these e-mails: https://buurt.example/unsubscribe?token=x&y=1");
    expect(normal.html).toContain('href="https://buurt.example/unsubscribe?token=x&amp;y=1"');
    expect(normal.text).toContain("about ‘Lending and borrowing’");
    const money = renderEmail("pledge.refunded", samples["pledge.refunded"], { ...ctx("en"), unsubscribeUrl: null });
    expect(money.text).not.toContain("Unsubscribe");
    expect(money.text).toContain("always sent");
    const account = renderEmail("account.password_reset", samples["account.password_reset"], { ...ctx("nl"), unsubscribeUrl: null });
    expect(account.url).toBe(`https://buurt.example/reset-password?token=${"b".repeat(43)}`);
    expect(account.text).not.toContain("/settings/notifications");
  });

  it("marks exactly payment failed, refund, payout, matching charge failed, reconciliation alerts, moderators' actions, account mail, a ready data export and community loans' money notices as impossible to switch off", () => {
    const alwaysSent = allNotificationKinds.filter((k) => wantsEmail(k, () => false));
    expect(alwaysSent.sort()).toEqual([
      "account.password_reset",
      "account.signup_existing",
      "account.suspended",
      "account.verify_email",
      "community_loan.due_soon",
      "community_loan.late",
      "community_loan.payout_failed",
      "community_loan.payout_paid",
      "community_loan.repayment_received",
      "community_loan.started",
      "matching.charge_failed",
      "moderation.content_hidden",
      "moderation.warned",
      "payout.failed",
      "payout.paid",
      "payout.sent",
      "pledge.charged",
      "pledge.payment_failed",
      "pledge.refunded",
      "privacy.export_ready",
      "reconciliation.alert",
      "recurring.cancelled",
      "recurring.paid",
      "recurring.payment_failed",
    ]);
    expect(allNotificationKinds.filter((k) => !notificationKinds[k].inApp).sort()).toEqual([
      "account.password_reset",
      "account.signup_existing",
      "account.suspended",
      "account.verify_email",
      "digest.weekly",
    ]);
  });
});
