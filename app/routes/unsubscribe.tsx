import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { getTranslator } from "../http/locale.server";
import { useT } from "../i18n/use-t";
import type { SwitchableCategory } from "../notifications/categories";
import { UnsubscribeSchema } from "../notifications/notifications-schema";
import { parseUnsubscribeToken, unsubscribe } from "../notifications/preferences.server";
import { parseForm } from "../forms/forms";

/**
 * One-click unsubscribe, no login (docs/decisions/012-email-and-unsubscribe.md). GET only shows a
 * button — link scanners must not unsubscribe anyone; POST unsubscribes. Mail providers POST
 * "List-Unsubscribe=One-Click" to the same URL (RFC 8058), with the token in the query string.
 */
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Buurtkracht" }, { name: "robots", content: "noindex" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { t } = await getTranslator(context, request);
  const token = new URL(request.url).searchParams.get("token");
  const parsed = parseUnsubscribeToken(context.services.signer, token);
  return data(
    { title: `${t("notifications.unsubscribe.title")} · ${t("app.name")}`, token: parsed ? token : null, category: parsed?.category ?? null },
    { status: parsed ? 200 : 400 },
  );
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = parseForm(UnsubscribeSchema, await request.formData());
  const token = (form.ok ? form.data.token : undefined) || new URL(request.url).searchParams.get("token");
  const result = await unsubscribe(context.services.db, context.services.signer, token, context.services.clock.now());
  if (!result.ok) return data({ ok: false as const, category: null as SwitchableCategory | null }, { status: 400 });
  context.logger.info({ category: result.category }, "unsubscribed by link");
  return { ok: true as const, category: result.category };
}

export default function Unsubscribe() {
  const { token, category } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const shown = actionData?.category ?? category;
  const categoryName = shown ? t(`notifications.category.${shown}`) : "";
  return (
    <div className="mx-auto max-w-xl">
      <h1 className="text-2xl font-bold">{t("notifications.unsubscribe.title")}</h1>
      <div className="card mt-6 space-y-4 p-6">
        {actionData?.ok ? (
          <p role="status" className="text-brand-900">
            {t("notifications.unsubscribe.done", { category: categoryName })}
          </p>
        ) : actionData || !token || !category ? (
          <p role="alert" className="text-red-800">
            {t("notifications.unsubscribe.invalid")}
          </p>
        ) : (
          <Form method="post" className="space-y-4">
            <p className="font-medium">{t("notifications.unsubscribe.question", { category: categoryName })}</p>
            <p className="text-stone-700">{t("notifications.unsubscribe.explain")}</p>
            <input type="hidden" name="token" value={token} />
            <button type="submit" className="btn-primary">
              {t("notifications.unsubscribe.submit")}
            </button>
          </Form>
        )}
        <p className="text-sm">
          <Link to="/settings/notifications">{t("notifications.unsubscribe.manage")}</Link>
        </p>
      </div>
    </div>
  );
}
