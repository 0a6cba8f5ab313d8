import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { getOptionalUser, requireUser } from "../auth/guards.server";
import { FormErrorSummary, SelectField, TextField } from "../components/ui/field";
import { fieldError, parseForm } from "../forms/forms";
import { redirectWithFlash } from "../http/flash.server";
import { getTranslator } from "../http/locale.server";
import { formatDate, formatMoney } from "../i18n/format";
import type { MessageKey } from "../i18n/i18n";
import { useLocale, useT } from "../i18n/use-t";
import { MemberSchema } from "../matching/matching-schema";
import { organisationRoles } from "../matching/organisation";
import { addOrganisationMember, getOrganisationBySlug } from "../matching/organisations.server";
import { getOrganisationMethod, type MethodSetupError, removeOrganisationMethod, startOrganisationMethodSetup } from "../matching/charges.server";
import { GatewayRequestError } from "../payments/gateway";
import { getOrganisationDashboard, listOpenPools } from "../matching/pools.server";
import { fundOrganisationId } from "../matching/funds.server";
import { ProjectCard } from "../components/projects/project-card";
import { listProjectsOfOrganisation } from "../projects/projects.server";
import type { ComponentProps } from "react";

/**
 * An organisation: for its members the dashboard (pools, committed, owed, paid, per project, CSV,
 * members); for everyone else its open pools.
 */
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Buurtkracht" }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const user = await getOptionalUser(context, request);
  const { db, clock } = context.services;
  const { t } = await getTranslator(context, request);
  const slug = params.slug ?? "";
  const dashboard = user ? await getOrganisationDashboard(db, slug, user) : "NotAllowed";
  if (dashboard === "NotFound") throw new Response("Not found", { status: 404 });
  const now = clock.now();
  if (typeof dashboard === "object") {
    const projects = await listProjectsOfOrganisation(db, dashboard.organisation.id, { members: true });
    const method = await getOrganisationMethod(db, dashboard.organisation.id, context.services.gateway.kind);
    // Back from the gateway's page: the method is recorded by its event, which may still be on its way.
    const returned = new URL(request.url).searchParams.get("method") === "saved" && !method;
    return {
      title: `${t("matching.dash.title", { organisation: dashboard.organisation.name })} · ${t("app.name")}`,
      dashboard,
      public: null,
      projects,
      now,
      method,
      returned,
    };
  }
  const org = await getOrganisationBySlug(db, slug);
  if (!org || org.status !== "verified") throw new Response("Not found", { status: 404 });
  const pools = (await listOpenPools(db, now)).filter((p) => p.organisation.slug === slug);
  const projects = await listProjectsOfOrganisation(db, org.id, { members: false });
  const hasFund = (await fundOrganisationId(db, slug)) !== null;
  return {
    title: `${org.name} · ${t("app.name")}`,
    dashboard: null,
    public: { organisation: org, pools, hasFund },
    projects,
    now,
    method: null,
    returned: false,
  };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const user = await requireUser(context, request);
  const { db, clock } = context.services;
  const org = await getOrganisationBySlug(db, params.slug ?? "");
  if (!org) throw new Response("Not found", { status: 404 });
  const formData = await request.formData();
  const intent = formData.get("intent");
  if (intent === "method-setup" || intent === "method-remove") {
    const { locale } = await getTranslator(context, request);
    const result: { ok: true; url?: string } | { ok: false; error: MethodSetupError | "gateway" } =
      intent === "method-remove"
        ? await removeOrganisationMethod(db, { organisationId: org.id, gateway: context.services.gateway.kind, user, now: clock.now() })
        : await startOrganisationMethodSetup(
            { db, gateway: context.services.gateway, appUrl: context.services.env.APP_URL },
            { organisationId: org.id, user, locale, now: clock.now() },
          ).catch((error: unknown) => {
            if (error instanceof GatewayRequestError) return { ok: false as const, error: "gateway" as const };
            throw error;
          });
    if (!result.ok)
      return data(fieldError("method", `matching.method.error.${result.error}` as MessageKey), { status: result.error === "NotAllowed" ? 403 : 400 });
    if (result.url) return redirect(result.url);
    return redirectWithFlash(context, request, `/organisations/${org.slug}`, { kind: "success", key: "matching.method.removed" });
  }
  const form = parseForm(MemberSchema, formData);
  if (!form.ok) return data(form, { status: 400 });
  const result = await addOrganisationMember(db, { organisationId: org.id, actor: user, handle: form.data.handle, role: form.data.role, now: clock.now() });
  if (!result.ok) return data(fieldError("handle", `matching.error.${result.error}` as MessageKey), { status: result.error === "NotAllowed" ? 403 : 400 });
  return redirectWithFlash(context, request, `/organisations/${org.slug}`, { kind: "success", key: "matching.dash.memberAdded" });
}

/** The organisation's own projects (issue 11): cards, and for members a way to start one. */
function OwnProjects({
  projects,
  now,
  startLink,
}: {
  projects: ComponentProps<typeof ProjectCard>["project"][];
  now: Date | string;
  startLink: string | null;
}) {
  const t = useT();
  if (projects.length === 0 && !startLink) return null;
  return (
    <section aria-labelledby="own-projects" className="space-y-3">
      <h2 id="own-projects" className="text-xl font-bold">
        {t("projects.organisation.projects")}
      </h2>
      {startLink ? (
        <p>
          <Link to={startLink} className="btn-secondary">
            {t("projects.organisation.start")}
          </Link>
        </p>
      ) : null}
      {projects.length === 0 ? <p className="text-sm text-stone-700">{t("projects.organisation.none")}</p> : null}
      <div className="grid gap-4 sm:grid-cols-2">
        {projects.map((p) => (
          <ProjectCard key={p.slug} project={p} now={now} headingLevel={3} sizes="(min-width: 928px) 28rem, (min-width: 640px) 50vw, 100vw" />
        ))}
      </div>
    </section>
  );
}

/** The organisation's saved method for its matching (app/matching/charges.server.ts): admins save, replace or remove it. */
function PaymentMethod({
  method,
  returned,
  admin,
  verified,
  error,
  busy,
}: {
  method: { label: string; savedAt: Date | string } | null;
  returned: boolean;
  admin: boolean;
  verified: boolean;
  error: MessageKey | undefined;
  busy: boolean;
}) {
  const t = useT();
  const locale = useLocale();
  return (
    <section className="card space-y-3 p-5" aria-labelledby="payment-method">
      <h2 id="payment-method" className="text-lg font-semibold">
        {t("matching.method.title")}
      </h2>
      <p className="text-sm text-stone-700">{t("matching.method.intro")}</p>
      {returned ? (
        <p role="status" className="rounded border border-sky-300 bg-sky-50 p-3 text-sky-900">
          {t("matching.method.returned")}
        </p>
      ) : null}
      <p id="payment-method-state">
        {method ? t("matching.method.saved", { label: method.label, date: formatDate(method.savedAt, locale) }) : t("matching.method.none")}
      </p>
      {error ? (
        <p id="method-error" role="alert" className="text-sm font-medium text-red-800">
          {t(error)}
        </p>
      ) : null}
      {admin && verified ? (
        <div className="flex flex-wrap gap-3">
          <Form method="post">
            <input type="hidden" name="intent" value="method-setup" />
            <button type="submit" className="btn-primary" disabled={busy} aria-describedby={error ? "method-error" : undefined}>
              {method ? t("matching.method.replace") : t("matching.method.save")}
            </button>
          </Form>
          {method ? (
            <Form
              method="post"
              onSubmit={(e) => {
                if (!window.confirm(t("matching.method.removeConfirm"))) e.preventDefault();
              }}
            >
              <input type="hidden" name="intent" value="method-remove" />
              <button type="submit" className="btn-secondary" disabled={busy}>
                {t("matching.method.remove")}
              </button>
            </Form>
          ) : null}
        </div>
      ) : (
        <p className="text-sm text-stone-700">{t("matching.method.adminsOnly")}</p>
      )}
    </section>
  );
}

export default function OrganisationPage() {
  const loaded = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  if (!loaded.dashboard) {
    const { organisation, pools, hasFund } = loaded.public!;
    return (
      <div className="mx-auto max-w-3xl space-y-4">
        <h1 className="text-2xl font-bold">{organisation.name}</h1>
        <p className="text-stone-700">{t(`matching.kind.${organisation.kind}`)}</p>
        {organisation.description ? <p>{organisation.description}</p> : null}
        {hasFund ? (
          <p>
            <Link to={`/organisations/${organisation.slug}/fund`} className="btn-secondary inline-block">
              {t("fund.link")}
            </Link>
          </p>
        ) : null}
        <ul className="space-y-2">
          {pools.map((p) => (
            <li key={p.id}>
              <Link to={`/pools/${p.id}`} className="underline">
                {p.name}
              </Link>
            </li>
          ))}
        </ul>
        <OwnProjects projects={loaded.projects} now={loaded.now} startLink={null} />
      </div>
    );
  }
  const { organisation, role, pools, totals, members } = loaded.dashboard;
  const errors = actionData && !actionData.ok ? actionData.errors : undefined;
  return (
    <div className="mx-auto max-w-4xl space-y-6">
      <header className="space-y-2">
        <h1 className="text-2xl font-bold">{t("matching.dash.title", { organisation: organisation.name })}</h1>
        {organisation.status !== "verified" ? (
          <p className="rounded border border-amber-300 bg-amber-50 p-3 text-amber-900">{t("matching.notVerified")}</p>
        ) : (
          <p>
            <Link to={`/organisations/${organisation.slug}/fund`}>{t("fund.link")}</Link>
          </p>
        )}
        <p className="text-stone-800">
          {t("matching.dash.totals", {
            budget: formatMoney(totals.budgetCents, locale),
            committed: formatMoney(totals.committedCents, locale),
            owed: formatMoney(totals.owedCents, locale),
            paid: formatMoney(totals.paidCents, locale),
          })}
        </p>
        <p className="text-sm text-stone-700">{t("matching.dash.bankTransfer")}</p>
        <div className="flex flex-wrap gap-3">
          {organisation.status === "verified" ? (
            <Link to={`/organisations/${organisation.slug}/pools/new`} className="btn-primary">
              {t("matching.dash.newPool")}
            </Link>
          ) : null}
          <a href={`/organisations/${organisation.slug}/matching.csv`} className="btn-secondary" download>
            {t("matching.dash.csv")}
          </a>
        </div>
      </header>
      <PaymentMethod
        method={loaded.method}
        returned={loaded.returned}
        admin={role === "admin"}
        verified={organisation.status === "verified"}
        error={errors?.method}
        busy={busy}
      />
      <OwnProjects
        projects={loaded.projects}
        now={loaded.now}
        startLink={organisation.status === "verified" ? `/projects/new?${new URLSearchParams({ organisation: organisation.slug })}` : null}
      />
      {pools.length === 0 ? <p className="text-stone-700">{t("matching.dash.noPools")}</p> : null}
      {pools.map((pool) => (
        <section key={pool.id} className="card space-y-3 p-5" aria-labelledby={`pool-${pool.id}`}>
          <h2 id={`pool-${pool.id}`} className="text-lg font-semibold">
            <Link to={`/pools/${pool.id}`} className="underline">
              {pool.name}
            </Link>
          </h2>
          <p className="text-sm text-stone-700">
            {t("matching.dash.poolLine", {
              budget: formatMoney(pool.budgetCents, locale),
              committed: formatMoney(pool.committedCents, locale),
              paid: formatMoney(pool.paidCents, locale),
            })}
          </p>
          {pool.matches.length === 0 ? (
            <p className="text-sm text-stone-700">{t("matching.dash.noMatches")}</p>
          ) : (
            <div className="overflow-x-auto">
              <table className="w-full text-left text-sm">
                <thead>
                  <tr>
                    <th scope="col" className="py-1 pr-3">
                      {t("matching.dash.col.project")}
                    </th>
                    <th scope="col" className="py-1 pr-3">
                      {t("matching.dash.col.status")}
                    </th>
                    <th scope="col" className="py-1 pr-3 text-right">
                      {t("matching.dash.col.amount")}
                    </th>
                    <th scope="col" className="py-1">
                      {t("matching.dash.col.paid")}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {pool.matches.map((m) => (
                    <tr key={m.projectId} className="border-t border-stone-200">
                      <td className="py-1 pr-3">
                        <Link to={`/projects/${m.projectSlug}`} className="underline">
                          {m.projectTitle}
                        </Link>
                      </td>
                      <td className="py-1 pr-3">
                        {t(`matching.status.${m.status}`)}
                        {m.chargeState ? <span className="block text-xs text-stone-700">{t(`matching.charge.${m.chargeState}`)}</span> : null}
                      </td>
                      <td className="py-1 pr-3 text-right">{formatMoney(m.cents, locale)}</td>
                      <td className="py-1">{m.paidAt ? `${formatDate(m.paidAt, locale)} · ${m.paidReference ?? ""}` : "—"}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
      ))}
      <section className="card space-y-3 p-5" aria-labelledby="members">
        <h2 id="members" className="text-lg font-semibold">
          {t("matching.dash.members")}
        </h2>
        <ul className="text-sm">
          {members.map((m) => (
            <li key={m.handle}>
              {m.displayName} (@{m.handle}) · {t(`matching.role.${m.role}`)}
            </li>
          ))}
        </ul>
        {role === "admin" ? (
          <Form method="post" className="grid gap-3 sm:grid-cols-[1fr_10rem_auto] sm:items-end" noValidate>
            <FormErrorSummary errors={errors} />
            <TextField label={t("matching.dash.handle")} name="handle" required error={errors?.handle} />
            <SelectField
              label={t("matching.dash.role")}
              name="role"
              defaultValue="member"
              options={organisationRoles.map((r) => ({ value: r, label: t(`matching.role.${r}`) }))}
            />
            <button type="submit" className="btn-secondary" disabled={busy}>
              {t("matching.dash.addMember")}
            </button>
          </Form>
        ) : null}
      </section>
    </div>
  );
}
