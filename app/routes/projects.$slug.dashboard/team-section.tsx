import { Form, Link } from "@remix-run/react";
import { confirmOnSubmit } from "../../components/ui/confirm";
import { FormErrorSummary, SelectField, TextField } from "../../components/ui/field";
import type { FieldErrors } from "../../forms/forms";
import { formatDate } from "../../i18n/format";
import type { MessageKey } from "../../i18n/i18n";
import { useLocale, useT } from "../../i18n/use-t";
import type { DashboardPage } from "../../pages/dashboard-page";

/**
 * The dashboard's team (decision 071): whom the payout goes to, the members and pending
 * invitations; for the initiator the invite form and, per person, change role and remove (asked first).
 */
export function TeamSection({ team, canManage, errors, busy }: { team: DashboardPage["team"]; canManage: boolean; errors?: FieldErrors; busy: boolean }) {
  const t = useT();
  const locale = useLocale();
  const roles = [
    { value: "co_initiator", label: t("team.role.co_initiator") },
    { value: "helper", label: t("team.role.helper") },
  ];
  const invited = team.members.filter((m) => m.status === "invited");
  const active = team.members.filter((m) => m.status === "active");
  return (
    <section aria-labelledby="team-title" id="team" className="card space-y-4 p-6">
      <h2 id="team-title" className="text-xl font-bold">
        {t("team.title")}
      </h2>
      <p>{t("team.payoutTo", { name: team.payoutTo })}</p>
      <p className="text-sm text-stone-700">{t("team.roles.explain")}</p>
      <FormErrorSummary errors={errors} />
      {active.length === 0 && invited.length === 0 ? <p className="text-stone-700">{t("team.none")}</p> : null}
      {active.length > 0 ? (
        <div>
          <h3 className="text-lg font-semibold">{t("team.members")}</h3>
          <ul className="divide-y divide-stone-200">
            {active.map((m) => (
              <li key={m.userId} className="flex flex-wrap items-center justify-between gap-2 py-2">
                <span className="min-w-0 break-words">
                  <Link to={`/u/${m.handle}`}>{m.displayName}</Link> · {t(`team.role.${m.role}` as MessageKey)}
                </span>
                {canManage ? <MemberForms member={m} busy={busy} /> : null}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {invited.length > 0 ? (
        <div>
          <h3 className="text-lg font-semibold">{t("team.pending")}</h3>
          <ul className="divide-y divide-stone-200">
            {invited.map((m) => (
              <li key={m.userId} className="flex flex-wrap items-center justify-between gap-2 py-2">
                <span className="min-w-0 break-words">
                  {m.displayName} · {t(`team.role.${m.role}` as MessageKey)} ·{" "}
                  <span className="text-sm text-stone-700">{t("team.invitedOn", { date: formatDate(new Date(m.invitedAt), locale) })}</span>
                </span>
                {canManage ? <MemberForms member={m} busy={busy} /> : null}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {canManage ? (
        <Form method="post" className="space-y-3" noValidate aria-labelledby="team-invite">
          <h3 id="team-invite" className="text-lg font-semibold">
            {t("team.invite.title")}
          </h3>
          <input type="hidden" name="intent" value="team_invite" />
          <div className="grid gap-3 sm:grid-cols-2">
            <TextField
              label={t("team.invite.who")}
              hint={t("team.invite.who.hint")}
              name="who"
              required
              maxLength={254}
              autoComplete="off"
              error={errors?.who}
            />
            <SelectField label={t("team.invite.role")} name="role" options={roles} defaultValue="co_initiator" error={errors?.role} />
          </div>
          <button type="submit" className="btn-primary" disabled={busy}>
            {t("team.invite.submit")}
          </button>
        </Form>
      ) : null}
    </section>
  );
}

function MemberForms({ member: m, busy }: { member: DashboardPage["team"]["members"][number]; busy: boolean }) {
  const t = useT();
  const other = m.role === "co_initiator" ? "helper" : "co_initiator";
  return (
    <span className="flex flex-wrap gap-2">
      <Form method="post" onSubmit={confirmOnSubmit(t("team.role.ask", { name: m.displayName, role: t(`team.role.${other}`) }))}>
        <input type="hidden" name="intent" value="team_role" />
        <input type="hidden" name="memberId" value={m.userId} />
        <input type="hidden" name="role" value={other} />
        <button type="submit" className="btn-secondary px-3 py-1.5" disabled={busy}>
          {t(other === "helper" ? "team.makeHelper" : "team.makeCoInitiator")}
          <span className="sr-only"> — {m.displayName}</span>
        </button>
      </Form>
      <Form method="post" onSubmit={confirmOnSubmit(t(m.status === "invited" ? "team.withdraw.ask" : "team.remove.ask", { name: m.displayName }))}>
        <input type="hidden" name="intent" value="team_remove" />
        <input type="hidden" name="memberId" value={m.userId} />
        <button type="submit" className="btn-danger px-3 py-1.5" disabled={busy}>
          {t(m.status === "invited" ? "team.withdraw" : "team.remove")}
          <span className="sr-only"> — {m.displayName}</span>
        </button>
      </Form>
    </span>
  );
}
