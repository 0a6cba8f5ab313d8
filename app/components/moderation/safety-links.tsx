import { Form, Link } from "@remix-run/react";
import { useT } from "../../i18n/use-t";

/** Under a neighbour's profile: report them, or block them (docs/moderation.md). */
export function ProfileSafetyLinks({ userId, handle, displayName }: { userId: string; handle: string; displayName: string }) {
  const t = useT();
  return (
    <div className="mt-6 flex flex-wrap items-center gap-4 border-t border-stone-200 pt-4 text-sm">
      <Link to={`/report?kind=user&id=${userId}`}>{t("moderation.report.link")}</Link>
      <Form method="post" action="/settings/blocks">
        <input type="hidden" name="intent" value="block" />
        <input type="hidden" name="handle" value={handle} />
        <button type="submit" className="btn-secondary px-3 py-1 text-sm">
          {t("moderation.profile.block", { name: displayName })}
        </button>
      </Form>
    </div>
  );
}
