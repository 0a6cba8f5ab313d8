import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { requireUser } from "../auth/guards.server";
import { FormErrorSummary } from "../components/ui/field";
import { fieldError } from "../forms/forms";
import { getTranslator } from "../http/locale.server";
import { formatMoney } from "../i18n/format";
import { useLocale, useT } from "../i18n/use-t";
import { startGiftFix } from "../recurring/gifts.server";
import { getMyGift } from "../recurring/reads.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Buurtkracht" }, { name: "robots", content: "noindex" }];

/** The fix flow of a failed month (the same as a pledge's): save another method on the gateway's page; the month is tried again. */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const user = await requireUser(context, request);
  const gift = await getMyGift(context.services.db, params.id ?? "", user.id);
  if (!gift) throw new Response("Not found", { status: 404 });
  if (!gift.fixable) throw redirect(`/me/monthly/${gift.id}`);
  const { t } = await getTranslator(context, request);
  return { title: `${t("recurring.fix.title")} · ${t("app.name")}`, gift: { id: gift.id, targetTitle: gift.targetTitle, amountCents: gift.amountCents } };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const user = await requireUser(context, request);
  const { locale } = await getTranslator(context, request);
  const { db, gateway, env } = context.services;
  const result = await startGiftFix({ db, gateway, appUrl: env.APP_URL }, { giftId: params.id ?? "", giverId: user.id, locale });
  if (!result.ok && result.error === "recurring.error.notFound") throw new Response("Not found", { status: 404 });
  if (!result.ok) return data(fieldError("_form", result.error), { status: 400 });
  return redirect(result.url);
}

export default function FixMonthlyGift() {
  const { gift } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const locale = useLocale();
  const busy = useNavigation().state === "submitting";
  return (
    <div className="mx-auto max-w-2xl space-y-6">
      <p>
        <Link to={`/me/monthly/${gift.id}`}>← {gift.targetTitle}</Link>
      </p>
      <h1 className="text-3xl font-bold">{t("recurring.fix.title")}</h1>
      <Form method="post" className="card space-y-4 p-6">
        <FormErrorSummary errors={actionData && !actionData.ok ? actionData.errors : undefined} />
        <p>{t("recurring.fix.intro", { amount: formatMoney(gift.amountCents, locale), project: gift.targetTitle })}</p>
        <p className="text-sm text-stone-700">{t("recurring.fix.rule")}</p>
        <button type="submit" className="btn-primary" disabled={busy}>
          {t("recurring.fix.submit")}
        </button>
      </Form>
    </div>
  );
}
