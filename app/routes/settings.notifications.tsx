import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { requireUser } from "../auth/guards.server";
import { FormErrorSummary, TextField } from "../components/ui/field";
import { getTranslator } from "../http/locale.server";
import { useT } from "../i18n/use-t";
import { calendarFeedUrl, createCalendarFeed, getActiveCalendarFeed, revokeCalendarFeed } from "../notifications/calendar.server";
import { switchableCategories } from "../notifications/categories";
import { PreferencesActionSchema } from "../notifications/notifications-schema";
import { getEmailPreferences, saveEmailPreferences } from "../notifications/preferences.server";
import { parseForm } from "../forms/forms";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Buurtkracht" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(context, request);
  const { t } = await getTranslator(context, request);
  const { db, env, signer } = context.services;
  const [preferences, feed] = await Promise.all([getEmailPreferences(db, user.id), getActiveCalendarFeed(db, user.id)]);
  return {
    title: `${t("notifications.settings.title")} · ${t("app.name")}`,
    preferences,
    calendarUrl: feed ? calendarFeedUrl(env.APP_URL, signer, feed.id) : null,
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(context, request);
  const form = parseForm(PreferencesActionSchema, await request.formData());
  if (!form.ok) return data({ ...form, done: null }, { status: 400 });
  const { db, clock } = context.services;
  const now = clock.now();
  switch (form.data.intent) {
    case "save": {
      const { intent: _intent, ...prefs } = form.data;
      await saveEmailPreferences(db, user.id, prefs, now);
      return { ok: true as const, done: "notifications.settings.saved" as const };
    }
    case "calendar-create":
      await createCalendarFeed(db, user.id, now);
      return { ok: true as const, done: "notifications.calendar.created" as const };
    case "calendar-revoke":
      await revokeCalendarFeed(db, user.id, now);
      return { ok: true as const, done: "notifications.calendar.revoked" as const };
  }
}

export default function NotificationSettings() {
  const { preferences, calendarUrl } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const busy = useNavigation().state === "submitting";
  const errors = actionData && !actionData.ok ? actionData.errors : undefined;
  return (
    <div className="mx-auto max-w-3xl space-y-8">
      <div>
        <h1 className="text-2xl font-bold">{t("notifications.settings.title")}</h1>
        <p className="mt-2 text-stone-700">{t("notifications.settings.intro")}</p>
      </div>
      {actionData?.ok ? (
        <p role="status" className="rounded-lg bg-brand-50 p-3 text-sm text-brand-900">
          {t(actionData.done)}
        </p>
      ) : (
        <FormErrorSummary errors={errors} />
      )}

      <Form method="post" className="card space-y-4 p-6">
        <input type="hidden" name="intent" value="save" />
        <fieldset className="space-y-4">
          <legend className="text-lg font-semibold">{t("notifications.settings.legend")}</legend>
          {switchableCategories.map((category) => (
            <div key={category} className="flex items-start gap-3">
              <input
                id={`pref-${category}`}
                type="checkbox"
                name={category}
                defaultChecked={preferences[category]}
                aria-describedby={`pref-${category}-hint`}
                className="mt-1 h-5 w-5 accent-brand-700"
              />
              <div>
                <label htmlFor={`pref-${category}`} className="font-medium">
                  {t("notifications.settings.email", { category: t(`notifications.category.${category}`) })}
                </label>
                <p id={`pref-${category}-hint`} className="text-sm text-stone-600">
                  {t(`notifications.category.${category}.hint`)}
                </p>
              </div>
            </div>
          ))}
        </fieldset>
        <p className="text-sm text-stone-700">{t("notifications.settings.transactional")}</p>
        <button type="submit" className="btn-primary" disabled={busy}>
          {t("form.save")}
        </button>
      </Form>

      <section aria-labelledby="calendar-heading" className="card space-y-4 p-6">
        <h2 id="calendar-heading" className="text-lg font-semibold">
          {t("notifications.calendar.title")}
        </h2>
        <p className="text-stone-700">{t("notifications.calendar.intro")}</p>
        {calendarUrl ? (
          <TextField label={t("notifications.calendar.url")} name="calendarUrl" readOnly value={calendarUrl} onFocus={(e) => e.currentTarget.select()} />
        ) : (
          <p className="text-stone-700">{t("notifications.calendar.none")}</p>
        )}
        <div className="flex flex-wrap gap-3">
          <Form method="post">
            <input type="hidden" name="intent" value="calendar-create" />
            <button type="submit" className="btn-secondary" disabled={busy}>
              {calendarUrl ? t("notifications.calendar.regenerate") : t("notifications.calendar.create")}
            </button>
          </Form>
          {calendarUrl ? (
            <Form method="post">
              <input type="hidden" name="intent" value="calendar-revoke" />
              <button type="submit" className="btn-danger" disabled={busy}>
                {t("notifications.calendar.revoke")}
              </button>
            </Form>
          ) : null}
        </div>
      </section>
    </div>
  );
}
