import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { Form, useLoaderData, useNavigation } from "@remix-run/react";
import { formatMoney } from "../i18n/format";
import { getTranslator } from "../http/locale.server";
import { useLocale, useT } from "../i18n/use-t";
import { AuthenticationFormSchema } from "../payments/simulated/checkout-schema";
import { requireSimulatedGateway } from "../payments/simulated/route-guard.server";
import { parseForm } from "../forms/forms";

/**
 * The simulated 3-D Secure check or iDEAL bank page: the customer approves or fails it. Used by
 * hosted sessions and by off-session payments that returned `requires_action` (docs/decisions/022).
 */
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Buurtkracht" }, { name: "robots", content: "noindex" }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const gateway = requireSimulatedGateway(context);
  const page = await gateway.hosted.getAuthenticationPage(params.token ?? "");
  if (!page) throw new Response("Not found", { status: 404 });
  const { t } = await getTranslator(context, request);
  const heading = page.kind === "bank" ? t("payments.auth.title.bank", { bank: page.methodLabel }) : t("payments.auth.title.card");
  return { title: `${heading} · ${t("app.name")}`, heading, page };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const gateway = requireSimulatedGateway(context);
  const form = parseForm(AuthenticationFormSchema, await request.formData());
  if (!form.ok) throw new Response("Bad request", { status: 400 });
  const result = await gateway.hosted.completeAuthentication(params.token ?? "", form.data.decision === "approve");
  if (!result) throw new Response("Not found", { status: 404 });
  return redirect(result.redirectTo);
}

export default function SimulatedAuthentication() {
  const { heading, page } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const busy = useNavigation().state === "submitting";
  const amount = page.amountCents !== null ? formatMoney(page.amountCents, locale) : "";
  const bank = page.kind === "bank";
  return (
    <div className="mx-auto max-w-lg">
      <p className="mb-4 rounded-lg border border-amber-400 bg-amber-50 px-3 py-2 text-sm font-medium text-amber-900">{t("payments.sim.badge")}</p>
      <h1 className="text-2xl font-bold">{heading}</h1>
      <div className="card mt-4 space-y-2 p-5 text-stone-800">
        <p>
          {bank
            ? page.mode === "setup"
              ? t("payments.auth.intro.bank.setup")
              : t("payments.auth.intro.bank.payment", { amount })
            : t("payments.auth.intro.card")}
        </p>
        {page.methodLabel && !bank ? <p>{t("payments.auth.method", { method: page.methodLabel })}</p> : null}
        <p>{page.mode === "setup" ? t("payments.auth.amount.setup") : t("payments.auth.amount", { amount })}</p>
        {page.description ? <p>{t("payments.sim.for", { description: page.description })}</p> : null}
        {page.bankIsTest ? <p className="font-medium">{t("payments.auth.testBank")}</p> : null}
      </div>
      {page.pending ? (
        <Form method="post" className="mt-6">
          <fieldset>
            <legend className="text-lg font-semibold">{t("payments.auth.choose")}</legend>
            <div className="mt-3 flex flex-wrap gap-3">
              <button type="submit" name="decision" value="approve" className="btn-primary" disabled={busy}>
                {bank ? t("payments.auth.approve.bank") : t("payments.auth.approve.card")}
              </button>
              <button type="submit" name="decision" value="fail" className="btn-secondary" disabled={busy}>
                {bank ? t("payments.auth.fail.bank") : t("payments.auth.fail.card")}
              </button>
            </div>
          </fieldset>
        </Form>
      ) : (
        <div className="mt-6 space-y-3">
          <p role="status">{t("payments.auth.done")}</p>
          <a className="btn-primary" href={page.continueUrl}>
            {t("payments.sim.continue")}
          </a>
        </div>
      )}
    </div>
  );
}
