import { data, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { isRouteErrorResponse, Links, Meta, Outlet, Scripts, ScrollRestoration, useRouteError, useLocation, useRouteLoaderData } from "@remix-run/react";
import type { ReactNode } from "react";
import { getOptionalUser } from "./auth/guards.server";
import { ErrorPage } from "./components/error-page";
import { useNonce } from "./components/nonce";
import { Footer } from "./components/layout/footer";
import { Header } from "./components/layout/header";
import { NotificationBell } from "./components/notifications/notification-bell";
import { VerifyEmailBanner } from "./components/notifications/verify-email-banner";
import { catalogueHref, defaultLocale, isLocale, isMessageKey, translate } from "./i18n/i18n";
import { useCatalogueOfRequestedLocale, useLocale } from "./i18n/use-t";
import { getLocale } from "./http/locale.server";
import { THEME_COLOR } from "./http/manifest";
import { countUnread } from "./notifications/notifications.server";
import stylesheet from "./tailwind.css";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesheet },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
  // Installable: the web app manifest and the home-screen icons (docs/decisions/065-seo-and-feeds.md).
  { rel: "manifest", href: "/manifest.webmanifest" },
  { rel: "apple-touch-icon", href: "/icons/apple-touch-icon.png", sizes: "180x180" },
];

/** Pages set their own titles; this one is for the error pages. */
export const meta: MetaFunction<typeof loader> = ({ data, error }) => {
  if (!error) return [];
  const locale = isLocale(data?.locale) ? data.locale : defaultLocale;
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const key =
    status === 404
      ? "error.notFound.title"
      : status === 403
        ? "error.forbidden.title"
        : status === 400
          ? "error.badRequest.title"
          : status === 413
            ? "error.tooLarge.title"
            : status === 429
              ? "error.tooMany.title"
              : "error.server.title";
  return [{ title: `${translate(locale, key)} · Buurtkracht` }];
};

export async function loader({ request, context }: LoaderFunctionArgs) {
  const [user, locale] = await Promise.all([getOptionalUser(context, request), getLocale(context, request)]);
  const { sessions } = context.services;
  const session = await sessions.getSession(request);
  const flash = session.get("flash") ?? null;
  // The bell's count: one indexed query per page view, capped (the bell shows "99+").
  const unreadCount = user ? await countUnread(context.services.db, user.id) : 0;
  return data(
    {
      locale,
      user: user ? { displayName: user.displayName, handle: user.handle, role: user.role } : null,
      unreadCount,
      // While unconfirmed, a banner asks to confirm (docs/decisions/014-account-email-flows.md).
      unverifiedEmail: user && !user.emailVerified ? user.email : null,
      flash: flash && isMessageKey(flash.key) ? { kind: flash.kind, message: translate(locale, flash.key) } : null,
      requestId: context.requestId,
      // Public pages' canonical and hreflang addresses are absolute (app/http/seo.ts).
      appUrl: context.services.env.APP_URL,
    },
    flash ? { headers: { "Set-Cookie": await sessions.commitSession(request, session) } } : undefined,
  );
}

export type RootLoaderData = Awaited<ReturnType<typeof loader>>["data"];

export function Layout({ children }: { children: ReactNode }) {
  const root = useRouteLoaderData<typeof loader>("root");
  const locale = useLocale();
  useCatalogueOfRequestedLocale();
  const { pathname } = useLocation();
  const nonce = useNonce();
  return (
    <html lang={locale} className="h-full">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="theme-color" content={THEME_COLOR} />
        <Meta />
        <Links />
      </head>
      <body className="flex min-h-full flex-col">
        <Header user={root?.user ?? null} locale={locale} extra={root?.user ? <NotificationBell unread={root.unreadCount} /> : null} />
        {root?.unverifiedEmail && pathname !== "/verify-email" ? <VerifyEmailBanner email={root.unverifiedEmail} /> : null}
        {root?.flash ? (
          <div
            role="status"
            className={`mx-auto mt-4 w-full max-w-6xl rounded-lg px-4 py-3 text-sm print:hidden ${root.flash.kind === "error" ? "bg-red-50 text-red-800" : "bg-brand-50 text-brand-900"}`}
          >
            {root.flash.message}
          </div>
        ) : null}
        <main id="main" className="mx-auto w-full max-w-6xl flex-1 px-4 py-6">
          {children}
        </main>
        <Footer />
        <ScrollRestoration nonce={nonce} />
        {/* The page's language only, cached for a year (decision 063). A plain script, neither defer
            nor async: it runs before the parser reaches Remix's module script (which is async). */}
        <script src={catalogueHref(locale)} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

export function ErrorBoundary() {
  const error = useRouteError();
  const root = useRouteLoaderData<typeof loader>("root");
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const reason =
    isRouteErrorResponse(error) && typeof error.data === "object" && error.data !== null && "reason" in error.data ? String(error.data.reason) : null;
  return <ErrorPage status={status} reason={reason} requestId={status >= 500 ? root?.requestId : undefined} />;
}
