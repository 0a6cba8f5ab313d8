import { Link } from "@remix-run/react";
import type { MessageKey } from "../i18n/i18n";
import { useT } from "../i18n/use-t";

function texts(status: number, reason: string | null): [MessageKey, MessageKey] {
  switch (status) {
    case 404:
      return ["error.notFound.title", "error.notFound.body"];
    case 403:
      return ["error.forbidden.title", "error.forbidden.body"];
    case 429:
      return ["error.tooMany.title", "error.tooMany.body"];
    case 413:
      return ["error.tooLarge.title", "error.tooLarge.body"];
    case 400:
      return ["error.badRequest.title", reason === "host" ? "error.badRequest.host" : reason === "type" ? "error.badRequest.type" : "error.badRequest.body"];
    default:
      return ["error.server.title", "error.server.body"];
  }
}

export function ErrorPage({ status, requestId, reason = null }: { status: number; requestId?: string; reason?: string | null }) {
  const t = useT();
  const [title, body] = texts(status, reason);
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
