import { Link } from "@remix-run/react";
import { useT } from "../../i18n/use-t";

export function Footer() {
  const t = useT();
  return (
    <footer className="mt-16 border-t border-stone-200 bg-white print:hidden">
      <div className="mx-auto grid max-w-6xl gap-4 px-4 py-8 text-sm text-stone-700 md:grid-cols-3">
        <p>{t("footer.about")}</p>
        <p>{t("footer.trust")}</p>
        <ul className="space-y-1">
          <li>{t("footer.rights")}</li>
          <li>
            <Link to="/code-of-conduct">{t("coc.link")}</Link>
          </li>
          <li>
            {/* CC BY 4.0 asks for attribution of the postcode areas (db/data, decision 070). */}
            {t("footer.postcodeData")} <a href="https://www.geonames.org/">GeoNames</a> (
            <a href="https://creativecommons.org/licenses/by/4.0/" rel="license">
              {t("footer.postcodeDataLicence")}
            </a>
            )
          </li>
        </ul>
      </div>
    </footer>
  );
}
