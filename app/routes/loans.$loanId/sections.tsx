import { PhotoField } from "../../components/ui/photo-field";
import { ResponsiveImage } from "../../components/ui/responsive-image";
import { depositExplainKey, feeKey } from "../../lending/loan-words";
import { confirmOnSubmit } from "../../components/ui/confirm";
import { Form, Link, useNavigation } from "@remix-run/react";
import type { ReactNode } from "react";
import { formatDay } from "../../components/lending/format";
import { LoanStateBadge } from "../../components/lending/state-badge";
import { FormErrorSummary, TextArea, TextField } from "../../components/ui/field";
import { MoneyField } from "../../components/ui/money-field";
import { formatDateTime, formatMoney } from "../../i18n/format";
import type { MessageKey } from "../../i18n/i18n";
import { useLocale, useT } from "../../i18n/use-t";
import type { LoanPage } from "../../lending/views";
import type { FieldErrors } from "../../forms/forms";

/** The loan page's sections (route-local: only /loans/<id> shows them). */
type LoaderPage = LoanPage;

export function LoanHeader({ page }: { page: LoanPage }) {
  const t = useT();
  const { loan } = page;
  return (
    <header className="flex flex-wrap items-center gap-4">
      {page.item.photo ? <ResponsiveImage image={page.item.photo} alt="" sizes="120px" width={120} height={90} className="rounded-lg" /> : null}
      <div>
        <h1 className="text-2xl font-bold">{t("lending.loan.title", { item: page.item.title })}</h1>
        <p className="mt-1">
          <LoanStateBadge state={loan.state} /> <Link to={`/items/${page.item.id}`}>{page.item.title}</Link>
        </p>
        {page.viewer === "moderator" ? <p className="mt-1 text-sm font-medium text-brand-800">{t("lending.loan.moderatorView")}</p> : null}
      </div>
    </header>
  );
}

/** Who, when, what it costs, where to pick it up, and how far the handover is. */
export function LoanSummary({ page, project }: { page: LoanPage; project?: { slug: string; title: string } | null }) {
  const t = useT();
  const locale = useLocale();
  const { loan } = page;
  const done = (at: string | Date | null) => (at ? t("lending.loan.confirmed") : t("lending.loan.notConfirmed"));
  return (
    <section aria-labelledby="summary-heading" className="card p-5">
      <h2 id="summary-heading" className="text-lg font-semibold">
        {t("lending.loan.summary")}
      </h2>
      <dl className="mt-3 grid grid-cols-[auto_1fr] gap-x-6 gap-y-2">
        <dt className="font-medium">{t("lending.loan.owner")}</dt>
        <dd>
          <Link to={`/u/${page.owner.handle}`}>{page.owner.displayName}</Link>
        </dd>
        <dt className="font-medium">{t("lending.loan.borrower")}</dt>
        <dd>
          {page.projectId ? (
            project ? (
              <>
                <Link to={`/projects/${project.slug}`}>{project.title}</Link> {t("lending.loan.projectContact", { name: page.borrower.displayName })}
              </>
            ) : (
              t("lending.loan.projectBorrower", { name: page.borrower.displayName })
            )
          ) : (
            <Link to={`/u/${page.borrower.handle}`}>{page.borrower.displayName}</Link>
          )}
        </dd>
        <dt className="font-medium">{t("lending.loan.period")}</dt>
        <dd>
          {t("lending.loan.dates", { from: formatDay(loan.startsOn, locale), to: formatDay(loan.endsOn, locale) })} (
          {t("lending.item.days", { count: loan.days })})
        </dd>
        <dt className="font-medium">{t("lending.loan.deposit")}</dt>
        <dd>{loan.depositCents > 0 ? formatMoney(loan.depositCents, locale) : t("lending.card.noDeposit")}</dd>
        <dt className="font-medium">{t("lending.loan.fee")}</dt>
        <dd>
          {loan.feePerDayCents > 0
            ? t(feeKey(loan.state), { total: formatMoney(loan.feeTotalCents, locale), perDay: formatMoney(loan.feePerDayCents, locale) })
            : t("lending.card.free")}
        </dd>
        {page.pickupAddress ? (
          <>
            <dt className="font-medium">{t("lending.loan.pickupAddress")}</dt>
            <dd className="whitespace-pre-line">{page.pickupAddress}</dd>
          </>
        ) : null}
      </dl>
      {loan.state === "requested" ? (
        <p className="mt-3 text-sm text-stone-700">{t("lending.loan.expiresAt", { when: formatDateTime(loan.expiresAt, locale) })}</p>
      ) : null}
      {loan.state === "accepted" ? (
        <p className="mt-3 text-sm text-stone-800">
          {t("lending.loan.handoverStatus", {
            owner: page.owner.displayName,
            ownerDone: done(loan.ownerHandoverAt),
            borrower: page.borrower.displayName,
            borrowerDone: done(loan.borrowerHandoverAt),
          })}
        </p>
      ) : null}
      {page.extension ? (
        <p className="mt-3 text-sm font-medium text-stone-800">{t("lending.loan.extensionPending", { date: formatDay(page.extension.newEndsOn, locale) })}</p>
      ) : null}
    </section>
  );
}

export function ClaimSection({ page }: { page: LoanPage }) {
  const t = useT();
  const locale = useLocale();
  if (!page.claim) return null;
  return (
    <section aria-labelledby="claim-heading" className="card p-5">
      <h2 id="claim-heading" className="text-lg font-semibold">
        {t("lending.loan.claim")}
      </h2>
      <p className="mt-2">{t("lending.loan.claimAmount", { amount: formatMoney(page.claim.amountCents, locale) })}</p>
      <p className="mt-1 whitespace-pre-line text-stone-800">{page.claim.description}</p>
      {page.claim.disputeNote ? <p className="mt-2 text-stone-800">{t("lending.loan.claimDispute", { note: page.claim.disputeNote })}</p> : null}
      {page.claim.decidedAmountCents !== null ? (
        <p className="mt-2 font-medium">{t("lending.loan.claimDecided", { amount: formatMoney(page.claim.decidedAmountCents, locale) })}</p>
      ) : null}
    </section>
  );
}

export function LoanPhotos({ page }: { page: LoanPage }) {
  const t = useT();
  if (!page.photos.length) return null;
  return (
    <section aria-labelledby="photos-heading" className="card p-5">
      <h2 id="photos-heading" className="text-lg font-semibold">
        {t("lending.loan.photos")}
      </h2>
      <ul className="mt-3 grid grid-cols-2 gap-3">
        {page.photos.map((p) => (
          <li key={p.largeUrl}>
            <a href={p.largeUrl}>
              <ResponsiveImage
                image={p.card}
                alt={t(p.kind === "handover" ? "lending.loan.photoHandover" : "lending.loan.photoClaim")}
                sizes="(min-width: 1024px) 20rem, 45vw"
                className="rounded-lg"
              />
            </a>
          </li>
        ))}
      </ul>
    </section>
  );
}

export function LoanMessages({ page, errors }: { page: LoanPage; errors?: FieldErrors }) {
  const t = useT();
  const locale = useLocale();
  const busy = useNavigation().state === "submitting";
  const messageErrors = errors;
  if (page.viewer === "moderator") return null;
  return (
    <section aria-labelledby="messages-heading" className="card p-5">
      <h2 id="messages-heading" className="text-lg font-semibold">
        {t("lending.loan.messages")}
      </h2>
      {page.messages.length === 0 ? (
        <p className="mt-2 text-stone-700">{t("lending.loan.noMessages")}</p>
      ) : (
        <ol className="mt-3 space-y-3">
          {page.messages.map((m) => (
            <li key={m.id} id={`message-${m.id}`} className={`rounded-lg p-3 ${m.mine ? "ml-8 bg-brand-50" : "mr-8 bg-stone-100"}`}>
              <p className="text-sm font-semibold">
                {m.authorName} · <time dateTime={new Date(m.sentAt).toISOString()}>{formatDateTime(m.sentAt, locale)}</time>
                {!m.mine && !m.hidden ? (
                  <>
                    {" · "}
                    <Link to={`/report?kind=loan_message&id=${m.id}`} className="font-normal">
                      {t("moderation.report.link")}
                    </Link>
                  </>
                ) : null}
              </p>
              {m.hidden ? (
                <p className="mt-1 text-sm italic text-stone-700">
                  {m.hiddenReason ? t("moderation.hidden.messageMine", { reason: m.hiddenReason }) : t("moderation.hidden.message")}
                </p>
              ) : (
                <p className="mt-1 whitespace-pre-line break-words">{m.body}</p>
              )}
            </li>
          ))}
        </ol>
      )}
      <Form method="post" className="mt-4 space-y-3" noValidate>
        <input type="hidden" name="intent" value="message" />
        <TextArea
          label={t("lending.message.field")}
          hint={t("lending.message.hint")}
          name="body"
          required
          maxLength={2000}
          error={messageErrors?.body ?? (messageErrors?._form as MessageKey | undefined)}
        />
        <button type="submit" className="btn-secondary" disabled={busy}>
          {t("lending.message.send")}
        </button>
      </Form>
    </section>
  );
}

export function ActionForm({
  intent,
  label,
  children,
  multipart,
  danger,
  errors,
  confirm,
}: {
  intent: string;
  label: string;
  children?: ReactNode;
  multipart?: boolean;
  danger?: boolean;
  errors?: FieldErrors;
  /** Asked before a final or destructive step (issue 13 §3). */
  confirm?: string;
}) {
  const busy = useNavigation().state === "submitting";
  return (
    <Form
      method="post"
      encType={multipart ? "multipart/form-data" : undefined}
      className="space-y-3 rounded-lg border border-stone-200 p-4"
      noValidate
      onSubmit={confirm ? confirmOnSubmit(confirm) : undefined}
    >
      <FormErrorSummary errors={errors} />
      <input type="hidden" name="intent" value={intent} />
      {children}
      <button type="submit" className={danger ? "btn-secondary" : "btn-primary"} disabled={busy}>
        {label}
      </button>
    </Form>
  );
}

export function DepositSection({ page, errors }: { page: LoaderPage; errors?: FieldErrors }) {
  const t = useT();
  const locale = useLocale();
  const busy = useNavigation().state === "submitting";
  const d = page.deposit;
  if (!d) return null;
  const amount = formatMoney(d.amountCents, locale);
  const method = d.methodLabel ?? "";
  const stateText = (() => {
    switch (d.state) {
      case "awaiting_method":
        return t("lending.deposit.state.awaiting_method");
      case "method_saved":
        return t("lending.deposit.state.method_saved", { method });
      case "held":
        return t("lending.deposit.state.held", {
          amount: formatMoney(d.heldCents ?? d.amountCents, locale),
          method,
          until: d.holdExpiresAt ? formatDateTime(d.holdExpiresAt, locale) : "",
        });
      case "captured":
      case "charged":
        return t(`lending.deposit.state.${d.state}`, { amount: formatMoney(d.collectedCents ?? 0, locale) });
      case "released":
      case "charge_failed":
      case "cancelled":
        return t(`lending.deposit.state.${d.state}`);
      default:
        return d.state;
    }
  })();
  return (
    <section aria-labelledby="deposit-heading" className="card space-y-3 p-5">
      <h2 id="deposit-heading" className="text-lg font-semibold">
        {t("lending.deposit.title")}: {amount}
      </h2>
      <p className="text-sm text-stone-700">{t(depositExplainKey(d.path, page.viewer), { amount })}</p>
      <p className="font-medium">{stateText}</p>
      {d.lastFailure && d.state === "awaiting_method" ? <p className="text-sm text-red-800">{t("lending.deposit.failed", { code: d.lastFailure })}</p> : null}
      {d.actionUrl ? (
        <p>
          <a href={d.actionUrl} className="btn-primary">
            {t("lending.deposit.authenticate")}
          </a>
        </p>
      ) : null}
      {page.viewer === "borrower" && d.state === "awaiting_method" && page.loan.state === "accepted" ? (
        <Form method="post" className="space-y-2">
          <FormErrorSummary errors={errors} />
          <input type="hidden" name="intent" value="start_deposit" />
          <button type="submit" className="btn-primary" disabled={busy}>
            {t("lending.deposit.arrange")}
          </button>
        </Form>
      ) : null}
    </section>
  );
}

export function LoanActions({ page, errorsFor }: { page: LoaderPage; errorsFor: (intent: string) => FieldErrors | undefined }) {
  const t = useT();
  const locale = useLocale();
  const { loan, actions } = page;
  const has = (a: (typeof actions)[number]) => actions.includes(a);
  if (actions.length === 0) return <p className="text-stone-700">{t("lending.loan.noActions")}</p>;
  return (
    <div className="space-y-3">
      {has("accept") ? <ActionForm intent="accept" label={t("lending.action.accept")} errors={errorsFor("accept")} /> : null}
      {has("decline") ? (
        <ActionForm intent="decline" label={t("lending.action.decline")} danger errors={errorsFor("decline")}>
          <TextArea label={t("lending.field.note")} name="note" optional maxLength={1000} error={errorsFor("decline")?.note} />
        </ActionForm>
      ) : null}
      {has("confirm_handover") ? (
        <ActionForm intent="confirm_handover" label={t("lending.action.confirm_handover")} multipart errors={errorsFor("confirm_handover")}>
          {loan.startsOn > page.today ? (
            <p className="text-sm text-stone-700">{t("lending.loan.handoverTooEarly", { date: formatDay(loan.startsOn, locale) })}</p>
          ) : null}
          {loan.depositCents > 0 && page.deposit?.state !== "held" && page.deposit?.state !== "method_saved" ? (
            <p className="text-sm text-stone-700">{t("lending.loan.depositPending")}</p>
          ) : null}
          <TextArea label={t("lending.field.handoverNote")} name="note" optional maxLength={1000} error={errorsFor("confirm_handover")?.note} />
          <PhotoField
            label={t("lending.field.handoverPhoto")}
            name="photos"
            accept="image/jpeg,image/png,image/webp"
            optional
            error={errorsFor("confirm_handover")?.photos}
          />
        </ActionForm>
      ) : null}
      {has("confirm_return") ? (
        <ActionForm intent="confirm_return" label={t("lending.action.confirm_return")} errors={errorsFor("confirm_return")}>
          <TextArea label={t("lending.field.returnNote")} name="note" optional maxLength={1000} />
        </ActionForm>
      ) : null}
      {has("close") ? <ActionForm intent="close" label={t("lending.action.close")} errors={errorsFor("close")} /> : null}
      {has("file_claim") ? (
        <ActionForm intent="file_claim" label={t("lending.action.file_claim")} multipart danger errors={errorsFor("file_claim")}>
          <MoneyField
            label={t("lending.field.claimAmount", { deposit: formatMoney(loan.depositCents, locale) })}
            name="amount"
            required
            error={errorsFor("file_claim")?.amount}
          />
          <TextArea label={t("lending.field.claimDescription")} name="description" required maxLength={2000} error={errorsFor("file_claim")?.description} />
          <PhotoField
            label={t("lending.field.claimPhotos")}
            name="photos"
            multiple
            accept="image/jpeg,image/png,image/webp"
            required
            error={errorsFor("file_claim")?.photos}
          />
        </ActionForm>
      ) : null}
      {has("accept_claim") ? <ActionForm intent="accept_claim" label={t("lending.action.accept_claim")} errors={errorsFor("accept_claim")} /> : null}
      {has("dispute_claim") ? (
        <ActionForm intent="dispute_claim" label={t("lending.action.dispute_claim")} danger errors={errorsFor("dispute_claim")}>
          <TextArea label={t("lending.field.disputeNote")} name="note" required maxLength={2000} error={errorsFor("dispute_claim")?.note} />
        </ActionForm>
      ) : null}
      {has("decide_claim") ? (
        <ActionForm intent="decide_claim" label={t("lending.action.decide_claim")} errors={errorsFor("decide_claim")} confirm={t("lending.decide.ask")}>
          <MoneyField
            label={t("lending.field.decisionAmount", { amount: formatMoney(page.claim?.amountCents ?? 0, locale) })}
            name="amount"
            required
            error={errorsFor("decide_claim")?.amount}
          />
          <TextArea label={t("lending.field.decisionNote")} name="note" optional maxLength={2000} />
        </ActionForm>
      ) : null}
      {has("request_extension") ? (
        <ActionForm intent="request_extension" label={t("lending.action.request_extension")} errors={errorsFor("request_extension")}>
          <TextField
            label={t("lending.field.newEndsOn")}
            hint={t("lending.field.newEndsOn.hint", { date: formatDay(page.maxEndsOn, locale) })}
            name="newEndsOn"
            type="date"
            required
            min={loan.endsOn}
            max={page.maxEndsOn}
            error={errorsFor("request_extension")?.newEndsOn}
          />
          <TextArea label={t("lending.field.note")} name="note" optional maxLength={1000} />
        </ActionForm>
      ) : null}
      {has("accept_extension") ? (
        <ActionForm intent="accept_extension" label={t("lending.action.accept_extension")} errors={errorsFor("accept_extension")} />
      ) : null}
      {has("decline_extension") ? (
        <ActionForm intent="decline_extension" label={t("lending.action.decline_extension")} danger errors={errorsFor("decline_extension")} />
      ) : null}
      {has("cancel") ? (
        loan.state === "requested" ? (
          <ActionForm intent="cancel" label={t("lending.action.withdraw")} danger errors={errorsFor("cancel")} />
        ) : (
          <ActionForm intent="cancel" label={t("lending.action.cancel")} danger errors={errorsFor("cancel")}>
            <TextArea label={t("lending.field.reason")} name="reason" required maxLength={1000} error={errorsFor("cancel")?.reason} />
          </ActionForm>
        )
      ) : null}
    </div>
  );
}
