import { Link } from "@remix-run/react";
import { useT } from "../../i18n/use-t";

/**
 * The project page's thanks to its top ambassadors — only those who opted in on their share page —
 * and the way to one's own share kit while the project is live (issue 16).
 */
export function AmbassadorThanks({
  ambassadors,
  slug,
  canShare,
}: {
  ambassadors: readonly { displayName: string; backers: number }[];
  slug: string;
  canShare: boolean;
}) {
  const t = useT();
  if (ambassadors.length === 0 && !canShare) return null;
  return (
    <section aria-labelledby="ambassadors-title" className="card space-y-2 p-4">
      {ambassadors.length > 0 ? (
        <>
          <h2 id="ambassadors-title" className="text-lg font-bold">
            {t("ambassadors.thanks.title")}
          </h2>
          <p className="text-sm text-stone-700">{t("ambassadors.thanks.intro")}</p>
          <ul className="space-y-1 text-sm">
            {ambassadors.map((a, i) => (
              <li key={`${i}-${a.displayName}`}>{t("ambassadors.thanks.backers", { name: a.displayName, count: a.backers })}</li>
            ))}
          </ul>
        </>
      ) : (
        <h2 id="ambassadors-title" className="sr-only">
          {t("ambassadors.thanks.share")}
        </h2>
      )}
      {canShare ? (
        <p>
          <Link to={`/projects/${slug}/share`} className="font-semibold">
            {t("ambassadors.thanks.share")}
          </Link>
        </p>
      ) : null}
    </section>
  );
}
