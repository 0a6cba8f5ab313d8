import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemo } from "../demo/seed.server";
import { action as adminAction } from "../routes/admin.organisations";
import { loader as apiProjectLoader } from "../routes/api.projects.$slug";
import { action as requestAction } from "../routes/organisations.new";
import { action as dashboardAction, loader as dashboardLoader } from "../routes/organisations.$slug._index";
import { addOrganisationMember } from "./organisations.server";
import type { SimulatedGateway } from "../payments/simulated/gateway.server";
import { CARD } from "../payments/simulated/testing.server";
import { loader as csvLoader } from "../routes/organisations.$slug.matching[.]csv";
import { action as newPoolAction, loader as newPoolLoader } from "../routes/organisations.$slug.pools.new";
import { action as newProjectAction, loader as newProjectLoader } from "../routes/projects.new";
import { loader as projectPageLoader } from "../routes/projects.$slug._index/route";
import { loader as poolLoader } from "../routes/pools.$poolId";
import { createTestDatabase } from "../test/db";
import { cookieFor, createUsers } from "../test/projects";
import { createTestServices, testContext } from "../test/services";
import type { DatabaseHandle } from "../utils/db.server";

let database: DatabaseHandle;
let services: ReturnType<typeof createTestServices>["services"];
const ids: Record<string, string> = {};
let poolId = "";

beforeAll(async () => {
  database = await createTestDatabase();
  ({ services } = createTestServices(database));
  await seedDemo(database.db, { now: services.clock.now() });
  for (const key of ["admin", "eva", "wijkfonds", "fatma"]) {
    ids[key] = (await database.db.selectFrom("users").select("id").where("email", "=", `${key}@demo.buurtkracht.nl`).executeTakeFirstOrThrow()).id;
  }
  poolId = (await database.db.selectFrom("matching_pools").select("id").where("name", "=", "Buurtbudget Indische Buurt").executeTakeFirstOrThrow()).id;
});
afterAll(async () => database?.close());

const headers = async (as?: string) => (as ? { Cookie: await cookieFor(services, ids[as]!) } : ({} as Record<string, string>));
const get = async (path: string, as?: string) => new Request(`http://localhost${path}`, { headers: await headers(as) });
const post = async (path: string, as: string, fields: Record<string, string | string[]>) => {
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const one of Array.isArray(v) ? v : [v]) body.append(k, one);
  return new Request(`http://localhost${path}`, {
    method: "POST",
    body,
    headers: { ...(await headers(as)), "Content-Type": "application/x-www-form-urlencoded" },
  });
};
const status = async (run: () => Promise<unknown>): Promise<number> => {
  try {
    const result = await run();
    return result instanceof Response
      ? result.status
      : result && typeof result === "object" && "init" in result
        ? ((result as { init: { status?: number } }).init.status ?? 200)
        : 200;
  } catch (thrown) {
    if (thrown instanceof Response) return thrown.status;
    if (thrown && typeof thrown === "object" && "init" in thrown) return (thrown as { init: { status: number } }).init.status;
    throw thrown;
  }
};

describe("matching pages", () => {
  it("the pool's public page shows its rules and why the demo's projects are matched", async () => {
    const page = await poolLoader({ request: await get(`/pools/${poolId}`), context: testContext(services), params: { poolId } });
    expect(page.pool).toMatchObject({ name: "Buurtbudget Indische Buurt", ratioBps: 5_000, organisation: { name: "Gemeente Amsterdam" } });
    expect(page.projects.find((p) => p.slug === "moestuin-op-het-javaplein")).toMatchObject({ reason: "matched" });
    expect(await status(async () => poolLoader({ request: await get("/pools/nope"), context: testContext(services), params: { poolId: "nope" } }))).toBe(404);
  });

  it("the public API has matchedCents", async () => {
    const res = await apiProjectLoader({
      request: await get("/api/projects/moestuin-op-het-javaplein"),
      context: testContext(services),
      params: { slug: "moestuin-op-het-javaplein" },
    });
    const body = (await res.json()) as { matchedCents: number; pledgedCents: number };
    expect(body.matchedCents).toBeGreaterThan(0);
    expect(body.matchedCents).toBeLessThanOrEqual(body.pledgedCents);
  });

  it("a pool form with bad input: a message next to each field, nothing written; a non-member may not open one", async () => {
    const before = await database.db.selectFrom("matching_pools").select("id").execute();
    const result = (await newPoolAction({
      request: await post("/organisations/wijkfonds-oost/pools/new", "wijkfonds", {
        name: "x",
        budget: "duizend",
        capPerProject: "€ 50",
        ratioPercent: "150",
        minBackers: "-1",
        thresholdPercent: "0",
        startsOn: "2026-12-10",
        endsOn: "2026-12-01",
        categories: ["green", "<script>"],
      }),
      context: testContext(services),
      params: { slug: "wijkfonds-oost" },
    })) as unknown as { data: { errors: Record<string, string> }; init: { status: number } };
    expect(result.init.status).toBe(400);
    expect(result.data.errors).toMatchObject({
      name: "matching.error.name",
      budget: "projects.amount.invalid",
      ratioPercent: "matching.error.ratio",
      minBackers: "matching.error.minBackers",
      thresholdPercent: "matching.error.threshold",
    });
    expect(Object.keys(result.data.errors)).toContain("categories.1");
    expect(await database.db.selectFrom("matching_pools").select("id").execute()).toHaveLength(before.length);
    expect(
      await status(async () =>
        newPoolLoader({
          request: await get("/organisations/wijkfonds-oost/pools/new", "eva"),
          context: testContext(services),
          params: { slug: "wijkfonds-oost" },
        }),
      ),
    ).toBe(403);
    expect(
      await status(async () =>
        csvLoader({
          request: await get("/organisations/wijkfonds-oost/matching.csv", "eva"),
          context: testContext(services),
          params: { slug: "wijkfonds-oost" },
        }),
      ),
    ).toBe(403);
  });

  it("the organisation's members see the dashboard (pools, committed, per project) and download it as CSV; others see its open pools", async () => {
    const params = { slug: "wijkfonds-oost" };
    const mine = await dashboardLoader({ request: await get("/organisations/wijkfonds-oost", "wijkfonds"), context: testContext(services), params });
    expect(mine.dashboard?.role).toBe("admin");
    const pool = mine.dashboard!.pools.find((p) => p.name === "Groen in Oost")!;
    expect(pool.matches.find((m) => m.projectSlug === "moestuin-op-het-javaplein")).toMatchObject({ status: "committed" });
    expect(mine.dashboard!.totals.committedCents).toBe(pool.committedCents);
    const others = await dashboardLoader({ request: await get("/organisations/wijkfonds-oost", "eva"), context: testContext(services), params });
    expect(others.dashboard).toBeNull();
    expect(others.public?.pools.map((p) => p.name)).toEqual(["Groen in Oost"]);
    const csv = await csvLoader({ request: await get("/organisations/wijkfonds-oost/matching.csv", "wijkfonds"), context: testContext(services), params });
    const text = await csv.text();
    expect(text).toContain("pool,project,project_status,match_status,amount_cents");
    expect(text).toMatch(/Groen in Oost,Moestuin op het Javaplein,live,committed,\d+/);
  });

  it("an organisation's admin saves a payment method for its matching on the gateway's page, and removes it; a member may not", async () => {
    const params = { slug: "wijkfonds-oost" };
    const org = await database.db.selectFrom("organisations").select("id").where("slug", "=", "wijkfonds-oost").executeTakeFirstOrThrow();
    ids.treasurer = (await createUsers(database.db, "penningmeester", 1))[0]!;
    const added = await addOrganisationMember(database.db, {
      organisationId: org.id,
      actor: { id: ids.wijkfonds!, role: "member" },
      handle: (await database.db.selectFrom("users").select("handle").where("id", "=", ids.treasurer!).executeTakeFirstOrThrow()).handle,
      role: "member",
      now: services.clock.now(),
    });
    expect(added).toEqual({ ok: true });
    const byMember = await dashboardAction({
      request: await post("/organisations/wijkfonds-oost", "treasurer", { intent: "method-setup" }),
      context: testContext(services),
      params,
    });
    expect(byMember).toMatchObject({ data: { ok: false, errors: { method: "matching.method.error.NotAllowed" } }, init: { status: 403 } });
    const asMember = await dashboardLoader({ request: await get("/organisations/wijkfonds-oost", "treasurer"), context: testContext(services), params });
    expect(asMember).toMatchObject({ method: null, dashboard: { role: "member" } });

    const started = await dashboardAction({
      request: await post("/organisations/wijkfonds-oost", "wijkfonds", { intent: "method-setup" }),
      context: testContext(services),
      params,
    });
    if (!(started instanceof Response)) throw new Error("expected a redirect");
    const location = started.headers.get("Location")!;
    expect(location).toMatch(/\/pay\/sim\/[^/]+$/);
    // Back before the gateway's event: the page says it is on its way.
    const early = await dashboardLoader({
      request: await get("/organisations/wijkfonds-oost?method=saved", "wijkfonds"),
      context: testContext(services),
      params,
    });
    expect(early).toMatchObject({ method: null, returned: true });
    const submitted = await (services.gateway as SimulatedGateway).hosted.submitCard(location.split("/").pop()!, {
      number: CARD.succeeds,
      expMonth: 12,
      expYear: 2099,
      cvc: "123",
    });
    expect(submitted.ok).toBe(true);
    const after = await dashboardLoader({
      request: await get("/organisations/wijkfonds-oost?method=saved", "wijkfonds"),
      context: testContext(services),
      params,
    });
    expect(after).toMatchObject({ method: { type: "card", label: expect.stringContaining("4242") }, returned: false });

    const removed = await dashboardAction({
      request: await post("/organisations/wijkfonds-oost", "wijkfonds", { intent: "method-remove" }),
      context: testContext(services),
      params,
    });
    expect(removed).toBeInstanceOf(Response);
    const gone = await dashboardLoader({ request: await get("/organisations/wijkfonds-oost", "wijkfonds"), context: testContext(services), params });
    expect(gone.method).toBeNull();
    const again = await dashboardAction({
      request: await post("/organisations/wijkfonds-oost", "wijkfonds", { intent: "method-remove" }),
      context: testContext(services),
      params,
    });
    expect(again).toMatchObject({ data: { errors: { method: "matching.method.error.NotFound" } }, init: { status: 400 } });
  });

  it("a neighbour requests an organisation; it cannot open pools until a site admin verifies it", async () => {
    expect(
      await status(async () =>
        requestAction({
          request: await post("/organisations/new", "eva", { name: "Bakkerij Eva", kind: "business" }),
          context: testContext(services),
          params: {},
        }),
      ),
    ).toBe(302);
    const org = await database.db.selectFrom("organisations").selectAll().where("slug", "=", "bakkerij-eva").executeTakeFirstOrThrow();
    expect(org.status).toBe("requested");
    const pool = { name: "Broodpot", budget: "100", capPerProject: "50", ratioPercent: "50", minBackers: "1", startsOn: "2026-12-01", endsOn: "2026-12-31" };
    const early = (await newPoolAction({
      request: await post("/organisations/bakkerij-eva/pools/new", "eva", pool),
      context: testContext(services),
      params: { slug: "bakkerij-eva" },
    })) as unknown as {
      data: { errors: Record<string, string> };
    };
    expect(early.data.errors).toEqual({ _form: "matching.error.NotVerified" });
    // Rejecting without a reason: a message next to the field.
    const noReason = (await adminAction({
      request: await post("/admin/organisations", "admin", { intent: "reject", organisationId: org.id, reason: " " }),
      context: testContext(services),
      params: {},
    })) as unknown as {
      data: { errors: Record<string, string> };
    };
    expect(noReason.data.errors).toEqual({ reason: "matching.error.reason" });
    expect(
      await status(async () =>
        adminAction({
          request: await post("/admin/organisations", "eva", { intent: "verify", organisationId: org.id }),
          context: testContext(services),
          params: {},
        }),
      ),
    ).toBe(403);
    expect(
      await status(async () =>
        adminAction({
          request: await post("/admin/organisations", "admin", { intent: "verify", organisationId: org.id }),
          context: testContext(services),
          params: {},
        }),
      ),
    ).toBe(302);
    expect(
      await status(async () =>
        newPoolAction({
          request: await post("/organisations/bakkerij-eva/pools/new", "eva", pool),
          context: testContext(services),
          params: { slug: "bakkerij-eva" },
        }),
      ),
    ).toBe(302);
    const events = await database.db
      .selectFrom("organisation_events")
      .select(["event", "to_status"])
      .where("organisation_id", "=", org.id)
      .orderBy("id")
      .execute();
    expect(events).toEqual([
      { event: "request", to_status: "requested" },
      { event: "verify", to_status: "verified" },
    ]);
  });
});

describe("an organisation's own project (issue 11)", () => {
  const projectForm = (title: string, organisationId: string) => ({
    title,
    summary: "Bankjes voor iedereen in de wijk",
    story: "",
    neighbourhoodId: "indische-buurt",
    category: "social",
    goal: "1500",
    durationDays: "30",
    fundingModel: "all_or_nothing",
    lineDescription: ["Drie bankjes"],
    lineAmount: ["1500"],
    organisationId,
  });

  it("a member starts a project for the organisation: its page, the organisation's page and the API show its name", async () => {
    const org = await database.db.selectFrom("organisations").select(["id", "slug"]).where("slug", "=", "wijkfonds-oost").executeTakeFirstOrThrow();
    // The form offers the member themselves and their organisation, preselected from the organisation's page.
    const form = await newProjectLoader({
      request: await get(`/projects/new?organisation=${org.slug}`, "wijkfonds"),
      context: testContext(services),
      params: {},
    });
    expect(form.owners.map((o) => o.value)).toEqual(["", org.id]);
    expect(form.defaultOwner).toBe(org.id);
    // A neighbour without an organisation is not asked.
    expect((await newProjectLoader({ request: await get("/projects/new", "fatma"), context: testContext(services), params: {} })).owners).toEqual([]);

    const made = await newProjectAction({
      request: await post("/projects/new", "wijkfonds", projectForm("Bankjes op het Javaplein", org.id)),
      context: testContext(services),
      params: {},
    });
    expect(made).toBeInstanceOf(Response);
    const row = await database.db
      .selectFrom("projects")
      .select(["id", "slug", "organisation_id", "initiator_id", "status"])
      .where("title", "=", "Bankjes op het Javaplein")
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ organisation_id: org.id, initiator_id: ids.wijkfonds });
    // Its members see it on the organisation's page (a draft, not yet for the public).
    const dash = await dashboardLoader({
      request: await get(`/organisations/${org.slug}`, "wijkfonds"),
      context: testContext(services),
      params: { slug: org.slug },
    });
    expect(dash.projects.map((p) => p.slug)).toContain(row.slug);
    const outside = await dashboardLoader({
      request: await get(`/organisations/${org.slug}`, "fatma"),
      context: testContext(services),
      params: { slug: org.slug },
    });
    expect(outside.projects.map((p) => p.slug)).not.toContain(row.slug);

    // Once live, the project is shown with the organisation's name, everywhere.
    await database.db
      .updateTable("projects")
      .set({ status: "live", launched_at: new Date(), ends_at: new Date(Date.now() + 20 * 86_400_000) })
      .where("id", "=", row.id)
      .execute();
    const page = await projectPageLoader({ request: await get(`/projects/${row.slug}`), context: testContext(services), params: { slug: row.slug } });
    expect(page.project.organisation).toEqual({ slug: "wijkfonds-oost", name: "Wijkfonds Oost" });
    const api = (await apiProjectLoader({
      request: await get(`/api/projects/${row.slug}`),
      context: testContext(services),
      params: { slug: row.slug },
    })) as Response;
    expect((await api.json()).organisation).toMatchObject({ slug: "wijkfonds-oost", name: "Wijkfonds Oost" });
    const publicPage = await dashboardLoader({ request: await get(`/organisations/${org.slug}`), context: testContext(services), params: { slug: org.slug } });
    expect(publicPage.projects.map((p) => p.slug)).toContain(row.slug);
  });

  it("only for a verified organisation one is a member of: refused next to the field, nothing created", async () => {
    const gemeente = await database.db.selectFrom("organisations").select("id").where("slug", "<>", "wijkfonds-oost").executeTakeFirstOrThrow();
    const before = (await database.db.selectFrom("projects").select("id").execute()).length;
    for (const organisationId of [gemeente.id, "not-an-id"]) {
      const res = (await newProjectAction({
        request: await post("/projects/new", "wijkfonds", projectForm("Niet van ons", organisationId)),
        context: testContext(services),
        params: {},
      })) as unknown as { data: { errors: Record<string, string>; values: Record<string, string> }; init: { status: number } };
      expect(res.init.status).toBe(400);
      expect(res.data.errors).toEqual({ organisationId: "projects.error.organisationNotYours" });
      expect(res.data.values.title).toBe("Niet van ons");
    }
    expect((await database.db.selectFrom("projects").select("id").execute()).length).toBe(before);
  });
});
