import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { ChangePasswordSchema, ProfileSchema } from "../auth/account-schema";
import { changePassword, getPublicProfile, updateProfile } from "../auth/accounts.server";
import { getCurrentSession, logoutEverywhere, requireUser } from "../auth/guards.server";
import { endOwnSession, listActiveSessions, sessionLifetimes } from "../auth/sessions.server";
import { FormErrorSummary, SelectField, TextArea, TextField } from "../components/ui/field";
import { formatDate, formatRelative } from "../i18n/format";
import { localeNames, locales } from "../i18n/i18n";
import { getTranslator, localeCookie } from "../http/locale.server";
import { useLocale, useT } from "../i18n/use-t";
import { parseForm } from "../forms/forms";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Buurtkracht" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(context, request);
  const { t } = await getTranslator(context, request);
  const { db, clock, env } = context.services;
  const profile = await getPublicProfile(db, user.handle);
  if (!profile) throw new Response("Not found", { status: 404 });
  const current = await getCurrentSession(context, request);
  const now = clock.now();
  const sessions = await listActiveSessions(db, { userId: user.id, currentSessionId: current?.sessionId ?? null, now, lifetimes: sessionLifetimes(env) });
  return { title: `${t("profile.title")} · ${t("app.name")}`, user, profile, sessions, now };
}

const IntentSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("profile") }),
  z.object({ intent: z.literal("password") }),
  z.object({ intent: z.literal("end-session"), sessionId: z.string().max(64) }),
  z.object({ intent: z.literal("logout-everywhere") }),
]);

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(context, request);
  const { db, clock } = context.services;
  const formData = await request.formData();
  const intent = IntentSchema.safeParse({ intent: "profile", ...Object.fromEntries([...formData].filter(([, v]) => typeof v === "string")) });
  if (!intent.success) return data({ ok: false as const, form: "profile" as const, errors: { _form: "form.invalid" as const }, values: {} }, { status: 400 });
  switch (intent.data.intent) {
    case "profile": {
      const form = parseForm(ProfileSchema, formData);
      if (!form.ok) return data({ ...form, form: "profile" as const }, { status: 400 });
      const updated = await updateProfile(db, user.id, form.data, clock.now());
      return data({ ok: true as const, form: "profile" as const }, { headers: { "Set-Cookie": await localeCookie.serialize(updated.locale) } });
    }
    case "password": {
      const form = parseForm(ChangePasswordSchema, formData);
      if (!form.ok) return data({ ...form, form: "password" as const }, { status: 400 });
      const current = await getCurrentSession(context, request);
      const result = await changePassword(
        db,
        { userId: user.id, currentPassword: form.data.currentPassword, newPassword: form.data.newPassword, keepSessionId: current!.sessionId },
        clock.now(),
      );
      if (!result.ok) return data({ ok: false as const, form: "password" as const, errors: { [result.field]: result.error }, values: {} }, { status: 400 });
      return data({ ok: true as const, form: "password" as const, endedSessions: result.endedSessions });
    }
    case "end-session": {
      await endOwnSession(db, { userId: user.id, sessionId: intent.data.sessionId, now: clock.now() });
      return data({ ok: true as const, form: "sessions" as const });
    }
    case "logout-everywhere":
      return logoutEverywhere(context, request, user.id);
  }
}

export default function Profile() {
  const { user, profile, sessions, now } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const locale = useLocale();
  const busy = useNavigation().state === "submitting";
  const profileResult = actionData?.form === "profile" ? actionData : undefined;
  const passwordResult = actionData?.form === "password" ? actionData : undefined;
  const errors = profileResult && !profileResult.ok ? profileResult.errors : undefined;
  const values = profileResult && !profileResult.ok ? profileResult.values : undefined;
  const passwordErrors = passwordResult && !passwordResult.ok ? passwordResult.errors : undefined;
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
        <p className="mt-2 text-sm">
          <Link to="/settings/blocks">{t("moderation.blocks.link")}</Link>
        </p>
        <p className="mt-2 text-sm">
          <Link to="/circles">{t("circles.title")}</Link>
        </p>
        <p className="mt-2 text-sm">
          <Link to="/settings/data">{t("privacy.link")}</Link>
        </p>
      </section>
      <section aria-labelledby="edit-heading">
        <h2 id="edit-heading" className="text-xl font-bold">
          {t("profile.edit")}
        </h2>
        <Form method="post" className="card mt-4 space-y-4 p-6" noValidate>
          <input type="hidden" name="intent" value="profile" />
          {profileResult?.ok ? (
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

        <h2 id="password-heading" className="mt-8 text-xl font-bold">
          {t("auth.password.title")}
        </h2>
        <Form method="post" className="card mt-4 space-y-4 p-6" noValidate aria-labelledby="password-heading">
          <input type="hidden" name="intent" value="password" />
          {passwordResult?.ok ? (
            <p role="status" className="rounded-lg bg-brand-50 p-3 text-sm text-brand-900">
              {t("auth.password.changed", { count: passwordResult.endedSessions })}
            </p>
          ) : (
            <FormErrorSummary errors={passwordErrors} />
          )}
          <TextField
            label={t("auth.password.current")}
            name="currentPassword"
            type="password"
            autoComplete="current-password"
            required
            error={passwordErrors?.currentPassword}
          />
          <TextField
            label={t("auth.password.new")}
            hint={t("auth.field.password.hint")}
            name="newPassword"
            type="password"
            autoComplete="new-password"
            required
            error={passwordErrors?.newPassword}
          />
          <button type="submit" className="btn-primary" disabled={busy}>
            {t("auth.password.submit")}
          </button>
        </Form>

        <h2 id="sessions-heading" className="mt-8 text-xl font-bold">
          {t("auth.sessions.title")}
        </h2>
        <div className="card mt-4 p-6">
          <p className="text-sm text-stone-700">{t("auth.sessions.intro")}</p>
          {actionData?.form === "sessions" ? (
            <p role="status" className="mt-3 rounded-lg bg-brand-50 p-3 text-sm text-brand-900">
              {t("auth.sessions.ended")}
            </p>
          ) : null}
          <ul className="mt-4 divide-y divide-stone-200" aria-labelledby="sessions-heading">
            {sessions.map((s) => {
              const device = s.device || t("auth.sessions.device.unknown");
              return (
                <li key={s.id} className="flex flex-wrap items-center justify-between gap-2 py-3">
                  <div className="min-w-0">
                    <p className="font-medium break-words">
                      {device}
                      {s.current ? <span className="ml-2 rounded bg-brand-100 px-2 py-0.5 text-xs text-brand-900">{t("auth.sessions.current")}</span> : null}
                    </p>
                    <p className="text-sm text-stone-600">
                      {t("auth.sessions.lastSeen", { when: formatRelative(s.lastSeenAt, new Date(now), locale) })} ·{" "}
                      {t("auth.sessions.since", { date: formatDate(s.createdAt, locale) })}
                    </p>
                  </div>
                  {s.current ? null : (
                    <Form method="post">
                      <input type="hidden" name="intent" value="end-session" />
                      <input type="hidden" name="sessionId" value={s.id} />
                      <button type="submit" className="btn-secondary" aria-label={t("auth.sessions.endLabel", { device })}>
                        {t("auth.sessions.end")}
                      </button>
                    </Form>
                  )}
                </li>
              );
            })}
          </ul>
          <Form method="post" className="mt-4">
            <input type="hidden" name="intent" value="logout-everywhere" />
            <button type="submit" className="btn-secondary">
              {t("auth.sessions.everywhere")}
            </button>
            <p className="mt-1 text-sm text-stone-600">{t("auth.sessions.everywhere.hint")}</p>
          </Form>
        </div>
      </section>
    </div>
  );
}
