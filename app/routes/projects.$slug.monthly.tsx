import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireUser } from "../auth/guards.server";
import { StartGiftForm } from "../components/recurring/start-gift-form";
import { fieldError, parseForm } from "../forms/forms";
import { getTranslator } from "../http/locale.server";
import { useT } from "../i18n/use-t";
import { requireVisibleProject } from "../projects/access.server";
import { startGiftSchema } from "../recurring/gift-schema";
import { startMonthlyGift } from "../recurring/gifts.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Buurtkracht" }, { name: "robots", content: "noindex" }];

/** "Maandelijks steunen" (issue 16, decision 077): the amount, then the gateway's hosted page saves the method. */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const user = await requireUser(context, request);
  const project = await requireVisibleProject(context, params.slug, user);
  if (project.status !== "live" || project.fundingModel !== "ongoing") throw redirect(`/projects/${project.slug}`);
  if (project.initiator.id === user.id) throw redirect(`/projects/${project.slug}/dashboard`);
  const { t } = await getTranslator(context, request);
  return { title: `${t("recurring.start.title", { project: project.title })} · ${t("app.name")}`, project: { slug: project.slug, title: project.title } };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const user = await requireUser(context, request);
  const project = await requireVisibleProject(context, params.slug, user);
  const { locale } = await getTranslator(context, request);
  const form = parseForm(startGiftSchema(locale), await request.formData());
  if (!form.ok) return data(form, { status: 400 });
  const { db, gateway, clock, env } = context.services;
  const result = await startMonthlyGift(
    { db, gateway, appUrl: env.APP_URL },
    { giverId: user.id, projectId: project.id, amountCents: form.data.amount, locale, now: clock.now() },
  );
  if (!result.ok) return data(fieldError(result.error === "recurring.error.amount" ? "amount" : "_form", result.error), { status: 400 });
  return redirect(result.url);
}

export default function StartMonthlyGift() {
  const { project } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const errors = actionData && !actionData.ok ? actionData.errors : undefined;
  return (
    <div className="mx-auto max-w-2xl space-y-6">
      <p>
        <Link to={`/projects/${project.slug}`}>← {project.title}</Link>
      </p>
      <h1 className="text-3xl font-bold">{t("recurring.start.title", { project: project.title })}</h1>
      <StartGiftForm errors={errors} amount={actionData && !actionData.ok ? (actionData.values.amount ?? null) : undefined} />
    </div>
  );
}
