import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link } from "@remix-run/react";
import { getTranslator } from "../http/locale.server";
import { useT } from "../i18n/use-t";

/** The code of conduct, in the visitor's language (linked from sign-up and every report form). */
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Buurtkracht" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { t } = await getTranslator(context, request);
  return { title: `${t("coc.title")} · ${t("app.name")}` };
}

const rules = ["coc.rule.kind", "coc.rule.honest", "coc.rule.care", "coc.rule.noSpam", "coc.rule.safe"] as const;

export default function CodeOfConduct() {
  const t = useT();
  return (
    <article className="mx-auto max-w-2xl space-y-4">
      <h1 className="text-3xl font-bold">{t("coc.title")}</h1>
      <p>{t("coc.intro")}</p>
      <ol className="list-decimal space-y-2 pl-6">
        {rules.map((r) => (
          <li key={r}>{t(r)}</li>
        ))}
      </ol>
      <h2 className="text-xl font-bold">{t("coc.enforce.title")}</h2>
      <p>{t("coc.enforce")}</p>
      <p>
        <Link to="/settings/blocks">{t("moderation.blocks.link")}</Link>
      </p>
    </article>
  );
}
