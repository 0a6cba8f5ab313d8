import { Link } from "@remix-run/react";
import type { MessageKey } from "../i18n/i18n";
import { useT } from "../i18n/use-t";

export function ErrorPage({ status, requestId }: { status: number; requestId?: string }) {
  const t = useT();
  const [title, body]: [MessageKey, MessageKey] =
    status === 404
      ? ["error.notFound.title", "error.notFound.body"]
      : status === 403
        ? ["error.forbidden.title", "error.forbidden.body"]
        : status === 429
          ? ["error.tooMany.title", "error.tooMany.body"]
          : status === 400
            ? ["error.badRequest.title", "error.server.body"]
            : ["error.server.title", "error.server.body"];
  return (
    <div className="mx-auto max-w-xl py-16 text-center">
      <p className="text-5xl font-bold text-brand-700">{status}</p>
      <h1 className="mt-4 text-2xl font-bold">{t(title)}</h1>
      <p className="mt-3 text-stone-700">{t(body)}</p>
      {requestId ? <p className="mt-2 text-xs text-stone-500">{t("error.reference", { id: requestId })}</p> : null}
      <p className="mt-8">
        <Link to="/" className="btn-primary">
          {t("error.backHome")}
        </Link>
      </p>
    </div>
  );
}
