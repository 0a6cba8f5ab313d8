import { Link } from "@remix-run/react";
import { useT } from "../../i18n/use-t";

export function Footer() {
  const t = useT();
  return (
    <footer className="mt-16 border-t border-stone-200 bg-white">
      <div className="mx-auto grid max-w-6xl gap-4 px-4 py-8 text-sm text-stone-700 md:grid-cols-3">
        <p>{t("footer.about")}</p>
        <p>{t("footer.trust")}</p>
        <ul className="space-y-1">
          <li>{t("footer.rights")}</li>
          <li>
            <Link to="/code-of-conduct">{t("coc.link")}</Link>
          </li>
        </ul>
      </div>
    </footer>
  );
}
