import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireUser } from "../auth/guards.server";
import { StartGiftForm } from "../components/recurring/start-gift-form";
import { fieldError, parseForm } from "../forms/forms";
import { getTranslator } from "../http/locale.server";
import { useT } from "../i18n/use-t";
import { getOrganisationBySlug } from "../matching/organisations.server";
import { fundOrganisationId } from "../matching/funds.server";
import { startGiftSchema } from "../recurring/gift-schema";
import { startMonthlyGift } from "../recurring/gifts.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Buurtkracht" }, { name: "robots", content: "noindex" }];

/** "Geef maandelijks" to an organisation's neighbourhood fund (decision 080): the amount, then the gateway's hosted page saves the method. */
async function requireFund(context: LoaderFunctionArgs["context"], slug: string | undefined) {
  const { db } = context.services;
  const organisationId = await fundOrganisationId(db, slug ?? "");
  const org = organisationId ? await getOrganisationBySlug(db, slug ?? "") : null;
  if (!organisationId || !org) throw new Response("Not found", { status: 404 });
  return { organisationId, org };
}

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  await requireUser(context, request);
  const { org } = await requireFund(context, params.slug);
  const { t } = await getTranslator(context, request);
  return { title: `${t("fund.start.title", { organisation: org.name })} · ${t("app.name")}`, organisation: { slug: org.slug, name: org.name } };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const user = await requireUser(context, request);
  const { organisationId } = await requireFund(context, params.slug);
  const { locale } = await getTranslator(context, request);
  const form = parseForm(startGiftSchema(locale), await request.formData());
  if (!form.ok) return data(form, { status: 400 });
  const { db, gateway, clock, env } = context.services;
  const result = await startMonthlyGift(
    { db, gateway, appUrl: env.APP_URL },
    { giverId: user.id, organisationId, amountCents: form.data.amount, locale, now: clock.now() },
  );
  if (!result.ok) return data(fieldError(result.error === "recurring.error.amount" ? "amount" : "_form", result.error), { status: 400 });
  return redirect(result.url);
}

export default function StartFundGift() {
  const { organisation } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const errors = actionData && !actionData.ok ? actionData.errors : undefined;
  return (
    <div className="mx-auto max-w-2xl space-y-6">
      <p>
        <Link to={`/organisations/${organisation.slug}/fund`}>← {t("fund.title", { organisation: organisation.name })}</Link>
      </p>
      <h1 className="text-3xl font-bold">{t("fund.start.title", { organisation: organisation.name })}</h1>
      <StartGiftForm errors={errors} amount={actionData && !actionData.ok ? (actionData.values.amount ?? null) : undefined} />
    </div>
  );
}
