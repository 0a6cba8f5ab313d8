import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useRouteLoaderData } from "@remix-run/react";
import { ProfileSafetyLinks } from "../components/moderation/safety-links";
import { publicPageMeta } from "../http/seo";
import type { RootLoaderData } from "../root";
import { getPublicProfile } from "../auth/accounts.server";
import { ReviewList, TrackRecordList, TrustLevelExplained } from "../components/reputation/reputation";
import { formatDate } from "../i18n/format";
import { getTranslator } from "../http/locale.server";
import { getOptionalUser } from "../auth/guards.server";
import { useLocale, useT } from "../i18n/use-t";
import { volunteerRecord } from "../needs/reads.server";
import { getProfileReputation } from "../reputation/profile.server";

export const meta: MetaFunction<typeof loader> = (args) => {
  const { data } = args;
  if (!data) return [{ title: "Buurtkracht" }];
  return [
    ...publicPageMeta(args, { title: data.title, description: data.description, type: "profile" }),
    { property: "profile:username", content: data.profile.handle },
  ];
};

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const profile = await getPublicProfile(context.services.db, params.handle ?? "");
  if (!profile) throw new Response("Not found", { status: 404 });
  const { t } = await getTranslator(context, request);
  const db = context.services.db;
  // The viewer's own hidden reviews stay on the page for them, with the moderator's reason.
  const viewer = await getOptionalUser(context, request);
  const [volunteering, reputation] = await Promise.all([
    volunteerRecord(db, profile.id),
    getProfileReputation(db, profile.id, context.services.clock.now(), viewer?.id ?? null),
  ]);
  // No e-mail or address leaves the loader; the id only as the target of the "report" link (decision 060).
  const { id, ...visible } = profile;
  const description = profile.bio.trim()
    ? profile.bio.trim().replace(/\s+/g, " ").slice(0, 200)
    : t("profile.meta.description", { name: profile.displayName, neighbourhood: profile.neighbourhood.name });
  return { title: `${profile.displayName} · ${t("app.name")}`, description, profile: visible, reportUserId: id, volunteering, ...reputation };
}

export default function PublicProfile() {
  const { profile, reportUserId, volunteering, reputation, reviews, evidence } = useLoaderData<typeof loader>();
  const viewer = useRouteLoaderData<RootLoaderData>("root")?.user ?? null;
  const t = useT();
  const locale = useLocale();
  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <section className="card p-6">
        <h1 className="text-2xl font-bold">{profile.displayName}</h1>
        <p className="text-stone-600">@{profile.handle}</p>
        <ul className="mt-4 space-y-1">
          <li>{t("profile.neighbourhood", { name: profile.neighbourhood.name })}</li>
          <li>{t("profile.memberSince", { date: formatDate(profile.memberSince, locale) })}</li>
          {profile.role !== "member" ? <li className="font-medium text-brand-800">{t(`profile.role.${profile.role}`)}</li> : null}
          {profile.accountType === "organisation" ? <li className="font-medium">{t("profile.account.organisation")}</li> : null}
          {volunteering.attended > 0 ? <li>{t("needs.record", { count: volunteering.attended })}</li> : null}
        </ul>
        {profile.bio ? <p className="mt-4 whitespace-pre-line">{profile.bio}</p> : null}
        <div className="mt-4">
          <TrustLevelExplained reputation={reputation} />
        </div>
        {viewer && viewer.handle !== profile.handle ? (
          <ProfileSafetyLinks userId={reportUserId} handle={profile.handle} displayName={profile.displayName} />
        ) : null}
      </section>

      <section aria-labelledby="record-heading" className="card p-6">
        <h2 id="record-heading" className="mb-3 text-lg font-semibold">
          {t("reputation.record.title")}
        </h2>
        <TrackRecordList reputation={reputation} />
        {evidence.loans.length + evidence.projects.length > 0 ? (
          <div className="mt-4 grid gap-4 sm:grid-cols-2">
            {evidence.loans.length > 0 ? (
              <div>
                <h3 className="text-sm font-semibold">{t("reputation.evidence.loans")}</h3>
                <ul className="text-sm">
                  {evidence.loans.map((l, i) => (
                    <li key={`${l.itemId}-${i}`}>
                      <Link to={`/items/${l.itemId}`}>{l.itemTitle}</Link> · {formatDate(l.returnedOn, locale)}
                    </li>
                  ))}
                </ul>
              </div>
            ) : null}
            {evidence.projects.length > 0 ? (
              <div>
                <h3 className="text-sm font-semibold">{t("reputation.evidence.projects")}</h3>
                <ul className="text-sm">
                  {evidence.projects.map((p) => (
                    <li key={p.slug}>
                      <Link to={`/projects/${p.slug}`}>{p.title}</Link>
                    </li>
                  ))}
                </ul>
              </div>
            ) : null}
          </div>
        ) : null}
      </section>

      <section aria-labelledby="reviews-heading" className="card p-6">
        <h2 id="reviews-heading" className="mb-3 text-lg font-semibold">
          {t("reputation.reviews.title")}
        </h2>
        <ReviewList reviews={reviews} revieweeName={profile.displayName} viewerHandle={viewer?.handle ?? null} />
      </section>
    </div>
  );
}
