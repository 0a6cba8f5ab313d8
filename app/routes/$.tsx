import type { LoaderFunctionArgs } from "@remix-run/node";

/** Any unknown path: a friendly 404 through the root error boundary. */
export async function loader(_: LoaderFunctionArgs) {
  throw new Response("Not found", { status: 404 });
}

export default function NotFound() {
  return null;
}
