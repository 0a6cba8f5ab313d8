import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { requireUser } from "../../auth/guards.server";
import { hasRole } from "../../auth/user";
import { LoanTimeline } from "../../components/lending/loan-timeline";
import { getTranslator } from "../../http/locale.server";
import { useT } from "../../i18n/use-t";
import { lendingErrorKey } from "../../lending/errors";
import { loanActionSchema } from "../../lending/lending-schema";
import { performLoanAction } from "../../lending/loan-actions.server";
import { getLoanPage } from "../../lending/pages.server";
import { redirectWithFlash } from "../../http/flash.server";
import { limitReached, tooMany } from "../../http/limits.server";
import { nudgeDelivery } from "../../notifications/delivery.server";
import { type FieldErrors, parseIntentForm } from "../../forms/forms";
import { ClaimSection, DepositSection, LoanActions, LoanHeader, LoanMessages, LoanPhotos, LoanSummary } from "./sections";
import { filesFrom, parseMultipartForm } from "../../http/uploads.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Buurtkracht" }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const user = await requireUser(context, request);
  const page = await getLoanPage(
    context.services.db,
    params.loanId ?? "",
    { id: user.id, neighbourhoodId: user.neighbourhoodId, isModerator: hasRole(user, "moderator") },
    context.services.clock.now(),
  );
  if (!page) throw new Response("Not found", { status: 404 });
  const { t } = await getTranslator(context, request);
  return { title: `${t("lending.loan.title", { item: page.item.title })} · ${t("app.name")}`, page };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const user = await requireUser(context, request);
  const parsed = await parseMultipartForm(request);
  if (!parsed.ok) return data({ ok: false as const, intent: "", errors: { photos: parsed.error } as FieldErrors }, { status: 400 });
  const { locale } = await getTranslator(context, request);
  const form = parseIntentForm(loanActionSchema(locale), parsed.formData);
  const { intent } = form;
  if (!form.ok) return data({ ok: false as const, intent, errors: form.errors }, { status: 400 });
  const photos = await filesFrom(parsed.formData, "photos");
  const limited =
    (form.data.intent === "message" ? await limitReached(context, "message.user", user.id) : null) ??
    (await limitReached(context, "upload.user", user.id, photos.length));
  if (limited) return tooMany(limited, { intent });
  const loanId = params.loanId ?? "";
  const result = await performLoanAction(context.services, {
    loanId,
    user: { id: user.id, email: user.email, displayName: user.displayName, isModerator: hasRole(user, "moderator") },
    locale,
    action: form.data,
    photos,
    now: context.services.clock.now(),
  });
  if (!result.ok) {
    if (result.error === "NotFound") throw new Response("Not found", { status: 404 });
    return data({ ok: false as const, intent, errors: { [result.field]: lendingErrorKey(result.error) } as FieldErrors }, { status: 400 });
  }
  await nudgeDelivery(context.services);
  if (result.redirectTo) return redirect(result.redirectTo);
  return redirectWithFlash(context, request, `/loans/${loanId}`, {
    kind: "success",
    key: form.data.intent === "message" ? "lending.message.sent" : "lending.action.done",
  });
}

export default function LoanPageRoute() {
  const { page } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const errorsFor = (intent: string) =>
    actionData && !actionData.ok && (actionData.intent === intent || actionData.intent === "") ? actionData.errors : undefined;
  return (
    <div className="space-y-8">
      <LoanHeader page={page} />
      <div className="grid gap-8 lg:grid-cols-[1fr_1fr]">
        <div className="space-y-6">
          <LoanSummary page={page} />
          <DepositSection page={page} errors={errorsFor("start_deposit")} />
          <ClaimSection page={page} />
          <LoanPhotos page={page} />
          <section aria-labelledby="actions-heading" className="card p-5">
            <h2 id="actions-heading" className="mb-3 text-lg font-semibold">
              {t("lending.loan.actions")}
            </h2>
            <LoanActions page={page} errorsFor={errorsFor} />
          </section>
        </div>

        <div className="space-y-6">
          <section aria-labelledby="timeline-heading" className="card p-5">
            <h2 id="timeline-heading" className="mb-4 text-lg font-semibold">
              {t("lending.loan.timeline")}
            </h2>
            <LoanTimeline entries={page.timeline} />
          </section>
          <LoanMessages page={page} errors={errorsFor("message")} />
        </div>
      </div>
    </div>
  );
}
