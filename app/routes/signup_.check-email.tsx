import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { getTranslator } from "../http/locale.server";
import { useT } from "../i18n/use-t";

/**
 * After sign-up, for every address alike (issue 8 §4): "we sent you a message". A new address got
 * a verification link, which logs in; an address with an account got a "you already have an
 * account" mail. The page never says which.
 */
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Buurtkracht" }, { name: "robots", content: "noindex" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { t } = await getTranslator(context, request);
  const email = (new URL(request.url).searchParams.get("email") ?? "").slice(0, 254);
  return { title: `${t("auth.signup.checkEmail.title")} · ${t("app.name")}`, email };
}

export default function CheckEmail() {
  const { email } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <div className="mx-auto max-w-md">
      <h1 className="text-2xl font-bold">{t("auth.signup.checkEmail.title")}</h1>
      <div className="card mt-6 space-y-3 p-6" role="status">
        <p className="break-words">{email ? t("auth.signup.checkEmail.sentTo", { email }) : t("auth.signup.checkEmail.sent")}</p>
        <p>{t("auth.signup.checkEmail.next")}</p>
        <p className="text-sm text-stone-700">{t("auth.signup.checkEmail.notArrived")}</p>
      </div>
      <p className="mt-4 text-center text-sm">
        <Link to="/signup">{t("auth.signup.checkEmail.again")}</Link> · <Link to="/login">{t("nav.login")}</Link>
      </p>
    </div>
  );
}
