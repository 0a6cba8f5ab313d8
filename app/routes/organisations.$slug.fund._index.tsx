import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { getOptionalUser, requireUser } from "../auth/guards.server";
import { FormErrorSummary, TextArea } from "../components/ui/field";
import { fieldError, parseForm } from "../forms/forms";
import { redirectWithFlash } from "../http/flash.server";
import { getTranslator } from "../http/locale.server";
import { formatDate, formatMoney } from "../i18n/format";
import type { MessageKey } from "../i18n/i18n";
import { useLocale, useT } from "../i18n/use-t";
import { FundStorySchema } from "../matching/fund-schema";
import { getFundPage, saveFund } from "../matching/funds.server";
import { fundMonthly } from "../recurring/reads.server";

/**
 * An organisation's neighbourhood fund (buurtfonds, decision 080): its story, what its monthly givers
 * give together, what it allocated through its matching pools, and "Geef maandelijks". Its admins
 * open it here (the form when there is no fund yet) and change its story.
 */
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Buurtkracht" }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const user = await getOptionalUser(context, request);
  const { db, clock } = context.services;
  const page = await getFundPage(db, params.slug ?? "", user, clock.now());
  if (!page) throw new Response("Not found", { status: 404 });
  const { t } = await getTranslator(context, request);
  const monthly = page.fund ? await fundMonthly(db, page.organisation.id) : null;
  const title = page.fund ? t("fund.title", { organisation: page.organisation.name }) : t("fund.open.title", { organisation: page.organisation.name });
  return { title: `${title} · ${t("app.name")}`, page, monthly, signedIn: user !== null };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const user = await requireUser(context, request);
  const { db, clock } = context.services;
  // Only the organisation's admins open the fund or change its story: refused before the form is read.
  const page = await getFundPage(db, params.slug ?? "", user, clock.now());
  if (!page) throw new Response("Not found", { status: 404 });
  if (!page.canEdit) throw new Response("Forbidden", { status: 403 });
  const form = parseForm(FundStorySchema, await request.formData());
  if (!form.ok) return data(form, { status: 400 });
  const result = await saveFund(db, { organisationSlug: params.slug ?? "", actor: user, story: form.data.story, now: clock.now() });
  if (!result.ok) {
    if (result.error === "NotFound") throw new Response("Not found", { status: 404 });
    if (result.error === "NotAllowed") throw new Response("Forbidden", { status: 403 });
    return data(fieldError("_form", `fund.error.${result.error}` as MessageKey), { status: 400 });
  }
  return redirectWithFlash(context, request, `/organisations/${params.slug}/fund`, { kind: "success", key: result.opened ? "fund.opened" : "fund.saved" });
}

function StoryForm({ story, submit }: { story: string; submit: MessageKey }) {
  const t = useT();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const errors = actionData && !actionData.ok ? actionData.errors : undefined;
  return (
    <Form method="post" className="space-y-3" noValidate>
      <FormErrorSummary errors={errors} />
      <TextArea
        label={t("fund.story")}
        hint={t("fund.story.hint")}
        name="story"
        rows={6}
        required
        defaultValue={actionData && !actionData.ok ? (actionData.values.story ?? story) : story}
        error={errors?.story}
      />
      <button type="submit" className="btn-primary w-full sm:w-auto" disabled={busy}>
        {t(submit)}
      </button>
    </Form>
  );
}

export default function FundPage() {
  const { page, monthly } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const { organisation, fund } = page;
  const money = (cents: number) => formatMoney(cents, locale);
  if (!fund) {
    return (
      <div className="mx-auto max-w-2xl space-y-4">
        <p>
          <Link to={`/organisations/${organisation.slug}`}>← {organisation.name}</Link>
        </p>
        <h1 className="text-2xl font-bold">{t("fund.open.title", { organisation: organisation.name })}</h1>
        <p className="text-stone-700">{t("fund.open.intro", { organisation: organisation.name })}</p>
        <div className="card p-5">
          <StoryForm story="" submit="fund.open.submit" />
        </div>
      </div>
    );
  }
  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <p>
        <Link to={`/organisations/${organisation.slug}`}>← {organisation.name}</Link>
      </p>
      <header className="space-y-2">
        <p className="text-sm font-semibold uppercase tracking-wide text-emerald-800">{t("fund.kicker")}</p>
        <h1 className="text-3xl font-bold">{t("fund.title", { organisation: organisation.name })}</h1>
        <p className="text-stone-700">{t("fund.intro", { organisation: organisation.name })}</p>
      </header>
      <section className="card space-y-3 p-5" aria-label={t("fund.give")}>
        {monthly && monthly.givers > 0 ? (
          <p className="text-lg">
            <strong className="text-2xl tabular-nums">{t("fund.monthly", { amount: money(monthly.monthlyCents) })}</strong>{" "}
            {t("fund.givers", { count: monthly.givers })}
          </p>
        ) : (
          <p>{t("fund.noGivers")}</p>
        )}
        <p>
          <Link to={`/organisations/${organisation.slug}/fund/monthly`} className="btn-primary inline-block w-full text-center sm:w-auto">
            {t("fund.give")}
          </Link>
        </p>
      </section>
      <section className="space-y-2">
        <p className="whitespace-pre-line break-words">{fund.story}</p>
      </section>
      <section className="card space-y-3 p-5" aria-labelledby="fund-money">
        <h2 id="fund-money" className="text-xl font-semibold">
          {t("fund.money.title")}
        </h2>
        <dl className="grid grid-cols-1 gap-3 sm:grid-cols-2">
          {(
            [
              ["fund.money.received", fund.receivedCents],
              ["fund.money.paidOut", fund.paidOutCents],
              ["fund.money.reserved", fund.reservedCents],
              ["fund.money.free", fund.unallocatedCents],
            ] as const
          ).map(([key, cents]) => (
            <div key={key} className="rounded-lg bg-stone-50 p-3">
              <dt className="text-sm text-stone-700">{t(key)}</dt>
              <dd className="text-lg font-semibold tabular-nums">{money(cents)}</dd>
            </div>
          ))}
        </dl>
      </section>
      <section className="space-y-2" aria-labelledby="fund-pools">
        <h2 id="fund-pools" className="text-xl font-semibold">
          {t("fund.pools.title")}
        </h2>
        {fund.pools.length === 0 ? (
          <p className="text-stone-700">{t("fund.pools.none")}</p>
        ) : (
          <ul className="space-y-2">
            {fund.pools.map((p) => (
              <li key={p.id} className="card space-y-1 p-4 text-sm">
                <p className="flex flex-wrap items-baseline justify-between gap-2">
                  <Link to={`/pools/${p.id}`} className="font-medium">
                    {p.name}
                  </Link>
                  <span className="text-stone-700">
                    {p.open ? t("fund.pools.open") : t("fund.pools.ended")} · {formatDate(p.endsAt, locale)}
                  </span>
                </p>
                <p className="tabular-nums">
                  {t("fund.pools.line", { budget: money(p.budgetCents), committed: money(p.committedCents), paid: money(p.paidCents) })}
                </p>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section className="space-y-2" aria-labelledby="fund-paid">
        <h2 id="fund-paid" className="text-xl font-semibold">
          {t("fund.paid.title")}
        </h2>
        {fund.paidMatches.length === 0 ? (
          <p className="text-stone-700">{t("fund.paid.none")}</p>
        ) : (
          <ul className="divide-y divide-stone-200">
            {fund.paidMatches.map((m) => (
              <li key={`${m.projectSlug}-${m.poolName}`} className="flex flex-wrap justify-between gap-2 py-2 text-sm">
                <Link to={`/projects/${m.projectSlug}`}>{m.projectTitle}</Link>
                <span className="tabular-nums">{t("fund.paid.line", { amount: money(m.cents), pool: m.poolName })}</span>
              </li>
            ))}
          </ul>
        )}
      </section>
      {page.canEdit ? (
        <section className="card space-y-4 p-5" aria-labelledby="fund-admin">
          <h2 id="fund-admin" className="text-xl font-semibold">
            {t("fund.admin.title", { organisation: organisation.name })}
          </h2>
          {monthly ? <p>{t("fund.admin.givers", { count: monthly.givers, amount: money(monthly.monthlyCents) })}</p> : null}
          <p>
            <Link to={`/organisations/${organisation.slug}/pools/new?fromFund=1`} className="btn-secondary inline-block">
              {t("fund.admin.newPool")}
            </Link>
          </p>
          <details>
            <summary className="cursor-pointer font-medium">{t("fund.edit.legend")}</summary>
            <div className="pt-3">
              <StoryForm story={fund.story} submit="fund.edit.submit" />
            </div>
          </details>
        </section>
      ) : null}
    </div>
  );
}
