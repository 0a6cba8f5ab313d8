import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { ConfirmButton } from "../components/ui/confirm";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { getOptionalUser, requireUser } from "../auth/guards.server";
import { hasRole } from "../auth/user";
import { formatDay } from "../components/lending/format";
import { FormErrorSummary, SelectField, TextArea, TextField } from "../components/ui/field";
import { formatDateTime } from "../i18n/format";
import { getTranslator } from "../http/locale.server";
import { useLocale, useT } from "../i18n/use-t";
import { today } from "../lending/days";
import { lendingErrorKey } from "../lending/errors";
import { itemCategories } from "../lending/item";
import { WantedBoardActionSchema } from "../lending/lending-schema";
import { offerItemForWanted } from "../lending/loans.server";
import { getWantedBoard } from "../lending/pages.server";
import { redirectWithFlash } from "../http/flash.server";
import { limitReached, tooMany } from "../http/limits.server";
import { nudgeDelivery } from "../notifications/delivery.server";
import { postWanted, withdrawWanted } from "../lending/wanted.server";
import { type FieldErrors, fieldError, parseIntentForm } from "../forms/forms";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Buurtkracht" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await getOptionalUser(context, request);
  const all = new URL(request.url).searchParams.get("all") === "1";
  const now = context.services.clock.now();
  const viewer = user ? { id: user.id, neighbourhoodId: user.neighbourhoodId, isModerator: hasRole(user, "moderator") } : null;
  const board = await getWantedBoard(context.services.db, viewer, { all }, now);
  const { t } = await getTranslator(context, request);
  return { title: `${t("lending.wanted.title")} · ${t("app.name")}`, ...board, signedIn: user !== null, all, today: today(now) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(context, request);
  const formData = await request.formData();
  const form = parseIntentForm(WantedBoardActionSchema, formData, "post");
  const { db, clock } = context.services;
  const { intent } = form;
  if (!form.ok) return data({ ...form, postId: intent === "post" ? "" : String(formData.get("wantedPostId") ?? "") }, { status: 400 });
  if (form.data.intent !== "post") {
    if (form.data.intent === "withdraw") {
      const result = await withdrawWanted(db, { authorId: user.id, postId: form.data.wantedPostId, now: clock.now() });
      if (!result.ok) return data({ ...fieldError("_form", lendingErrorKey(result.error)), intent, postId: form.data.wantedPostId }, { status: 400 });
      return redirectWithFlash(context, request, "/wanted", { kind: "success", key: "lending.flash.withdrawn" });
    }
    const result = await offerItemForWanted(db, {
      ownerId: user.id,
      itemId: form.data.itemId,
      wantedPostId: form.data.wantedPostId,
      message: form.data.message,
      now: clock.now(),
    });
    if (!result.ok) return data({ ...fieldError("_form", lendingErrorKey(result.error)), intent, postId: form.data.wantedPostId }, { status: 400 });
    await nudgeDelivery(context.services);
    return redirectWithFlash(context, request, `/loans/${result.loanId}`, { kind: "success", key: "lending.flash.offered" });
  }
  const { intent: _post, ...post } = form.data;
  const limited = await limitReached(context, "wanted.user", user.id);
  if (limited) return tooMany(limited, { intent: "post", postId: "", values: post as unknown as Record<string, string> });
  const result = await postWanted(db, { authorId: user.id, post, now: clock.now() });
  if (!result.ok) {
    const key = result.error === "TooLong" ? "lending.error.WantedTooLong" : lendingErrorKey(result.error);
    return data({ ...fieldError(result.field, key), values: post as unknown as Record<string, string>, intent: "post", postId: "" }, { status: 400 });
  }
  if (result.notified) await nudgeDelivery(context.services);
  return redirectWithFlash(context, request, "/wanted", { kind: "success", key: "lending.flash.wantedPosted" });
}

export default function WantedBoard() {
  const { posts, myItems, neighbourhoodName, signedIn, all, today: todayDay } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const t = useT();
  const locale = useLocale();
  const busy = useNavigation().state === "submitting";
  const postErrors: FieldErrors | undefined = actionData && !actionData.ok && actionData.intent === "post" ? actionData.errors : undefined;
  const values: Record<string, string> =
    actionData && !actionData.ok && actionData.intent === "post" ? ((actionData as { values?: Record<string, string> }).values ?? {}) : {};
  return (
    <div className="grid gap-8 lg:grid-cols-[1.4fr_1fr]">
      <div className="space-y-6">
        <header>
          <h1 className="text-3xl font-bold">{t("lending.wanted.title")}</h1>
          <p className="mt-2 text-stone-700">{t("lending.wanted.intro")}</p>
        </header>
        <section aria-labelledby="posts-heading" className="space-y-4">
          <div className="flex flex-wrap items-baseline justify-between gap-2">
            <h2 id="posts-heading" className="text-xl font-bold">
              {neighbourhoodName && !all ? t("lending.wanted.list", { neighbourhood: neighbourhoodName }) : t("lending.wanted.listAll")}
            </h2>
            {signedIn ? <Link to={all ? "/wanted" : "/wanted?all=1"}>{all ? t("lending.search.neighbourhood") : t("lending.wanted.listAll")}</Link> : null}
          </div>
          {posts.length === 0 ? (
            <p className="text-stone-700">{t("lending.wanted.none")}</p>
          ) : (
            <ul className="space-y-4">
              {posts.map((post) => {
                const errors = actionData && !actionData.ok && actionData.postId === post.id ? actionData.errors : undefined;
                return (
                  <li key={post.id} id={`wanted-${post.id}`} className="card space-y-2 p-5">
                    <h3 className="text-lg font-semibold">{post.title}</h3>
                    <p className="text-sm text-stone-700">
                      {t("lending.wanted.by", { name: post.author.displayName, neighbourhood: post.neighbourhood.name })}
                      {post.category ? ` · ${t(`lending.category.${post.category}`)}` : ""}
                    </p>
                    <p className="text-stone-800">
                      {t("lending.wanted.needed", { from: formatDay(post.neededFrom, locale), to: formatDay(post.neededUntil, locale) })}
                    </p>
                    {post.description ? <p className="whitespace-pre-line text-stone-800">{post.description}</p> : null}
                    <p className="text-sm text-stone-600">{t("lending.wanted.expires", { date: formatDateTime(post.expiresAt, locale) })}</p>
                    <FormErrorSummary errors={errors} />
                    {post.isMine ? (
                      <Form method="post" className="flex items-center gap-3">
                        <span className="text-sm font-medium text-brand-800">{t("lending.wanted.mine")}</span>
                        <input type="hidden" name="wantedPostId" value={post.id} />
                        <ConfirmButton name="intent" value="withdraw" className="btn-secondary" confirm={t("lending.wanted.withdrawAsk")}>
                          {t("lending.wanted.withdraw")}
                        </ConfirmButton>
                      </Form>
                    ) : signedIn && myItems.length ? (
                      <Form method="post" className="grid gap-3 sm:grid-cols-[1fr_1fr_auto] sm:items-end">
                        <input type="hidden" name="intent" value="offer" />
                        <input type="hidden" name="wantedPostId" value={post.id} />
                        <SelectField
                          label={t("lending.wanted.offerItem")}
                          name="itemId"
                          options={myItems.map((i) => ({ value: i.id, label: i.title }))}
                          error={errors?.itemId}
                        />
                        <TextField label={t("lending.wanted.offerMessage")} name="message" maxLength={1000} />
                        <button type="submit" className="btn-primary" disabled={busy}>
                          {t("lending.wanted.offerSubmit")}
                        </button>
                      </Form>
                    ) : signedIn ? (
                      <p className="text-sm">
                        <Link to="/items/new">{t("lending.wanted.noMatchingItem")}</Link>
                      </p>
                    ) : null}
                  </li>
                );
              })}
            </ul>
          )}
        </section>
      </div>
      <aside aria-labelledby="new-wanted-heading">
        <h2 id="new-wanted-heading" className="text-xl font-bold">
          {t("lending.wanted.new")}
        </h2>
        {signedIn ? (
          <Form method="post" className="card mt-4 space-y-4 p-5" noValidate>
            <FormErrorSummary errors={postErrors} />
            <input type="hidden" name="intent" value="post" />
            <TextField
              label={t("lending.wanted.field.title")}
              hint={t("lending.wanted.field.title.hint")}
              name="title"
              required
              maxLength={120}
              defaultValue={values.title}
              error={postErrors?.title}
            />
            <TextArea
              label={t("lending.wanted.field.description")}
              name="description"
              optional
              maxLength={1000}
              defaultValue={values.description}
              error={postErrors?.description}
            />
            <SelectField
              label={t("lending.wanted.field.category")}
              name="category"
              optional
              placeholder={t("lending.wanted.field.anyCategory")}
              options={itemCategories.map((c) => ({ value: c, label: t(`lending.category.${c}`) }))}
              defaultValue={values.category ?? ""}
            />
            <div className="grid gap-4 sm:grid-cols-2">
              <TextField
                label={t("lending.wanted.field.neededFrom")}
                name="neededFrom"
                type="date"
                required
                min={todayDay}
                defaultValue={values.neededFrom ?? params.get("from") ?? ""}
                error={postErrors?.neededFrom}
              />
              <TextField
                label={t("lending.wanted.field.neededUntil")}
                name="neededUntil"
                type="date"
                required
                min={todayDay}
                defaultValue={values.neededUntil ?? ""}
                error={postErrors?.neededUntil}
              />
            </div>
            <button type="submit" className="btn-primary" disabled={busy}>
              {t("lending.wanted.submit")}
            </button>
          </Form>
        ) : (
          <p className="mt-4">
            <Link to="/login?redirectTo=%2Fwanted" className="btn-primary">
              {t("lending.wanted.loginToPost")}
            </Link>
          </p>
        )}
      </aside>
    </div>
  );
}
