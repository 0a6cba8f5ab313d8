import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { requireUser } from "../auth/guards.server";
import { FormErrorSummary, TextField } from "../components/ui/field";
import { fieldError, parseIntentForm } from "../forms/forms";
import { redirectWithFlash } from "../http/flash.server";
import { getTranslator } from "../http/locale.server";
import { formatDate } from "../i18n/format";
import { useLocale, useT } from "../i18n/use-t";
import { blockUser, listBlocks, unblockUser } from "../moderation/blocks.server";
import { moderationErrorKey } from "../moderation/errors";
import { BlockSchema } from "../moderation/moderation-schema";

/** Who the member blocked; block someone by username, or unblock (docs/moderation.md). */
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Buurtkracht" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(context, request);
  const { t } = await getTranslator(context, request);
  const handle = new URL(request.url).searchParams.get("handle")?.slice(0, 60) ?? "";
  return { title: `${t("moderation.blocks.title")} · ${t("app.name")}`, blocks: await listBlocks(context.services.db, user.id), handle };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(context, request);
  const form = parseIntentForm(BlockSchema, await request.formData(), "block");
  if (!form.ok) return data(form, { status: 400 });
  const { db, clock } = context.services;
  const input = { blockerId: user.id, handle: form.data.handle };
  const result = form.data.intent === "block" ? await blockUser(db, { ...input, now: clock.now() }) : await unblockUser(db, input);
  if (!result.ok)
    return data(
      { ...fieldError(form.data.intent === "block" ? "handle" : "_form", moderationErrorKey(result.error)), values: { handle: form.data.handle } },
      { status: 400 },
    );
  return redirectWithFlash(context, request, "/settings/blocks", {
    kind: "success",
    key: form.data.intent === "block" ? "moderation.blocks.blocked" : "moderation.blocks.unblocked",
  });
}

export default function Blocks() {
  const { blocks, handle } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const locale = useLocale();
  const busy = useNavigation().state === "submitting";
  const errors = actionData && !actionData.ok ? actionData.errors : undefined;
  const values = actionData && !actionData.ok ? actionData.values : {};
  return (
    <div className="mx-auto max-w-xl space-y-4">
      <h1 className="text-3xl font-bold">{t("moderation.blocks.title")}</h1>
      <p className="text-stone-700">{t("moderation.blocks.intro")}</p>
      <FormErrorSummary errors={errors} />
      <Form method="post" className="card space-y-3 p-5" noValidate>
        <input type="hidden" name="intent" value="block" />
        <TextField
          label={t("moderation.blocks.handle")}
          hint={t("moderation.blocks.handle.hint")}
          name="handle"
          required
          autoComplete="off"
          defaultValue={values.handle ?? handle}
          error={errors?.handle}
        />
        <button type="submit" className="btn-danger" disabled={busy}>
          {t("moderation.blocks.block")}
        </button>
      </Form>
      {blocks.length === 0 ? <p className="card p-5">{t("moderation.blocks.empty")}</p> : null}
      <ul className="space-y-2">
        {blocks.map((b) => (
          <li key={b.handle} className="card flex flex-wrap items-center justify-between gap-2 p-4">
            <span>
              {b.displayName} (@{b.handle}) <span className="text-sm text-stone-600">{t("moderation.blocks.since", { at: formatDate(b.since, locale) })}</span>
            </span>
            <Form method="post">
              <input type="hidden" name="intent" value="unblock" />
              <input type="hidden" name="handle" value={b.handle} />
              <button type="submit" className="btn-secondary" disabled={busy} aria-label={`${t("moderation.blocks.unblock")}: ${b.displayName}`}>
                {t("moderation.blocks.unblock")}
              </button>
            </Form>
          </li>
        ))}
      </ul>
    </div>
  );
}
