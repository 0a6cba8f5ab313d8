import { NavLink } from "@remix-run/react";
import { useT } from "../../i18n/use-t";

/** The header's bell: a link to /notifications whose name says how many are unread. */
export function NotificationBell({ unread }: { unread: number }) {
  const t = useT();
  const label = t("notifications.bell.label", { count: unread });
  return (
    <NavLink
      to="/notifications"
      aria-label={label}
      title={label}
      className={({ isActive }) =>
        `relative inline-flex h-9 w-9 items-center justify-center rounded-md no-underline hover:bg-brand-50 hover:no-underline ${isActive ? "bg-brand-100 text-brand-900" : "text-stone-800"}`
      }
    >
      <svg
        aria-hidden="true"
        viewBox="0 0 24 24"
        className="h-5 w-5"
        fill="none"
        stroke="currentColor"
        strokeWidth="2"
        strokeLinecap="round"
        strokeLinejoin="round"
      >
        <path d="M6 8a6 6 0 0 1 12 0c0 7 3 9 3 9H3s3-2 3-9" />
        <path d="M10.3 21a1.94 1.94 0 0 0 3.4 0" />
      </svg>
      {unread > 0 ? (
        <span aria-hidden="true" className="absolute -right-1 -top-1 min-w-5 rounded-full bg-red-700 px-1 text-center text-xs font-bold leading-5 text-white">
          {unread > 99 ? "99+" : unread}
        </span>
      ) : null}
    </NavLink>
  );
}
