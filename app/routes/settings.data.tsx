import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { requireUser } from "../auth/guards.server";
import { FormErrorSummary, TextField } from "../components/ui/field";
import { fieldError, parseIntentForm } from "../forms/forms";
import { redirectWithFlash } from "../http/flash.server";
import { getTranslator } from "../http/locale.server";
import { formatDate } from "../i18n/format";
import { useLocale, useT } from "../i18n/use-t";
import { accountBlockers, eraseAccount } from "../privacy/erasure.server";
import { listDataExports, requestDataExport } from "../privacy/exports.server";
import { DataSettingsSchema } from "../privacy/privacy-schema";

/** "Your data": download everything (article 20) or delete the account (article 17); docs/privacy.md. */
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Buurtkracht" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(context, request);
  const { t } = await getTranslator(context, request);
  const { db, clock, extensions } = context.services;
  const now = clock.now();
  const [exports, blockers] = await Promise.all([listDataExports(db, user.id, now), accountBlockers(db, extensions.personalData, { userId: user.id, now })]);
  return { title: `${t("privacy.title")} · ${t("app.name")}`, exports, blockers };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(context, request);
  const form = parseIntentForm(DataSettingsSchema, await request.formData(), "export");
  if (!form.ok) return data({ ...form, form: form.intent === "delete" ? ("delete" as const) : ("export" as const) }, { status: 400 });
  const { db, storage, clock, extensions, jobs, sessions } = context.services;
  if (form.data.intent === "export") {
    const result = await requestDataExport(db, { userId: user.id, now: clock.now() });
    if (result.ok) await jobs.send("privacy.prepare-exports", {}).catch(() => undefined);
    return redirectWithFlash(context, request, "/settings/data", {
      kind: result.ok ? "success" : "info",
      key: result.ok ? "privacy.export.requested" : "privacy.export.already",
    });
  }
  const result = await eraseAccount({ db, storage }, extensions.personalData, { userId: user.id, password: form.data.password, now: clock.now() });
  if (!result.ok) {
    const key =
      result.error === "PasswordWrong" ? "privacy.delete.password.wrong" : result.error === "Open" ? result.blockers[0]! : "privacy.delete.password.wrong";
    return data({ ...fieldError(result.error === "Open" ? "_form" : "password", key), form: "delete" as const }, { status: 400 });
  }
  // The sessions went with the account: this browser's cookie goes too.
  const fresh = await sessions.getSession(new Request(request.url));
  fresh.flash("flash", { kind: "success", key: "privacy.delete.done" });
  return redirect("/", { headers: { "Set-Cookie": await sessions.commitSession(request, fresh) } });
}

export default function DataSettings() {
  const { exports, blockers } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const locale = useLocale();
  const busy = useNavigation().state === "submitting";
  const errors = actionData && !actionData.ok && actionData.form === "delete" ? actionData.errors : undefined;
  return (
    <div className="mx-auto max-w-xl space-y-6">
      <h1 className="text-3xl font-bold">{t("privacy.title")}</h1>
      <p className="text-stone-700">{t("privacy.intro")}</p>

      <section className="card space-y-3 p-5" aria-labelledby="export-title">
        <h2 id="export-title" className="text-xl font-semibold">
          {t("privacy.export.title")}
        </h2>
        <p className="text-stone-700">{t("privacy.export.intro")}</p>
        <Form method="post">
          <input type="hidden" name="intent" value="export" />
          <button type="submit" className="btn-primary" disabled={busy}>
            {t("privacy.export.request")}
          </button>
        </Form>
        {exports.length ? (
          <>
            <h3 className="font-semibold">{t("privacy.export.list")}</h3>
            <ul className="space-y-2">
              {exports.map((e) => (
                <li key={e.id} className="flex flex-wrap items-center justify-between gap-2 break-words">
                  <span>
                    {t(`privacy.export.status.${e.status}`)} ·{" "}
                    <span className="text-sm text-stone-600">{t("privacy.export.requestedAt", { date: formatDate(e.requestedAt, locale) })}</span>
                  </span>
                  {e.downloadable ? (
                    <span className="flex flex-wrap items-center gap-2">
                      <a href={`/settings/data/${e.id}`} className="btn-secondary" download>
                        {t("privacy.export.download")}
                      </a>
                      <span className="text-sm text-stone-600">{t("privacy.export.expires", { date: formatDate(e.expiresAt!, locale) })}</span>
                    </span>
                  ) : null}
                </li>
              ))}
            </ul>
          </>
        ) : null}
      </section>

      <section className="card space-y-3 border-red-200 p-5" aria-labelledby="delete-title">
        <h2 id="delete-title" className="text-xl font-semibold text-red-800">
          {t("privacy.delete.title")}
        </h2>
        <p className="text-stone-700">{t("privacy.delete.intro")}</p>
        {blockers.length ? (
          <div role="status" className="rounded border border-amber-300 bg-amber-50 p-3">
            <p className="font-semibold">{t("privacy.delete.open")}</p>
            <ul className="list-disc pl-5">
              {blockers.map((key) => (
                <li key={key}>{t(key)}</li>
              ))}
            </ul>
          </div>
        ) : (
          <Form method="post" className="space-y-3" noValidate>
            <FormErrorSummary errors={errors} />
            <input type="hidden" name="intent" value="delete" />
            <TextField label={t("privacy.delete.password")} name="password" type="password" required autoComplete="current-password" error={errors?.password} />
            <div>
              <label className="flex items-start gap-2">
                <input
                  type="checkbox"
                  name="confirm"
                  value="on"
                  aria-invalid={errors?.confirm ? true : undefined}
                  aria-describedby={errors?.confirm ? "confirm-error" : undefined}
                />
                <span>{t("privacy.delete.confirm")}</span>
              </label>
              {errors?.confirm ? (
                <p id="confirm-error" className="text-sm text-red-700">
                  {t(errors.confirm)}
                </p>
              ) : null}
            </div>
            <button type="submit" className="btn-danger" disabled={busy}>
              {t("privacy.delete.submit")}
            </button>
          </Form>
        )}
      </section>
    </div>
  );
}
