import { Form, Link, NavLink, useLocation } from "@remix-run/react";
import type { SessionUser } from "../../auth/user";

type Role = SessionUser["role"];
import type { Locale } from "../../i18n/i18n";
import { useT } from "../../i18n/use-t";

export interface HeaderUser {
  displayName: string;
  handle: string;
  role: Role;
}

function LanguageSwitch({ locale }: { locale: Locale }) {
  const t = useT();
  const location = useLocation();
  const other: Locale = locale === "nl" ? "en" : "nl";
  return (
    <Form method="post" action="/settings/language" className="inline">
      <input type="hidden" name="locale" value={other} />
      <input type="hidden" name="redirectTo" value={`${location.pathname}${location.search}`} />
      <button type="submit" className="btn-secondary px-3 py-1.5" lang={other} aria-label={t("language.switchTo")}>
        {other === "en" ? "English" : "Nederlands"}
      </button>
    </Form>
  );
}

export function Header({ user, locale, extra }: { user: HeaderUser | null; locale: Locale; extra?: React.ReactNode }) {
  const t = useT();
  const links = [
    { to: "/projects", label: t("nav.projects") },
    { to: "/items", label: t("nav.lend") },
    { to: "/ideas", label: t("ideas.nav") },
    { to: "/me/pledges", label: t("nav.myPledges") },
    { to: "/me/loans", label: t("nav.myLoans") },
  ];
  if (user && (user.role === "moderator" || user.role === "admin")) links.push({ to: "/moderation", label: t("nav.moderation") });
  const navClass = ({ isActive }: { isActive: boolean }) =>
    `rounded-md px-3 py-2 text-sm font-medium no-underline hover:bg-brand-50 hover:no-underline ${isActive ? "bg-brand-100 text-brand-900" : "text-stone-800"}`;
  const account = user ? (
    <>
      <NavLink to="/profile" className={navClass}>
        {user.displayName}
      </NavLink>
      <Form method="post" action="/logout" className="inline">
        <button type="submit" className="btn-secondary px-3 py-1.5">
          {t("nav.logout")}
        </button>
      </Form>
    </>
  ) : (
    <>
      <NavLink to="/login" className={navClass}>
        {t("nav.login")}
      </NavLink>
      <Link to="/signup" className="btn-primary px-3 py-1.5">
        {t("nav.signup")}
      </Link>
    </>
  );
  return (
    <header className="border-b border-stone-200 bg-white print:hidden">
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:rounded focus:bg-white focus:p-2">
        {t("nav.skipToContent")}
      </a>
      <div className="mx-auto flex max-w-6xl items-center gap-4 px-4 py-3">
        <Link to="/" className="flex items-center gap-2 text-lg font-bold text-brand-800 no-underline hover:no-underline">
          <svg aria-hidden="true" viewBox="0 0 32 32" className="h-8 w-8">
            <rect width="32" height="32" rx="8" fill="#137f49" />
            <path d="M8 23V13l8-6 8 6v10h-5v-6h-6v6z" fill="#fff" />
          </svg>
          {t("app.name")}
        </Link>
        <nav aria-label={t("nav.main")} className="hidden flex-1 items-center gap-1 md:flex">
          {links.map((l) => (
            <NavLink key={l.to} to={l.to} className={navClass}>
              {l.label}
            </NavLink>
          ))}
        </nav>
        <div className="ml-auto hidden items-center gap-2 md:flex">
          {extra}
          {account}
          <LanguageSwitch locale={locale} />
        </div>
        <details className="relative ml-auto md:hidden">
          <summary className="btn-secondary cursor-pointer list-none px-3 py-1.5">{t("nav.menu")}</summary>
          <div className="absolute right-0 z-20 mt-2 flex w-64 flex-col gap-1 rounded-xl border border-stone-200 bg-white p-3 shadow-lg">
            <nav aria-label={`${t("nav.main")} (mobile)`} className="flex flex-col gap-1">
              {links.map((l) => (
                <NavLink key={l.to} to={l.to} className={navClass}>
                  {l.label}
                </NavLink>
              ))}
            </nav>
            <div className="mt-2 flex flex-wrap items-center gap-2 border-t border-stone-200 pt-2">
              {extra}
              {account}
              <LanguageSwitch locale={locale} />
            </div>
          </div>
        </details>
      </div>
    </header>
  );
}
