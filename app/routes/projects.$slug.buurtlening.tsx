import { randomUUID } from "node:crypto";
import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { requireUser } from "../auth/guards.server";
import { getBorrowerLoan, listLoanLenders } from "../community-loans/pages.server";
import { startRepayment } from "../community-loans/repayments.server";
import { ratePercent, ScheduleTable } from "../components/community-loans/schedule-table";
import { FormErrorSummary } from "../components/ui/field";
import { fieldError, parseForm } from "../forms/forms";
import { getTranslator } from "../http/locale.server";
import { formatMoney } from "../i18n/format";
import { useLocale, useT } from "../i18n/use-t";
import { requireProjectPermission } from "../projects/access.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Buurtkracht" }, { name: "robots", content: "noindex" }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const user = await requireUser(context, request);
  const project = await requireProjectPermission(context, params.slug, user, "view_dashboard");
  if (project.fundingModel !== "community_loan") throw new Response("Not found", { status: 404 });
  const { t } = await getTranslator(context, request);
  const loan = await getBorrowerLoan(context.services.db, project.id);
  const initiator = project.initiator.id === user.id;
  return {
    title: `${t("communityLoans.dashboard.heading")} · ${project.title} · ${t("app.name")}`,
    project: { slug: project.slug, title: project.title },
    loan,
    initiator,
    lenders: loan && initiator ? await listLoanLenders(context.services.db, loan.loanId) : [],
  };
}

const RepaySchema = z.object({ installmentId: z.uuid("form.invalid") });

export async function action({ request, context, params }: ActionFunctionArgs) {
  const user = await requireUser(context, request);
  await requireProjectPermission(context, params.slug, user, "view_dashboard");
  const { locale } = await getTranslator(context, request);
  const form = parseForm(RepaySchema, await request.formData());
  if (!form.ok) return data(form, { status: 400 });
  const result = await startRepayment(
    { db: context.services.db, gateway: context.services.gateway, appUrl: context.services.env.APP_URL },
    { installmentId: form.data.installmentId, user, requestId: randomUUID(), locale },
  );
  if (!result.ok) return data(fieldError("_form", `communityLoans.error.${result.error}`), { status: 400 });
  return redirect(result.url);
}

export default function RepayCommunityLoan() {
  const { project, loan, initiator, lenders } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const locale = useLocale();
  const busy = useNavigation().state === "submitting";
  const next = loan?.installments.find((i) => i.status !== "paid");
  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <p>
        <Link to={`/projects/${project.slug}/dashboard`}>← {project.title}</Link>
      </p>
      <h1 className="text-3xl font-bold">{t("communityLoans.dashboard.heading")}</h1>
      {!loan ? (
        <p>{t("communityLoans.dashboard.notStarted")}</p>
      ) : (
        <>
          <p>{t("communityLoans.dashboard.intro", { principal: formatMoney(loan.principalCents, locale), lenders: String(loan.lenders) })}</p>
          <p className="text-sm text-stone-700">
            {t("communityLoans.page.summary", {
              total: formatMoney(loan.principalCents, locale),
              months: String(loan.months),
              rate: ratePercent(loan.annualRateBps, locale),
              method: t(`communityLoans.method.${loan.method}.short`),
            })}
          </p>
          {loan.status === "repaid" ? <p role="status">{t("communityLoans.dashboard.repaid")}</p> : null}
          {next && initiator ? (
            <Form method="post">
              <FormErrorSummary errors={actionData && !actionData.ok ? actionData.errors : undefined} />
              <input type="hidden" name="installmentId" value={next.id} />
              <button type="submit" className="btn-primary" disabled={busy}>
                {t("communityLoans.dashboard.repay", { amount: formatMoney(next.amountCents, locale) })}
              </button>
            </Form>
          ) : null}
          <ScheduleTable
            caption={t("communityLoans.dashboard.heading")}
            rows={loan.installments.map((i) => ({
              key: i.id,
              n: i.n,
              dueOn: i.dueOn,
              status: i.status,
              principalCents: i.principalCents,
              interestCents: i.interestCents,
              amountCents: i.amountCents,
            }))}
          />
          {lenders.length > 0 ? (
            <section aria-labelledby="copies" className="space-y-2">
              <h2 id="copies" className="text-xl font-bold">
                {t("communityLoans.agreement.initiatorCopies")}
              </h2>
              <ul className="list-disc pl-5">
                {lenders.map((l) => (
                  <li key={l.userId}>
                    <a href={`/me/community-loans/${loan.loanId}/agreement.pdf?lender=${l.userId}`} download>
                      {l.name} · {formatMoney(l.principalCents, locale)}
                    </a>
                  </li>
                ))}
              </ul>
            </section>
          ) : null}
        </>
      )}
    </div>
  );
}
