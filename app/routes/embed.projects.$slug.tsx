import type { LoaderFunctionArgs } from "@remix-run/node";
import { ResponsiveImage } from "../components/ui/responsive-image";
import { renderToStaticMarkup } from "react-dom/server";
import { formatMoney } from "../i18n/format";
import { createHash } from "node:crypto";
import { isLocale, type Locale, type Translate, translator } from "../i18n/i18n";
import { getTranslator } from "../http/locale.server";
import type { ApiProject } from "../projects/api";
import { getApiProject } from "../projects/api.server";
import { timeLeft, timeLeftKey } from "../projects/project";
import { percentOf } from "../utils/money";

/**
 * The embeddable card (<iframe src="/embed/projects/:slug?lang=nl">): a standalone page with one
 * style sheet and no scripts, which any site may frame. Its language is explicit in the URL
 * (`lang=nl|en`, what the share snippet writes); without it, the visitor's language — and then a
 * `Vary` tells caches that the answer depends on it. It is cached publicly for 60 s.
 */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { env, db, clock } = context.services;
  const project = await getApiProject(db, params.slug ?? "", env.APP_URL);
  if (!project) return new Response("Not found", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  const asked = new URL(request.url).searchParams.get("lang");
  const explicit = isLocale(asked) ? asked : null;
  const locale = explicit ?? (await getTranslator(context, request)).locale;
  const html = `<!doctype html>${renderToStaticMarkup(<EmbedCard project={project} t={translator(locale)} locale={locale} now={clock.now()} />)}`;
  return new Response(html, {
    headers: {
      "Content-Type": "text/html; charset=utf-8",
      "Cache-Control": "public, max-age=60",
      ...(explicit ? {} : { Vary: "Accept-Language, Cookie" }),
      "Content-Security-Policy": EMBED_CSP,
    },
  });
}

const css = `
*{box-sizing:border-box}
body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;color:#1c1917;background:#fff}
.card{border:1px solid #e7e5e4;border-radius:12px;overflow:hidden;max-width:420px}
img{display:block;width:100%;aspect-ratio:16/9;max-height:150px;object-fit:cover}
.body{padding:10px 16px 14px}
h1{font-size:18px;margin:4px 0 6px;line-height:1.3;overflow-wrap:anywhere;display:-webkit-box;-webkit-line-clamp:2;-webkit-box-orient:vertical;overflow:hidden}
p{margin:4px 0;font-size:14px;overflow-wrap:anywhere}
.summary{display:-webkit-box;-webkit-line-clamp:3;-webkit-box-orient:vertical;overflow:hidden}
.muted{color:#57534e;font-size:13px}
.bar{height:10px;background:#e7e5e4;border-radius:99px;overflow:hidden;margin:10px 0 6px}
.bar svg{display:block}.fill{fill:#137f49}
a.btn{display:inline-block;margin-top:10px;background:#0f663c;color:#fff;padding:8px 14px;border-radius:8px;text-decoration:none;font-weight:600;font-size:14px}
`;

/** No scripts, no forms, this one style sheet (by hash), images from us; any site may frame it. */
const EMBED_CSP = `default-src 'none'; style-src 'sha256-${createHash("sha256").update(css).digest("base64")}'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors *`;

function EmbedCard({ project, t, locale, now }: { project: ApiProject; t: Translate; locale: Locale; now: Date }) {
  const percent = percentOf(project.pledgedCents, project.goalCents);
  const left = project.endsAt ? timeLeft(new Date(project.endsAt), now) : null;
  return (
    <html lang={locale}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${project.title} · Buurtkracht`}</title>
        <style dangerouslySetInnerHTML={{ __html: css }} />
      </head>
      <body>
        <main className="card">
          {project.coverImages.length ? <ResponsiveImage image={project.coverImages} alt="" sizes="(max-width: 420px) 100vw, 420px" /> : null}
          <div className="body">
            <p className="muted">
              {project.neighbourhood.name} · {t(`projects.status.${project.status}`)}
            </p>
            <h1>{project.title}</h1>
            <p className="summary">{project.summary}</p>
            <div
              className="bar"
              role="progressbar"
              aria-valuemin={0}
              aria-valuemax={100}
              aria-valuenow={Math.min(percent, 100)}
              aria-label={t("projects.progress.label", {
                pledged: formatMoney(project.pledgedCents, locale, { compact: true }),
                goal: formatMoney(project.goalCents, locale, { compact: true }),
                percent,
              })}
            >
              <svg width="100%" height="10" preserveAspectRatio="none" aria-hidden="true" focusable="false">
                <rect className="fill" x="0" y="0" height="10" width={`${Math.min(percent, 100)}%`} rx="5" />
              </svg>
            </div>
            <p>
              <strong>{formatMoney(project.pledgedCents, locale, { compact: true })}</strong>{" "}
              {t("projects.progress.pledgedOf", { goal: formatMoney(project.goalCents, locale, { compact: true }) })} ·{" "}
              {t("projects.progress.percent", { percent })}
            </p>
            <p className="muted">
              {t("projects.backers.count", { count: project.backerCount })}
              {project.status === "live" && left && left.kind !== "ended" ? ` · ${t(timeLeftKey(left).key, timeLeftKey(left).params)}` : ""}
            </p>
            <a className="btn" href={project.url} target="_blank" rel="noopener">
              {project.status === "live" ? t("projects.page.pledge") : t("projects.embed.view")}
            </a>
          </div>
        </main>
      </body>
    </html>
  );
}
