import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { ProfileSchema } from "../auth/account-schema";
import { getPublicProfile, updateProfile } from "../auth/accounts.server";
import { requireUser } from "../auth/guards.server";
import { FormErrorSummary, SelectField, TextArea, TextField } from "../components/ui/field";
import { formatDate } from "../i18n/format";
import { localeNames, locales } from "../i18n/i18n";
import { getTranslator, localeCookie } from "../i18n/locale.server";
import { useLocale, useT } from "../i18n/use-t";
import { parseForm } from "../utils/forms";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Buurtkracht" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(context, request);
  const { t } = await getTranslator(context, request);
  const profile = await getPublicProfile(context.services.db, user.handle);
  if (!profile) throw new Response("Not found", { status: 404 });
  return { title: `${t("profile.title")} · ${t("app.name")}`, user, profile };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(context, request);
  const form = parseForm(ProfileSchema, await request.formData());
  if (!form.ok) return data(form, { status: 400 });
  const updated = await updateProfile(context.services.db, user.id, form.data, context.services.clock.now());
  return data({ ok: true as const }, { headers: { "Set-Cookie": await localeCookie.serialize(updated.locale) } });
}

export default function Profile() {
  const { user, profile } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const locale = useLocale();
  const busy = useNavigation().state === "submitting";
  const errors = actionData && !actionData.ok ? actionData.errors : undefined;
  const values = actionData && !actionData.ok ? actionData.values : undefined;
  return (
    <div className="grid gap-8 md:grid-cols-[1fr_1.2fr]">
      <section aria-labelledby="profile-heading" className="card p-6">
        <h1 id="profile-heading" className="text-2xl font-bold">
          {profile.displayName}
        </h1>
        <p className="mt-1 text-stone-600">@{profile.handle}</p>
        <ul className="mt-4 space-y-1 text-stone-800">
          <li>{t("profile.neighbourhood", { name: profile.neighbourhood.name })}</li>
          <li>{t("profile.memberSince", { date: formatDate(profile.memberSince, locale) })}</li>
          <li>{t("profile.email", { email: user.email })}</li>
          {profile.role !== "member" ? <li className="font-medium text-brand-800">{t(`profile.role.${profile.role}`)}</li> : null}
          {profile.accountType === "organisation" ? <li className="font-medium">{t("profile.account.organisation")}</li> : null}
        </ul>
        {profile.bio ? <p className="mt-4 whitespace-pre-line text-stone-800">{profile.bio}</p> : null}
        <p className="mt-4 text-sm text-stone-600">{t("profile.yourProfile")}</p>
        <p className="mt-2 text-sm">
          <Link to={`/u/${profile.handle}`}>/u/{profile.handle}</Link>
        </p>
      </section>
      <section aria-labelledby="edit-heading">
        <h2 id="edit-heading" className="text-xl font-bold">
          {t("profile.edit")}
        </h2>
        <Form method="post" className="card mt-4 space-y-4 p-6" noValidate>
          {actionData?.ok ? (
            <p role="status" className="rounded-lg bg-brand-50 p-3 text-sm text-brand-900">
              {t("profile.saved")}
            </p>
          ) : (
            <FormErrorSummary errors={errors} />
          )}
          <TextField
            label={t("auth.field.displayName")}
            name="displayName"
            required
            maxLength={80}
            defaultValue={values?.displayName ?? profile.displayName}
            error={errors?.displayName}
          />
          <TextArea label={t("profile.field.bio")} name="bio" optional maxLength={1000} defaultValue={values?.bio ?? profile.bio} error={errors?.bio} />
          <SelectField
            label={t("profile.field.locale")}
            name="locale"
            options={locales.map((l) => ({ value: l, label: localeNames[l] }))}
            defaultValue={values?.locale ?? locale}
            error={errors?.locale}
          />
          <button type="submit" className="btn-primary" disabled={busy}>
            {t("form.save")}
          </button>
        </Form>
      </section>
    </div>
  );
}
