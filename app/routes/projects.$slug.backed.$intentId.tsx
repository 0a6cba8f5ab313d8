import { type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "../auth/guards.server";
import { ShareLinks } from "../components/projects/share-links";
import { getTranslator } from "../http/locale.server";
import { formatMoney } from "../i18n/format";
import { useLocale, useT } from "../i18n/use-t";
import { getPledgeIntentOfBacker } from "../pledges/intents.server";
import { resumePledgeIntent } from "../pledges/pledge-flow.server";
import { getPledgeOfBacker } from "../pledges/pledges.server";
import { requireVisibleProject } from "../projects/access.server";

/** One step to back a project (decision 055): where the backer lands from the gateway's page. */
export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data?.title ?? "Buurtkracht" },
  { name: "robots", content: "noindex" },
  // Waiting for the gateway's word: look again in a few seconds (works without JavaScript).
  ...(data?.view.state === "waiting" ? [{ httpEquiv: "refresh", content: "3" } as const] : []),
];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const user = await requireUser(context, request);
  const project = await requireVisibleProject(context, params.slug, user);
  const intent = await getPledgeIntentOfBacker(context.services.db, params.intentId ?? "", user.id);
  if (!intent || intent.project_id !== project.id) throw new Response("Not found", { status: 404 });
  const resumed = await resumePledgeIntent(context.services, intent);
  if (resumed.kind === "redirect") throw redirect(resumed.to);
  const { t } = await getTranslator(context, request);
  const view = resumed.view;
  const pledge = view.state === "confirmed" ? await getPledgeOfBacker(context.services.db, view.pledgeId, user.id, context.services.clock.now()) : null;
  return {
    title: `${t("pledges.backed.title")} · ${project.title} · ${t("app.name")}`,
    view,
    project: { slug: project.slug, title: project.title, fundingModel: project.fundingModel, endsAt: project.endsAt },
    amountCents: pledge?.amountCents ?? intent.amount_cents,
    pledgeStatus: pledge?.status ?? null,
    shareUrl: `${context.services.env.APP_URL}/projects/${project.slug}`,
  };
}

export default function Backed() {
  const { view, project, amountCents, pledgeStatus, shareUrl } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const amount = formatMoney(amountCents, locale);
  const formLink = `/projects/${project.slug}/pledge`;
  return (
    <div className="mx-auto max-w-2xl space-y-6">
      <p>
        <Link to={`/projects/${project.slug}`}>← {project.title}</Link>
      </p>
      {view.state === "confirmed" ? (
        <>
          <section className="card space-y-3 p-6" aria-labelledby="backed">
            <h1 id="backed" className="text-3xl font-bold">
              {t("pledges.backed.confirmed", { project: project.title, amount })}
            </h1>
            <p className="text-stone-700">
              {project.fundingModel === "keep_what_you_raise"
                ? pledgeStatus === "charged"
                  ? t("pledges.backed.paid")
                  : t("pledges.backed.paying")
                : t("pledges.backed.aon")}
            </p>
            <p className="flex flex-wrap gap-3">
              <Link to={`/me/pledges/${view.pledgeId}`} className="btn-primary">
                {t("pledges.backed.receipt")}
              </Link>
              <Link to={`/projects/${project.slug}/ledger`} className="btn-secondary">
                {t("pledges.backed.ledger")}
              </Link>
            </p>
          </section>
          <section className="card space-y-2 p-6">
            <p>{t("pledges.backed.share")}</p>
            <p>
              <Link to={`/projects/${project.slug}/share`} className="font-semibold">
                {t("ambassadors.receipt.share")}
              </Link>
            </p>
            <ShareLinks url={shareUrl} title={project.title} />
          </section>
        </>
      ) : view.state === "waiting" ? (
        <section className="card space-y-3 p-6" aria-labelledby="backed" role="status">
          <h1 id="backed" className="text-2xl font-bold">
            {t("pledges.backed.waitingTitle")}
          </h1>
          <p>{t("pledges.backed.waiting", { amount })}</p>
          <p>
            <Link to="." reloadDocument>
              {t("pledges.backed.reload")}
            </Link>
          </p>
        </section>
      ) : view.state === "failed" ? (
        <section className="card space-y-3 p-6" aria-labelledby="backed">
          <h1 id="backed" className="text-2xl font-bold">
            {t("pledges.backed.failedTitle")}
          </h1>
          <p role="alert" className="font-medium text-red-700">
            {t(view.error)}
          </p>
          <p>{t("pledges.backed.failed")}</p>
          <p className="flex flex-wrap gap-3">
            <Link to={formLink} className="btn-primary">
              {t("pledges.backed.again")}
            </Link>
            <Link to="/me/pledges" className="btn-secondary">
              {t("pledges.mine.title")}
            </Link>
          </p>
        </section>
      ) : (
        <section className="card space-y-3 p-6" aria-labelledby="backed">
          <h1 id="backed" className="text-2xl font-bold">
            {t("pledges.backed.expiredTitle")}
          </h1>
          <p>{t("pledges.backed.expired")}</p>
          <Link to={formLink} className="btn-primary">
            {t("pledges.backed.again")}
          </Link>
        </section>
      )}
    </div>
  );
}
