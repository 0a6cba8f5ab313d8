import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { requireUser } from "../auth/guards.server";
import { FormErrorSummary } from "../components/ui/field";
import { fieldError } from "../forms/forms";
import { redirectWithFlash } from "../http/flash.server";
import { getTranslator } from "../http/locale.server";
import { formatMoney } from "../i18n/format";
import { useLocale, useT } from "../i18n/use-t";
import { changeMonthlyGift } from "../recurring/gifts.server";
import { getMyGift } from "../recurring/reads.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Buurtkracht" }, { name: "robots", content: "noindex" }];

/** Stopping a monthly gift asks first (a page of its own, so it works without JavaScript). */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const user = await requireUser(context, request);
  const gift = await getMyGift(context.services.db, params.id ?? "", user.id);
  if (!gift) throw new Response("Not found", { status: 404 });
  if (gift.status === "cancelled") throw redirect(`/me/monthly/${gift.id}`);
  const { t } = await getTranslator(context, request);
  return { title: `${t("recurring.cancel.title")} · ${t("app.name")}`, gift: { id: gift.id, targetTitle: gift.targetTitle, amountCents: gift.amountCents } };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const user = await requireUser(context, request);
  const { db, clock } = context.services;
  if (!(await getMyGift(db, params.id ?? "", user.id))) throw new Response("Not found", { status: 404 });
  // The confirmation's button says what it does; anything else is refused (nothing stops by accident).
  if ((await request.formData()).get("intent") !== "cancel") return data(fieldError("_form", "form.invalid"), { status: 400 });
  const result = await changeMonthlyGift(db, { giftId: params.id ?? "", giverId: user.id, action: { type: "cancel" }, now: clock.now() });
  if (!result.ok) return data(fieldError("_form", result.error), { status: 400 });
  return redirectWithFlash(context, request, "/me/pledges", { kind: "success", key: "recurring.cancel.done" });
}

export default function CancelMonthlyGift() {
  const { gift } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const locale = useLocale();
  const busy = useNavigation().state === "submitting";
  return (
    <div className="mx-auto max-w-2xl space-y-6">
      <h1 className="text-3xl font-bold">{t("recurring.cancel.title")}</h1>
      <Form method="post" className="card space-y-4 p-6">
        <FormErrorSummary errors={actionData && !actionData.ok ? actionData.errors : undefined} />
        <p>{t("recurring.cancel.confirm", { project: gift.targetTitle, amount: formatMoney(gift.amountCents, locale) })}</p>
        <div className="flex flex-wrap gap-3">
          <button type="submit" name="intent" value="cancel" className="btn-primary bg-red-800 hover:bg-red-900" disabled={busy}>
            {t("recurring.cancel.submit")}
          </button>
          <Link to={`/me/monthly/${gift.id}`} className="btn-secondary">
            {t("recurring.cancel.keep")}
          </Link>
        </div>
      </Form>
    </div>
  );
}
