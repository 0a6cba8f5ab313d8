import { randomUUID } from "node:crypto";
import { confirmOnSubmit } from "../components/ui/confirm";
import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useState } from "react";
import { requireUser } from "../auth/guards.server";
import { type FieldMessage, FormErrorSummary, TextArea } from "../components/ui/field";
import { formatMoney } from "../i18n/format";
import type { MessageKey } from "../i18n/i18n";
import { getTranslator } from "../http/locale.server";
import { useLocale, useT } from "../i18n/use-t";
import { checkLastDayRule, LAST_DAY_MS, pledgeVisibilities } from "../pledges/pledge";
import { listSavedMethods, pledgeErrorField, pledgeErrorKey, submitPledge } from "../pledges/pledge-flow.server";
import { pledgeFormSchema } from "../pledges/pledge-schema";
import { cancelPledge, changePledge, getStandingPledge } from "../pledges/pledges.server";
import { requireVisibleProject } from "../projects/access.server";
import { redirectWithFlash } from "../http/flash.server";
import { echo } from "../projects/project-schema";
import { centsToInput, parseAmount } from "../utils/money";
import { feeLinesFor, feeSentence, type MethodChoice } from "../pledges/fee-text";
import type { FeeSchedule } from "../payments/fees";
import { fieldError, parseIntentForm } from "../forms/forms";
import { MoneyField } from "../components/ui/money-field";
import { listOfferNeeds, listProjectShifts } from "../needs/reads.server";
import { parseGiveAlongForm, shiftField } from "../needs/companion-schema";
import { amsterdamParts } from "../needs/time";
import { formatDate } from "../i18n/format";
import { loanPledgeRefusal } from "../community-loans/community-loans.server";
import { loanCaps } from "../community-loans/pages.server";
import { RiskWarning } from "../components/community-loans/loan-box";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Buurtkracht" }, { name: "robots", content: "noindex" }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const user = await requireUser(context, request);
  const project = await requireVisibleProject(context, params.slug, user);
  const { clock } = context.services;
  const now = clock.now();
  if (project.status !== "live" || !project.endsAt || project.endsAt.getTime() <= now.getTime()) throw redirect(`/projects/${project.slug}`);
  if (project.initiator.id === user.id) throw redirect(`/projects/${project.slug}/dashboard`);
  const { t, locale } = await getTranslator(context, request);
  const [standing, methods, shifts, offers] = await Promise.all([
    getStandingPledge(context.services.db, project.id, user.id, now),
    listSavedMethods(context.services, user.id),
    listProjectShifts(context.services.db, { projectId: project.id, viewerId: user.id, now }),
    listOfferNeeds(context.services.db, { projectId: project.id, viewerId: user.id }),
  ]);
  const q = new URL(request.url).searchParams;
  return {
    title: `${t("pledges.form.title", { project: project.title })} · ${t("app.name")}`,
    project: {
      id: project.id,
      slug: project.slug,
      title: project.title,
      fundingModel: project.fundingModel,
      tiers: project.tiers,
      goalCents: project.goalCents,
      pledgedCents: project.pledgedCents,
    },
    standing,
    methods,
    // Time and things given in the same form (issue 11): shifts one can still join, skills and things still wanted.
    along: standing
      ? null
      : {
          shifts: shifts.filter((sh) => sh.open && (sh.filled < sh.needed || sh.mine !== null)),
          offers: offers.filter((o) => o.filled < o.needed || o.mine !== null),
        },
    fees: context.services.fees,
    // A community loan (app/community-loans): the cap per lender, the risk warning to tick.
    loan:
      project.fundingModel === "community_loan"
        ? { maxPerLenderCents: loanCaps(context.services.env).maxPerLenderCents, initiatorName: project.initiator.displayName }
        : null,
    token: randomUUID(),
    lastDay: project.endsAt.getTime() - now.getTime() <= LAST_DAY_MS && project.fundingModel === "all_or_nothing",
    // The same rule the pledge writer applies, asked before offering the button (issue 13 §7): in
    // the last 24 hours a withdrawal that would take the project under its goal is not offered.
    withdrawal: standing
      ? checkLastDayRule(
          {
            status: project.status,
            fundingModel: project.fundingModel,
            goalCents: project.goalCents,
            pledgedCents: project.pledgedCents,
            endsAt: project.endsAt,
            initiatorId: project.initiator.id,
          },
          -standing.amountCents,
          now,
        )
        ? ("blocked" as const)
        : ("open" as const)
      : null,
    prefill: {
      amount: q.get("amount") ?? (standing ? centsToInput(standing.amountCents, locale) : ""),
      tierId: q.get("tier") ?? standing?.tier?.id ?? "",
      visibility: q.get("visibility") ?? standing?.visibility ?? "initiator",
      message: q.get("message") ?? standing?.message ?? "",
    },
  };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const user = await requireUser(context, request);
  const project = await requireVisibleProject(context, params.slug, user);
  const { locale } = await getTranslator(context, request);
  const formData = await request.formData();
  const { db, clock } = context.services;
  const form = parseIntentForm(pledgeFormSchema(locale), formData, "pledge");
  if (!form.ok) {
    const along = form.intent === "pledge" ? parseGiveAlongForm(formData) : null;
    const errors = along && !along.ok ? { ...along.errors, ...form.errors } : form.errors;
    return data({ ...form, errors, along: { shiftIds: formData.getAll("shiftIds").map(String) } }, { status: 400 });
  }

  if (form.data.intent === "cancel") {
    const result = await cancelPledge(db, { pledgeId: form.data.pledgeId, backerId: user.id, now: clock.now() });
    if (!result.ok) return data(fieldError("_form", pledgeErrorKey(result.error)), { status: 400 });
    return redirectWithFlash(context, request, "/me/pledges", { kind: "success", key: "pledges.flash.cancelled" });
  }

  // A community loan's own rules first: the cap per lender, the reflection period, the risk tick.
  if (project.fundingModel === "community_loan") {
    const refused = await loanPledgeRefusal(db, {
      projectId: project.id,
      userId: user.id,
      amountCents: form.data.amount,
      endsAt: project.endsAt,
      now: clock.now(),
      riskRead: formData.get("riskRead") === "1",
      replacingPledgeId: form.data.intent === "change" ? form.data.pledgeId : undefined,
      maxPerLenderCents: loanCaps(context.services.env).maxPerLenderCents,
    });
    if (refused) return data({ ...fieldError(refused.field, refused.key), values: echo(formData), along: { shiftIds: [] as string[] } }, { status: 400 });
  }

  if (form.data.intent === "change") {
    const result = await changePledge(db, {
      pledgeId: form.data.pledgeId,
      backerId: user.id,
      amountCents: form.data.amount,
      tierId: form.data.tierId,
      message: form.data.message,
      visibility: form.data.visibility,
      now: clock.now(),
    });
    if (!result.ok) return data({ ...fieldError(pledgeErrorField(result.error), pledgeErrorKey(result.error)), values: echo(formData) }, { status: 400 });
    return redirectWithFlash(context, request, "/me/pledges", { kind: "success", key: "pledges.flash.changed" });
  }

  // Money, time and a thing in one step: every part's fields checked together, saved together.
  const along = parseGiveAlongForm(formData);
  const alongValues = { shiftIds: formData.getAll("shiftIds").map(String) };
  if (!along.ok) return data({ ok: false as const, errors: along.errors, values: echo(formData), along: alongValues }, { status: 400 });
  const outcome = await submitPledge(context.services, {
    user,
    project,
    form: form.data,
    locale,
    companions: along.value ? { needs: along.value } : undefined,
  });
  if (outcome.kind === "error") return data({ ok: false as const, errors: outcome.errors, values: echo(formData), along: alongValues }, { status: 400 });
  if (outcome.external || !outcome.flash) return redirect(outcome.to);
  return redirectWithFlash(context, request, outcome.to, {
    kind: outcome.flash.startsWith("pledges.error") || outcome.flash === "pledges.flash.paymentFailed" ? "error" : "success",
    key: outcome.flash,
  });
}

export default function Pledge() {
  const { project, standing, methods, along, fees, token, lastDay, withdrawal, prefill, loan } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const locale = useLocale();
  const busy = useNavigation().state === "submitting";
  const errors = actionData && !actionData.ok ? actionData.errors : undefined;
  const typed: Record<string, string> = actionData && !actionData.ok ? actionData.values : {};
  const err = (k: string) => errors?.[k] as MessageKey | undefined;
  // "Too low for this reward" names the reward's minimum (the tier chosen is among the values sent back).
  const belowTier = err("amount") === "pledges.error.BelowTierMinimum" ? project.tiers.find((tier) => tier.id === typed.tierId) : undefined;
  const amountError: FieldMessage | undefined = belowTier
    ? { key: "pledges.error.BelowTierMinimum.named", params: { amount: formatMoney(belowTier.minCents, locale, { compact: true }) } }
    : loan && err("amount") === "communityLoans.error.lenderCap"
      ? { key: "communityLoans.error.lenderCap", params: { max: formatMoney(loan.maxPerLenderCents, locale, { compact: true }) } }
      : err("amount");
  const changing = standing !== null;
  const editable = !standing || standing.changeable;
  const defaultMethod = methods.find((m) => !m.expired)?.id ?? "new";
  // The fee text follows what is typed and chosen (server-rendered for the first values).
  const [typedAmount, setTypedAmount] = useState<string>(typed.amount ?? prefill.amount);
  const [chosenMethod, setChosenMethod] = useState<string>(standing?.paymentMethodRef ?? defaultMethod);
  const methodChoice: MethodChoice =
    chosenMethod === "card" || chosenMethod === "sepa_debit" ? chosenMethod : (methods.find((m) => m.id === chosenMethod)?.type ?? "new");
  return (
    <div className="mx-auto max-w-2xl space-y-6">
      <p>
        <Link to={`/projects/${project.slug}`}>← {project.title}</Link>
      </p>
      <h1 className="text-3xl font-bold">
        {changing ? t("pledges.form.changeTitle", { project: project.title }) : t("pledges.form.title", { project: project.title })}
      </h1>
      <p className="text-stone-700">{t(`pledges.form.intro.${project.fundingModel}`)}</p>
      {lastDay ? (
        <p role="note" className="rounded-lg border border-amber-300 bg-amber-50 p-3 text-amber-900">
          {t("pledges.form.lastDay")}
        </p>
      ) : null}
      {!editable ? (
        <p className="card p-5">{t("pledges.form.fixed")}</p>
      ) : (
        <Form
          method="post"
          className="card space-y-5 p-6"
          noValidate
          onChange={(e) => {
            const field = e.target as HTMLInputElement;
            if (field.name === "amount") setTypedAmount(field.value);
            if (field.name === "paymentMethod" && field.checked) setChosenMethod(field.value);
          }}
        >
          <FormErrorSummary errors={errors} />
          <input type="hidden" name="token" value={token} />
          <input type="hidden" name="intent" value={changing ? "change" : "pledge"} />
          {standing ? <input type="hidden" name="pledgeId" value={standing.id} /> : null}

          {project.tiers.length > 0 && !loan ? (
            <fieldset aria-describedby={err("tierId") ? "tier-error" : undefined}>
              <legend className="text-sm font-medium text-stone-800">{t("pledges.field.tier")}</legend>
              <div className="mt-2 space-y-2">
                <label className="flex items-start gap-2">
                  <input type="radio" name="tierId" value="" defaultChecked={prefill.tierId === ""} className="mt-1" />
                  <span>{t("pledges.field.noTier")}</span>
                </label>
                {project.tiers.map((tier) => {
                  const soldOut = tier.remaining === 0 && standing?.tier?.id !== tier.id;
                  return (
                    <label key={tier.id} className={`flex items-start gap-2 ${soldOut ? "opacity-60" : ""}`}>
                      <input type="radio" name="tierId" value={tier.id} defaultChecked={prefill.tierId === tier.id} disabled={soldOut} className="mt-1" />
                      <span>
                        <span className="font-medium">{tier.title}</span> —{" "}
                        {t("projects.tier.from", { amount: formatMoney(tier.minCents, locale, { compact: true }) })}
                        <span className="block text-sm text-stone-700">
                          {tier.remaining === null
                            ? t("projects.tier.unlimited")
                            : soldOut
                              ? t("projects.tier.soldOut")
                              : t("projects.tier.remaining", { count: tier.remaining, total: tier.quantity ?? 0 })}
                          {tier.pickupNote ? ` · ${t("projects.tier.pickup", { note: tier.pickupNote })}` : ""}
                        </span>
                      </span>
                    </label>
                  );
                })}
              </div>
              <p className="mt-2 text-sm text-stone-700">{t("pledges.field.tier.contact")}</p>
              {err("tierId") ? (
                <p id="tier-error" role="alert" className="mt-1 text-sm font-medium text-red-700">
                  {t(err("tierId")!)}
                </p>
              ) : null}
            </fieldset>
          ) : null}

          <MoneyField
            label={t("pledges.field.amount")}
            hint={t("pledges.field.amount.hint")}
            name="amount"
            required
            defaultValue={typed.amount ?? prefill.amount}
            error={amountError}
          />
          {loan ? (
            <div className="space-y-2">
              <RiskWarning
                initiatorName={loan.initiatorName}
                projectTitle={project.title}
                maxPerLender={formatMoney(loan.maxPerLenderCents, locale, { compact: true })}
              />
              <p className="text-sm text-stone-700">{t("communityLoans.reflection")}</p>
              <label className="flex items-start gap-2">
                <input
                  type="checkbox"
                  name="riskRead"
                  value="1"
                  required
                  className="mt-1"
                  aria-invalid={err("riskRead") ? true : undefined}
                  aria-describedby={err("riskRead") ? "risk-error" : undefined}
                />
                <span className="font-medium">{t("communityLoans.risk.tick")}</span>
              </label>
              {err("riskRead") ? (
                <p id="risk-error" role="alert" className="text-sm font-medium text-red-700">
                  {t(err("riskRead")!)}
                </p>
              ) : null}
            </div>
          ) : null}
          <FeeNotice
            amount={typedAmount}
            choice={methodChoice}
            fundingModel={project.fundingModel}
            schedule={standing ? { ...fees, platformBps: standing.platformFeeBps } : fees}
          />
          <TextArea
            label={t("pledges.field.message")}
            hint={t("pledges.field.message.hint")}
            name="message"
            optional
            maxLength={500}
            rows={3}
            defaultValue={typed.message ?? prefill.message}
            error={err("message")}
          />
          <fieldset>
            <legend className="text-sm font-medium text-stone-800">{t("pledges.field.visibility")}</legend>
            <div className="mt-2 space-y-2">
              {pledgeVisibilities.map((v) => (
                <label key={v} className="flex items-start gap-2">
                  <input type="radio" name="visibility" value={v} defaultChecked={prefill.visibility === v} className="mt-1" />
                  <span>{t(`pledges.visibility.${v}`)}</span>
                </label>
              ))}
            </div>
            <p className="mt-2 text-sm text-stone-700">{t("pledges.fee.public")}</p>
          </fieldset>

          {along && (along.shifts.length > 0 || along.offers.length > 0) ? (
            <GiveAlong
              along={along}
              errors={errors}
              ticked={actionData && !actionData.ok && "along" in actionData ? actionData.along.shiftIds : []}
              typed={typed}
            />
          ) : null}

          {!changing ? (
            <fieldset aria-describedby={err("paymentMethod") ? "method-error" : undefined}>
              <legend className="text-sm font-medium text-stone-800">{t("pledges.field.paymentMethod")}</legend>
              <div className="mt-2 space-y-2">
                {methods.map((m) => (
                  <label key={m.id} className={`flex items-center gap-2 ${m.expired ? "opacity-60" : ""}`}>
                    <input type="radio" name="paymentMethod" value={m.id} defaultChecked={defaultMethod === m.id} disabled={m.expired} />
                    <span>
                      {m.label}
                      {m.expires ? (
                        <span className="text-sm text-stone-700">
                          {" · "}
                          {t(m.expired ? "pledges.field.method.expired" : "pledges.field.method.expires", { date: m.expires })}
                        </span>
                      ) : null}
                    </span>
                  </label>
                ))}
                <label className="flex items-center gap-2">
                  <input type="radio" name="paymentMethod" value="new" defaultChecked={defaultMethod === "new"} />
                  <span>{t("pledges.field.newMethod")}</span>
                </label>
              </div>
              {err("paymentMethod") ? (
                <p id="method-error" role="alert" className="mt-1 text-sm font-medium text-red-700">
                  {t(err("paymentMethod")!)}
                </p>
              ) : null}
            </fieldset>
          ) : null}

          <button type="submit" className="btn-primary" disabled={busy}>
            {changing ? t("pledges.form.save") : project.fundingModel === "keep_what_you_raise" ? t("pledges.form.submitPay") : t("pledges.form.submit")}
          </button>
        </Form>
      )}

      {standing && editable && withdrawal === "blocked" ? (
        <p className="card p-6 text-sm text-stone-700">{t("pledges.form.cancelBlockedLastDay")}</p>
      ) : standing && editable ? (
        <Form method="post" className="card space-y-2 p-6" onSubmit={confirmOnSubmit(t("pledges.form.cancelAsk"))}>
          <input type="hidden" name="intent" value="cancel" />
          <input type="hidden" name="pledgeId" value={standing.id} />
          <p className="text-sm text-stone-700">{t(lastDay ? "pledges.form.cancelExplainLastDay" : "pledges.form.cancelExplain")}</p>
          <button type="submit" className="btn-danger" disabled={busy}>
            {t("pledges.form.cancel")}
          </button>
        </Form>
      ) : null}
    </div>
  );
}

/** Under the amount: what reaches the project, per method, to the cent (app/pledges/fee-text.ts). */
function FeeNotice(props: {
  amount: string;
  choice: MethodChoice;
  fundingModel: "all_or_nothing" | "keep_what_you_raise" | "community_loan" | "ongoing";
  schedule: FeeSchedule;
}) {
  const t = useT();
  const locale = useLocale();
  const parsed = parseAmount(props.amount, locale);
  const example = !parsed.ok || parsed.cents <= 0;
  const cents = example ? 2_500 : parsed.cents;
  const lines = feeLinesFor(cents, props.choice, props.fundingModel, props.schedule);
  return (
    <div className="rounded-lg bg-stone-50 p-3 text-sm text-stone-800" aria-live="polite" data-testid="fee-notice">
      {example ? <p>{t("pledges.fee.example", { amount: formatMoney(cents, locale) })}</p> : null}
      {lines.map((line) => (
        <p key={line.via}>{feeSentence(line, t, locale)}</p>
      ))}
    </div>
  );
}

type AlongView = NonNullable<ReturnType<typeof useLoaderData<typeof loader>>["along"]>;

/**
 * Time and a thing in the same form as the money (issue 11): shifts to tick and one skill or thing
 * to offer, each with its message next to it; saved with the pledge, or not at all.
 */
function GiveAlong(props: { along: AlongView; errors: Partial<Record<string, string>> | undefined; ticked: string[]; typed: Record<string, string> }) {
  const t = useT();
  const locale = useLocale();
  const err = (k: string) => props.errors?.[k] as MessageKey | undefined;
  const { shifts, offers } = props.along;
  const offerChoice = props.typed.offerNeedId ?? "";
  return (
    <section aria-labelledby="along-title" className="space-y-4 rounded-lg border border-stone-200 p-4" data-testid="give-along">
      <div>
        <h2 id="along-title" className="text-lg font-semibold">
          {t("needs.along.title")}
        </h2>
        <p className="text-sm text-stone-700">{t("needs.along.intro")}</p>
      </div>
      {shifts.length > 0 ? (
        <fieldset aria-describedby={err("shiftIds") ? "shifts-error" : undefined}>
          <legend className="text-sm font-medium text-stone-800">{t("needs.along.shifts")}</legend>
          <div className="mt-2 space-y-2">
            {shifts.map((sh) => {
              const e = err(shiftField(sh.id));
              const when = `${formatDate(sh.startsAt, locale)}, ${amsterdamParts(new Date(sh.startsAt)).time}–${amsterdamParts(new Date(sh.endsAt)).time}`;
              return (
                <div key={sh.id}>
                  {sh.mine ? (
                    <p className="text-sm">
                      ✓ {sh.title} — {when} <span className="text-stone-600">({t("needs.along.mine")})</span>
                    </p>
                  ) : (
                    <label className="flex items-start gap-2">
                      <input
                        type="checkbox"
                        name="shiftIds"
                        value={sh.id}
                        defaultChecked={props.ticked.includes(sh.id)}
                        className="mt-1"
                        aria-invalid={e ? true : undefined}
                        aria-describedby={e ? `shift-${sh.id}-error` : undefined}
                      />
                      <span>
                        <span className="font-medium">{sh.title}</span>
                        <span className="block text-sm text-stone-700">
                          {when}
                          {sh.place ? ` · ${sh.place}` : ""} · {t("needs.shift.places", { filled: sh.filled, needed: sh.needed })}
                        </span>
                      </span>
                    </label>
                  )}
                  {e ? (
                    <p id={`shift-${sh.id}-error`} role="alert" className="mt-1 text-sm font-medium text-red-700">
                      {t(e)}
                    </p>
                  ) : null}
                </div>
              );
            })}
          </div>
          {err("shiftIds") ? (
            <p id="shifts-error" role="alert" className="mt-1 text-sm font-medium text-red-700">
              {t(err("shiftIds")!)}
            </p>
          ) : null}
        </fieldset>
      ) : null}
      {offers.length > 0 ? (
        <fieldset aria-describedby={err("offerNeedId") ? "offer-error" : undefined}>
          <legend className="text-sm font-medium text-stone-800">{t("needs.along.offer")}</legend>
          <div className="mt-2 space-y-2">
            <label className="flex items-start gap-2">
              <input type="radio" name="offerNeedId" value="" defaultChecked={offerChoice === ""} className="mt-1" />
              <span>{t("needs.along.noOffer")}</span>
            </label>
            {offers.map((o) =>
              o.mine ? (
                <p key={o.id} className="text-sm">
                  ✓ {o.title} <span className="text-stone-600">({t("needs.along.offered")})</span>
                </p>
              ) : (
                <label key={o.id} className="flex items-start gap-2">
                  <input type="radio" name="offerNeedId" value={o.id} defaultChecked={offerChoice === o.id} className="mt-1" />
                  <span>
                    <span className="font-medium">{o.title}</span>
                    <span className="block text-sm text-stone-700">
                      {t(o.kind === "skill" ? "needs.wanted.skill" : "needs.wanted.item")}
                      {o.effort ? ` · ${t("needs.wanted.effort", { effort: o.effort })}` : ""}
                      {o.neededOn ? ` · ${t("needs.wanted.neededOn", { date: formatDate(o.neededOn, locale) })}` : ""}
                    </span>
                  </span>
                </label>
              ),
            )}
          </div>
          {err("offerNeedId") ? (
            <p id="offer-error" role="alert" className="mt-1 text-sm font-medium text-red-700">
              {t(err("offerNeedId")!)}
            </p>
          ) : null}
          <div className="mt-3">
            <TextArea
              label={t("needs.along.note")}
              name="offerNote"
              optional
              maxLength={300}
              rows={2}
              defaultValue={props.typed.offerNote ?? ""}
              error={err("offerNote")}
            />
          </div>
        </fieldset>
      ) : null}
      <p className="text-xs text-stone-600">{t("needs.along.later")}</p>
    </section>
  );
}
