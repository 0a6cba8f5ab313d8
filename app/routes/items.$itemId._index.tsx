import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { ResponsiveImage } from "../components/ui/responsive-image";
import { ConfirmButton } from "../components/ui/confirm";
import { publicPageMeta } from "../http/seo";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { getOptionalUser, requireUser } from "../auth/guards.server";
import { hasRole } from "../auth/user";
import { AvailabilityCalendar, useDayRange } from "../components/lending/calendar";
import { FormErrorSummary, TextArea, TextField } from "../components/ui/field";
import { formatMoney } from "../i18n/format";
import { getTranslator } from "../http/locale.server";
import { useLocale, useT } from "../i18n/use-t";
import { lendingErrorField, lendingErrorKey } from "../lending/errors";
import { changeItemStatus } from "../lending/items.server";
import { ItemPageActionSchema } from "../lending/lending-schema";
import { requestLoan } from "../lending/loans.server";
import { getItemPage } from "../lending/pages.server";
import { redirectWithFlash } from "../http/flash.server";
import { nudgeDelivery } from "../notifications/delivery.server";
import { fieldError, parseIntentForm } from "../forms/forms";

export const meta: MetaFunction<typeof loader> = (args) => {
  const { data } = args;
  if (!data) return [{ title: "Buurtkracht" }];
  const { item } = data.page;
  const tags = publicPageMeta(args, { title: data.title, description: data.description, image: item.photos[0]?.largeUrl ?? null, imageAlt: item.title });
  // Its owner (or a borrower) may open a paused, hidden or circles-only item: not for search engines.
  const listed = item.status === "listed" && item.hiddenReason === null && item.audience !== "circles";
  return listed ? tags : [...tags, { name: "robots", content: "noindex" }];
};

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const user = await getOptionalUser(context, request);
  const viewer = user ? { id: user.id, neighbourhoodId: user.neighbourhoodId, isModerator: hasRole(user, "moderator") } : null;
  const page = await getItemPage(context.services.db, params.itemId ?? "", viewer, context.services.clock.now());
  if (!page) throw new Response("Not found", { status: 404 });
  const { t } = await getTranslator(context, request);
  const description = page.item.description.trim()
    ? page.item.description.trim().replace(/\s+/g, " ").slice(0, 200)
    : t("lending.item.meta.description", { title: page.item.title, neighbourhood: page.item.neighbourhood.name });
  return { title: `${page.item.title} · ${t("app.name")}`, description, page, signedIn: user !== null };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const user = await requireUser(context, request);
  const form = parseIntentForm(ItemPageActionSchema, await request.formData(), "request");
  if (!form.ok) return data(form, { status: 400 });
  const { db, clock } = context.services;
  const itemId = params.itemId ?? "";
  if (form.data.intent !== "request") {
    const result = await changeItemStatus(db, { ownerId: user.id, itemId, event: form.data.intent, now: clock.now() });
    if (!result.ok) return data(fieldError("_form", lendingErrorKey(result.error)), { status: 400 });
    if (result.declined) await nudgeDelivery(context.services);
    return data({ ok: true as const, declined: result.declined });
  }
  const { startsOn, endsOn, message } = form.data;
  const result = await requestLoan(db, { itemId, borrowerId: user.id, startsOn, endsOn, message, now: clock.now() });
  if (!result.ok) {
    return data({ ...fieldError(lendingErrorField(result.error), lendingErrorKey(result.error)), values: { startsOn, endsOn, message } }, { status: 400 });
  }
  await nudgeDelivery(context.services);
  return redirectWithFlash(context, request, `/loans/${result.loanId}`, { kind: "success", key: "lending.flash.requested" });
}

function RequestForm({
  page,
  errors,
  values,
}: {
  page: ReturnType<typeof useLoaderData<typeof loader>>["page"];
  errors?: Partial<Record<string, string>>;
  values: Record<string, string>;
}) {
  const t = useT();
  const busy = useNavigation().state === "submitting";
  const { startsOn, endsOn, setStartsOn, setEndsOn, picking, pick } = useDayRange(values);
  const e = errors as Parameters<typeof FormErrorSummary>[0]["errors"];
  return (
    <>
      <AvailabilityCalendar
        from={page.window.from}
        to={page.window.to}
        today={page.window.from}
        booked={page.booked}
        selected={startsOn ? { startsOn, endsOn } : null}
        onPick={pick}
        picking={picking}
      />
      <Form method="post" className="mt-6 space-y-4" noValidate>
        <h3 className="text-lg font-semibold">{t("lending.item.request.title")}</h3>
        <p className="text-sm text-stone-700">{t("lending.item.request.hint", { name: page.item.owner.displayName })}</p>
        <FormErrorSummary errors={e} />
        <input type="hidden" name="intent" value="request" />
        <div className="grid gap-4 sm:grid-cols-2">
          <TextField
            label={t("lending.field.startsOn")}
            name="startsOn"
            type="date"
            required
            min={page.window.from}
            value={startsOn}
            onChange={(ev) => setStartsOn(ev.target.value)}
            error={e?.startsOn}
          />
          <TextField
            label={t("lending.field.endsOn")}
            name="endsOn"
            type="date"
            required
            min={startsOn || page.window.from}
            value={endsOn}
            onChange={(ev) => setEndsOn(ev.target.value)}
            error={e?.endsOn}
          />
        </div>
        <TextArea
          label={t("lending.field.message", { name: page.item.owner.displayName })}
          name="message"
          optional
          maxLength={1000}
          defaultValue={values.message}
          error={e?.message}
        />
        <button type="submit" className="btn-primary" disabled={busy}>
          {t("lending.item.request.submit")}
        </button>
      </Form>
    </>
  );
}

export default function ItemPage() {
  const { page, signedIn } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const locale = useLocale();
  const { item, trackRecord } = page;
  const errors = actionData && !actionData.ok ? actionData.errors : undefined;
  const values = actionData && !actionData.ok ? actionData.values : {};
  const [cover, ...rest] = item.photos;
  const area = [item.postcode4, item.neighbourhood.name, item.neighbourhood.city].filter(Boolean).join(" · ");
  return (
    <article className="grid gap-8 lg:grid-cols-[1.2fr_1fr]">
      <div className="space-y-6">
        <header>
          <p className="text-sm font-medium text-brand-800">{t(`lending.category.${item.category}`)}</p>
          <h1 className="text-3xl font-bold">{item.title}</h1>
          <p className="mt-1 text-stone-700">{t("lending.item.by", { name: item.owner.displayName, neighbourhood: item.owner.neighbourhoodName })}</p>
          {item.status !== "listed" ? (
            <p className="mt-2 inline-block rounded-full bg-amber-100 px-3 py-1 text-sm font-semibold text-amber-900">{t(`lending.status.${item.status}`)}</p>
          ) : null}
          {item.hiddenReason ? (
            <p role="alert" className="mt-2 rounded-lg border border-red-300 bg-red-50 p-3 text-sm text-red-900">
              {t("moderation.hidden.item", { reason: item.hiddenReason })}
            </p>
          ) : null}
          {signedIn && !item.isOwner ? (
            <p className="mt-2 text-sm">
              <Link to={`/report?kind=item&id=${item.id}`}>{t("moderation.report.link")}</Link>
            </p>
          ) : null}
        </header>
        {cover ? (
          <section aria-label={t("lending.item.photos")} className="space-y-2">
            <ResponsiveImage
              image={cover.large}
              alt={t("lending.card.photoOf", { title: item.title })}
              sizes="(min-width: 1024px) 37rem, 100vw"
              priority
              className="w-full rounded-xl object-cover"
            />
            {rest.length ? (
              <ul className="grid grid-cols-4 gap-2">
                {rest.map((p, i) => (
                  <li key={p.id}>
                    <a href={p.largeUrl}>
                      <ResponsiveImage
                        image={p.card}
                        alt={`${t("lending.card.photoOf", { title: item.title })} (${i + 2})`}
                        sizes="(min-width: 1024px) 9rem, 25vw"
                        className="rounded-lg"
                      />
                    </a>
                  </li>
                ))}
              </ul>
            ) : null}
          </section>
        ) : null}
        {item.description ? <p className="whitespace-pre-line text-stone-800">{item.description}</p> : null}
        <section aria-labelledby="details-heading" className="card p-5">
          <h2 id="details-heading" className="text-lg font-semibold">
            {t("lending.item.details")}
          </h2>
          <dl className="mt-3 grid grid-cols-[auto_1fr] gap-x-6 gap-y-2 text-stone-800">
            <dt className="font-medium">{t("lending.item.condition")}</dt>
            <dd>{t(`lending.condition.${item.condition}`)}</dd>
            <dt className="font-medium">{t("lending.item.deposit")}</dt>
            <dd>
              {item.depositCents > 0 ? formatMoney(item.depositCents, locale) : t("lending.card.noDeposit")}
              {item.depositCents > 0 && item.waiveDepositTrusted ? (
                <span className="ml-2 rounded bg-emerald-50 px-2 py-0.5 text-sm text-emerald-900">{t("lending.item.waivedForTrusted")}</span>
              ) : null}
            </dd>
            <dt className="font-medium">{t("lending.item.fee")}</dt>
            <dd>{item.feePerDayCents > 0 ? t("lending.card.fee", { amount: formatMoney(item.feePerDayCents, locale) }) : t("lending.card.free")}</dd>
            <dt className="font-medium">{t("lending.item.maxDays")}</dt>
            <dd>{t("lending.item.days", { count: item.maxLoanDays })}</dd>
            {item.replacementValueCents ? (
              <>
                <dt className="font-medium">{t("lending.item.replacementValue")}</dt>
                <dd>{formatMoney(item.replacementValueCents, locale)}</dd>
              </>
            ) : null}
            <dt className="font-medium">{t("lending.item.audience")}</dt>
            <dd>{item.audience === "circles" ? t("lending.audience.circlesShown") : t(`lending.audience.${item.audience}`)}</dd>
            {item.minTrustLevel > 0 ? (
              <>
                <dt className="font-medium">{t("lending.field.minTrustLevel")}</dt>
                <dd>{t("lending.item.minTrustLevel", { level: item.minTrustLevel })}</dd>
              </>
            ) : null}
          </dl>
          <p className="mt-3 text-stone-800">{t("lending.item.area", { area })}</p>
          <p className="mt-1 text-sm text-stone-700">{t("lending.item.addressPrivate", { name: item.owner.displayName })}</p>
        </section>
        <section aria-labelledby="track-heading" className="card p-5">
          <h2 id="track-heading" className="text-lg font-semibold">
            {t("lending.track.title", { name: item.owner.displayName })}
          </h2>
          <ul className="mt-2 space-y-1 text-stone-800">
            <li>{t("lending.track.lent", { count: trackRecord.lent })}</li>
            <li>{t("lending.track.borrowed", { count: trackRecord.borrowed })}</li>
            {trackRecord.onTimePercent !== null ? <li>{t("lending.track.onTime", { percent: trackRecord.onTimePercent })}</li> : null}
            <li>{t("lending.track.claims", { count: trackRecord.claimsUpheld })}</li>
          </ul>
          <p className="mt-2 text-sm text-stone-600">{t("lending.track.source")}</p>
        </section>
      </div>

      <div className="space-y-6">
        {item.isOwner ? (
          <section aria-labelledby="owner-heading" className="card space-y-3 p-5">
            <h2 id="owner-heading" className="text-lg font-semibold">
              {t("lending.item.yours")}
            </h2>
            {actionData?.ok ? (
              <p role="status" className="rounded-lg bg-brand-50 p-3 text-sm text-brand-900">
                {t("lending.item.statusChanged", { count: actionData.declined })}
              </p>
            ) : null}
            <FormErrorSummary errors={errors && "_form" in errors ? errors : undefined} />
            <div className="flex flex-wrap gap-2">
              <Link to={`/items/${item.id}/edit`} className="btn-secondary">
                {t("lending.item.edit")}
              </Link>
              {item.status === "listed" ? (
                <Link to={`/items/${item.id}/lend-to-project`} className="btn-secondary">
                  {t("lending.item.lendToProject")}
                </Link>
              ) : null}
              <Form method="post" className="contents">
                {item.status === "listed" ? (
                  <>
                    <ConfirmButton name="intent" value="pause" className="btn-secondary" confirm={t("lending.item.pauseAsk")}>
                      {t("lending.item.pause")}
                    </ConfirmButton>
                    <ConfirmButton name="intent" value="unlist" className="btn-secondary" confirm={t("lending.item.unlistAsk")}>
                      {t("lending.item.unlist")}
                    </ConfirmButton>
                  </>
                ) : (
                  <button type="submit" name="intent" value="relist" className="btn-primary">
                    {t("lending.item.relist")}
                  </button>
                )}
              </Form>
            </div>
          </section>
        ) : null}
        <section aria-labelledby="calendar-heading" className="card p-5">
          <h2 id="calendar-heading" className="text-lg font-semibold">
            {t("lending.item.calendar")}
          </h2>
          {!item.isOwner && signedIn && page.openRequestId ? (
            <p className="mt-2 rounded-lg bg-brand-50 p-3 text-sm text-brand-900">
              {t("lending.item.request.open")} <Link to={`/loans/${page.openRequestId}`}>{t("lending.item.request.openLink")}</Link>
            </p>
          ) : null}
          {!item.isOwner && signedIn && page.cannotBorrow === null ? (
            <div className="mt-3">
              <RequestForm page={page} errors={errors} values={values} />
            </div>
          ) : (
            <div className="mt-3 space-y-4">
              <AvailabilityCalendar from={page.window.from} to={page.window.to} today={page.window.from} booked={page.booked} />
              {!signedIn ? (
                <Link to={`/login?redirectTo=${encodeURIComponent(`/items/${item.id}`)}`} className="btn-primary">
                  {t("lending.item.request.loginFirst")}
                </Link>
              ) : page.cannotBorrow && !item.isOwner ? (
                <p className="text-stone-800">{t(lendingErrorKey(page.cannotBorrow))}</p>
              ) : null}
            </div>
          )}
        </section>
      </div>
    </article>
  );
}
