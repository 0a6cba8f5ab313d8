import { data, type LoaderFunctionArgs } from "@remix-run/node";

/**
 * The edge's error pages (server/edge/remix.ts): a path that is not text (404), a query string or
 * request the app cannot read (400; a form body that is not a form: reason "type"), a body over its limit (413) — the app's own error page, in the
 * visitor's language, through the root error boundary. Anything else here is a plain 404.
 */
const statuses = new Set([400, 404, 413]);

export async function loader({ params, request }: LoaderFunctionArgs) {
  const status = Number(params.status);
  if (!statuses.has(status)) throw data({ reason: null }, { status: 404 });
  const reason = new URL(request.url).searchParams.get("reason");
  throw data({ reason: reason === "host" || reason === "query" || reason === "type" ? reason : null }, { status });
}

export default function EdgeError() {
  return null;
}
