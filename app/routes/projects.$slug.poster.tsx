import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { getOptionalUser } from "../auth/guards.server";
import { shareLink } from "../ambassadors/share-code";
import { posterCode, qrSvg } from "../ambassadors/share-kit.server";
import { PrintButton } from "../components/ui/print-button";
import { getTranslator } from "../http/locale.server";
import { useT } from "../i18n/use-t";
import { requireVisibleProject } from "../projects/access.server";

/**
 * The printable A5 poster with a QR code (issue 16, decision 076): the title, one line, the QR code
 * (inline SVG, drawn on the server by `qrcode`) to the viewer's own link — or the plain project
 * link for someone signed out — and that link written out. Print styles: app/tailwind.css (`@page poster`).
 */
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Buurtkracht" }, { name: "robots", content: "noindex" }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const viewer = await getOptionalUser(context, request);
  const project = await requireVisibleProject(context, params.slug, viewer);
  const { db, clock, env } = context.services;
  const { t } = await getTranslator(context, request);
  const code = await posterCode(db, { userId: viewer?.id ?? null, project, now: clock.now() });
  const url = shareLink(env.APP_URL, project.slug, code);
  return {
    title: `${t("ambassadors.poster.title", { title: project.title })} · ${t("app.name")}`,
    project: { slug: project.slug, title: project.title, summary: project.summary },
    url,
    shortUrl: url.replace(/^https?:\/\//, ""),
    svg: await qrSvg(url),
    signedIn: viewer !== null,
  };
}

export default function PosterPage() {
  const { project, url, shortUrl, svg, signedIn } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <div className="mx-auto max-w-md space-y-4">
      <div className="flex flex-wrap items-center gap-3 print:hidden">
        {signedIn ? (
          <Link to={`/projects/${project.slug}/share`}>{t("ambassadors.poster.back")}</Link>
        ) : (
          <Link to={`/projects/${project.slug}`}>{project.title}</Link>
        )}
        <PrintButton />
      </div>
      <article className="bk-poster card space-y-4 p-6 text-center">
        <p className="text-lg font-semibold text-brand-800">{t("ambassadors.poster.cta")}</p>
        <h1 className="text-3xl font-bold break-words">{project.title}</h1>
        <p className="text-lg text-stone-800">{project.summary}</p>
        {/* The SVG is drawn on the server from the link alone: no script, no outside reference. */}
        <div
          className="bk-poster-qr mx-auto w-56 max-w-full"
          role="img"
          aria-label={t("ambassadors.poster.qr", { url: shortUrl })}
          dangerouslySetInnerHTML={{ __html: svg }}
        />
        <p className="text-stone-700">{t("ambassadors.poster.scan")}</p>
        <p className="font-mono text-base font-semibold break-all">
          <a href={url}>{shortUrl}</a>
        </p>
      </article>
    </div>
  );
}
