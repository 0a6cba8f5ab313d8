import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { requireUser } from "../auth/guards.server";
import { FormErrorSummary, TextArea } from "../components/ui/field";
import { PhotoField } from "../components/ui/photo-field";
import { ResponsiveImage } from "../components/ui/responsive-image";
import { fieldError, formDataToObject, parseForm } from "../forms/forms";
import { redirectWithFlash } from "../http/flash.server";
import { limitReached, tooMany } from "../http/limits.server";
import { getTranslator } from "../http/locale.server";
import { filesFrom, parseMultipartForm } from "../http/uploads.server";
import { useT } from "../i18n/use-t";
import { editNeighbourhoodStory, mayEditNeighbourhood } from "../neighbourhoods/pages.server";
import { getNeighbourhoodProfile } from "../neighbourhoods/reads.server";
import { StoryFormSchema } from "../neighbourhoods/story-schema";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Buurtkracht" }, { name: "robots", content: "noindex" }];

/** Its moderators (and the platform's moderators and admins) edit a neighbourhood's story and cover (docs/decisions/073). */
async function requireEditor(args: LoaderFunctionArgs | ActionFunctionArgs) {
  const { context, request, params } = args;
  const user = await requireUser(context, request);
  const profile = await getNeighbourhoodProfile(context.services.db, params.slug ?? "");
  if (!profile) throw new Response("Not Found", { status: 404 });
  if (!(await mayEditNeighbourhood(context.services.db, profile.id, user))) throw data({ error: "forbidden" }, { status: 403 });
  return { user, profile };
}

export async function loader(args: LoaderFunctionArgs) {
  const { profile } = await requireEditor(args);
  const { t } = await getTranslator(args.context, args.request);
  return {
    title: `${t("buurt.edit.title", { neighbourhood: profile.name })} · ${t("app.name")}`,
    profile: { id: profile.id, name: profile.name, story: profile.story, cover: profile.cover },
  };
}

export async function action(args: ActionFunctionArgs) {
  const { user, profile } = await requireEditor(args);
  const { context, request } = args;
  const parsed = await parseMultipartForm(request);
  const values = () => formDataToObject(parsed.formData) as Record<string, string>;
  if (!parsed.ok) return data({ ...fieldError("cover", parsed.error), values: values() }, { status: 400 });
  const form = parseForm(StoryFormSchema, parsed.formData);
  if (!form.ok) return data(form, { status: 400 });
  const [cover] = await filesFrom(parsed.formData, "cover");
  const limited = await limitReached(context, "upload.user", user.id, cover ? 1 : 0);
  if (limited) return tooMany(limited, { values: values() });
  const { db, storage, clock } = context.services;
  const result = await editNeighbourhoodStory(
    { db, storage },
    {
      neighbourhoodId: profile.id,
      actor: user,
      storyNl: form.data.storyNl,
      storyEn: form.data.storyEn,
      cover,
      removeCover: form.data.removeCover === "on",
      now: clock.now(),
    },
  );
  if (!result.ok) return data({ ...fieldError(result.field, result.error), values: values() }, { status: 400 });
  return redirectWithFlash(context, request, `/buurt/${encodeURIComponent(profile.id)}`, { kind: "success", key: "buurt.edit.saved" });
}

export default function EditNeighbourhood() {
  const { profile } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const busy = useNavigation().state === "submitting";
  const errors = actionData && !actionData.ok ? actionData.errors : undefined;
  const typed: Record<string, string> = actionData && !actionData.ok ? actionData.values : {};
  return (
    <div className="mx-auto max-w-2xl space-y-4">
      <h1 className="text-3xl font-bold">{t("buurt.edit.title", { neighbourhood: profile.name })}</h1>
      <p className="text-stone-700">{t("buurt.edit.intro")}</p>
      <Form method="post" encType="multipart/form-data" className="card space-y-4 p-6" noValidate>
        <FormErrorSummary errors={errors} />
        <TextArea
          label={t("buurt.edit.storyNl")}
          hint={t("buurt.edit.storyHint")}
          name="storyNl"
          rows={10}
          maxLength={20000}
          defaultValue={typed.storyNl ?? profile.story.nl}
          error={errors?.storyNl}
        />
        <TextArea
          label={t("buurt.edit.storyEn")}
          hint={t("buurt.edit.storyHint")}
          name="storyEn"
          rows={10}
          maxLength={20000}
          defaultValue={typed.storyEn ?? profile.story.en}
          error={errors?.storyEn}
        />
        {profile.cover ? (
          <div className="space-y-2">
            <p className="text-sm font-medium text-stone-800">{t("buurt.edit.currentCover")}</p>
            <ResponsiveImage image={profile.cover.card} alt="" sizes="16rem" width={256} className="rounded" />
            <label className="flex items-center gap-2">
              <input type="checkbox" name="removeCover" value="on" />
              {t("buurt.edit.removeCover")}
            </label>
          </div>
        ) : null}
        <PhotoField label={t("buurt.edit.cover")} hint={t("buurt.edit.coverHint")} name="cover" error={errors?.cover} />
        <div className="flex flex-wrap items-center gap-3">
          <button type="submit" className="btn-primary" disabled={busy}>
            {t("buurt.edit.save")}
          </button>
          <Link to={`/buurt/${encodeURIComponent(profile.id)}`} className="text-brand-800 underline">
            {t("buurt.edit.cancel")}
          </Link>
        </div>
      </Form>
    </div>
  );
}
