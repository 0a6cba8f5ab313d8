import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData, useRouteLoaderData } from "@remix-run/react";
import { ProfileSafetyLinks } from "../components/moderation/safety-links";
import type { RootLoaderData } from "../root";
import { getPublicProfile } from "../auth/accounts.server";
import { formatDate } from "../i18n/format";
import { getTranslator } from "../http/locale.server";
import { useLocale, useT } from "../i18n/use-t";
import { volunteerRecord } from "../needs/reads.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Buurtkracht" }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const profile = await getPublicProfile(context.services.db, params.handle ?? "");
  if (!profile) throw new Response("Not found", { status: 404 });
  const { t } = await getTranslator(context, request);
  // Part of a neighbour's record: the shifts they came to (issue 11; the full track record is issue 12).
  const volunteering = await volunteerRecord(context.services.db, profile.id);
  return { title: `${profile.displayName} · ${t("app.name")}`, profile, volunteering };
}

export default function PublicProfile() {
  const { profile, volunteering } = useLoaderData<typeof loader>();
  const viewer = useRouteLoaderData<RootLoaderData>("root")?.user ?? null;
  const t = useT();
  const locale = useLocale();
  return (
    <section className="card mx-auto max-w-2xl p-6">
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
      {viewer && viewer.handle !== profile.handle ? <ProfileSafetyLinks userId={profile.id} handle={profile.handle} displayName={profile.displayName} /> : null}
    </section>
  );
}
