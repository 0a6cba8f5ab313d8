import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { getTranslator } from "../http/locale.server";
import { useT } from "../i18n/use-t";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Buurtkracht" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { t } = await getTranslator(context, request);
  return { title: `${t("ledger.verify.title")} · ${t("app.name")}` };
}

/** How anyone checks a project's ledger on their own computer (docs/ledger-verify.md). */
export default function VerifyLedger() {
  useLoaderData<typeof loader>();
  const t = useT();
  return (
    <article className="max-w-prose space-y-4">
      <h1 className="text-3xl font-bold">{t("ledger.verify.title")}</h1>
      <p>{t("ledger.verify.intro")}</p>
      <ol className="list-decimal space-y-3 pl-6">
        <li>{t("ledger.verify.step1")}</li>
        <li>{t("ledger.verify.step2")}</li>
        <li>
          {t("ledger.verify.step3")}{" "}
          <a href="/ledger/verify-ledger-csv.mjs" download>
            verify-ledger-csv.mjs
          </a>
        </li>
        <li>
          {t("ledger.verify.step4")}
          <pre className="mt-2 overflow-x-auto rounded bg-stone-100 p-3 text-sm">
            <code>node verify-ledger-csv.mjs ledger.csv 9f2c…(hash)</code>
          </pre>
        </li>
      </ol>
      <p>{t("ledger.verify.how")}</p>
    </article>
  );
}
