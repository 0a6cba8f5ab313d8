import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { requireUser } from "../auth/guards.server";
import { FormErrorSummary } from "../components/ui/field";
import { PledgeStatusBadge } from "../components/projects/status";
import { formatDateTime, formatMoney } from "../i18n/format";
import { getTranslator } from "../http/locale.server";
import { useLocale, useT } from "../i18n/use-t";
import { paymentDeps, startFixPayment } from "../pledges/payment-attempts.server";
import { getPledgeOfBacker } from "../pledges/pledges.server";
import { fieldError } from "../forms/forms";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Buurtkracht" }, { name: "robots", content: "noindex" }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const user = await requireUser(context, request);
  const { db, clock } = context.services;
  const pledge = await getPledgeOfBacker(db, params.id ?? "", user.id, clock.now());
  if (!pledge) throw new Response("Not found", { status: 404 });
  const { t } = await getTranslator(context, request);
  // Back from the payment page with the payment settled: the receipt says what happened.
  if (pledge.status === "charged") throw redirect(`/me/pledges/${pledge.id}`);
  return { title: `${t("pledges.fix.title")} · ${t("app.name")}`, pledge, returned: new URL(request.url).searchParams.get("returned") === "1" };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const user = await requireUser(context, request);
  const { locale } = await getTranslator(context, request);
  const result = await startFixPayment(paymentDeps(context.services), { pledgeId: params.id ?? "", backer: user, locale });
  if (!result.ok) return data(fieldError("_form", result.error), { status: 400 });
  return redirect(result.redirectTo);
}

export default function FixPayment() {
  const { pledge, returned } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const locale = useLocale();
  const busy = useNavigation().state === "submitting";
  return (
    <div className="mx-auto max-w-2xl space-y-6">
      <p>
        <Link to="/me/pledges">← {t("pledges.mine.title")}</Link>
      </p>
      <h1 className="text-3xl font-bold">{t("pledges.fix.title")}</h1>
      <section className="card space-y-4 p-6" aria-label={pledge.project.title}>
        <p className="flex flex-wrap items-center gap-2">
          <PledgeStatusBadge status={pledge.status} /> {pledge.project.title} · {formatMoney(pledge.amountCents, locale)}
        </p>
        {pledge.fixable ? (
          <>
            <p>{t("pledges.fix.intro", { amount: formatMoney(pledge.amountCents, locale), project: pledge.project.title })}</p>
            {pledge.fixUntil ? <p className="text-sm text-stone-700">{t("pledges.fix.until", { date: formatDateTime(pledge.fixUntil, locale) })}</p> : null}
            {returned ? (
              <p role="status" className="rounded-lg bg-amber-50 p-3 text-amber-900">
                {t("pledges.fix.pending")}
              </p>
            ) : null}
            <Form method="post">
              <FormErrorSummary errors={actionData && !actionData.ok ? actionData.errors : undefined} />
              <button type="submit" className="btn-primary" disabled={busy}>
                {t("pledges.fix.submit")}
              </button>
            </Form>
          </>
        ) : pledge.status === "processing" ? (
          <p role="status">{t("pledges.statusExplain.processing")}</p>
        ) : (
          <p>{t("pledges.fix.closed")}</p>
        )}
        <p>
          <Link to={`/me/pledges/${pledge.id}`}>{t("pledges.mine.receipt")}</Link>
        </p>
      </section>
    </div>
  );
}
