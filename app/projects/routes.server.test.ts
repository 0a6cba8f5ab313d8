import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemo } from "../demo/seed.server";
import { loader as apiProjectLoader } from "../routes/api.projects.$slug";
import { loader as apiProjectsLoader } from "../routes/api.projects._index";
import { loader as backersCsvLoader } from "../routes/projects.$slug.backers[.]csv";
import { loader as dashboardLoader } from "../routes/projects.$slug.dashboard/route";
import { action as projectPageAction, loader as projectPageLoader } from "../routes/projects.$slug._index/route";
import { action as newProjectAction } from "../routes/projects.new";
import { action as lendAction } from "../routes/items.$itemId.lend-to-project";
import { loader as moderationLoader } from "../routes/moderation._index";
import { action as editUpdateAction, loader as editUpdateLoader } from "../routes/projects.$slug.updates.$updateId";
import { createTestDatabase } from "../test/db";
import { cookieFor } from "../test/projects";
import { createTestServices, testContext } from "../test/services";
import type { DatabaseHandle } from "../utils/db.server";

let database: DatabaseHandle;
let services: ReturnType<typeof createTestServices>["services"];
const ids: Record<string, string> = {};

beforeAll(async () => {
  database = await createTestDatabase();
  ({ services } = createTestServices(database));
  await seedDemo(database.db, { now: new Date() });
  for (const key of ["anna", "eva", "kees", "fatma", "joost", "mohammed"]) {
    ids[key] = (await database.db.selectFrom("users").select("id").where("email", "=", `${key}@demo.buurtkracht.nl`).executeTakeFirstOrThrow()).id;
  }
});
afterAll(async () => database?.close());

const get = async (path: string, as?: string) => new Request(`http://localhost${path}`, { headers: as ? { Cookie: await cookieFor(services, ids[as]!) } : {} });
const status = async (run: () => Promise<unknown>): Promise<number> => {
  try {
    const result = await run();
    return result instanceof Response ? result.status : 200;
  } catch (thrown) {
    if (thrown instanceof Response) return thrown.status;
    if (thrown && typeof thrown === "object" && "init" in thrown) return (thrown as { init: { status: number } }).init.status;
    throw thrown;
  }
};

describe("who sees what", () => {
  it("a draft's page: its initiator and moderators yes, others a 404 (its existence is not revealed)", async () => {
    const draft = { slug: "speeltuin-sumatraplantsoen" };
    const load = (as?: string) => async () =>
      projectPageLoader({ request: await get(`/projects/${draft.slug}`, as), context: testContext(services), params: draft });
    expect(await status(load())).toBe(404);
    expect(await status(load("eva"))).toBe(404);
    expect(await status(load("anna"))).toBe(200);
    expect(await status(load("kees"))).toBe(200);
  });

  it("the dashboard is the initiator's; moderation is for moderators", async () => {
    const params = { slug: "moestuin-op-het-javaplein" };
    const dash = (as?: string) => async () =>
      dashboardLoader({ request: await get(`/projects/${params.slug}/dashboard`, as), context: testContext(services), params });
    expect(await status(dash())).toBe(302);
    expect(await status(dash("eva"))).toBe(403);
    expect(await status(dash("anna"))).toBe(200);
    const mod = (as?: string) => async () => moderationLoader({ request: await get("/moderation", as), context: testContext(services), params: {} });
    expect(await status(mod("eva"))).toBe(403);
    expect(await status(mod("kees"))).toBe(200);
  });

  it("the API answers 404 for a project under review and never includes e-mail addresses", async () => {
    const review = await apiProjectLoader({
      request: await get("/api/projects/bankjes-voor-de-javastraat"),
      context: testContext(services),
      params: { slug: "bankjes-voor-de-javastraat" },
    });
    expect(review.status).toBe(404);
    const live = await apiProjectLoader({
      request: await get("/api/projects/moestuin-op-het-javaplein"),
      context: testContext(services),
      params: { slug: "moestuin-op-het-javaplein" },
    });
    expect(live.status).toBe(200);
    const body = await live.text();
    expect(body).not.toMatch(/@demo\.buurtkracht\.nl|password/);
    // Needs beyond money (issue 11): the demo garden's volunteer shifts, each with its kind and places.
    const needs = (JSON.parse(body) as { needs: { kind: string; title: string; needed: number; filled: number; when: unknown }[] }).needs;
    expect(needs.find((n) => n.title === "Plantenbakken bouwen")).toMatchObject({ kind: "shift", needed: 6, filled: 2, when: { start: expect.any(String) } });
  });
});

describe("forms", () => {
  it("a bad project form gives field errors (amounts in the user's language) and creates nothing", async () => {
    const before = (await database.db.selectFrom("projects").select("id").execute()).length;
    const body = new URLSearchParams({
      title: "Ok",
      summary: "",
      neighbourhoodId: "indische-buurt",
      category: "green",
      goal: "12,505",
      durationDays: "61",
      fundingModel: "all_or_nothing",
    });
    body.append("lineDescription", "Hout");
    body.append("lineAmount", "-5");
    body.append("lineDescription", "");
    body.append("lineAmount", "40");
    const request = new Request("http://localhost/projects/new", {
      method: "POST",
      body,
      headers: { Cookie: await cookieFor(services, ids.anna!), "Content-Type": "application/x-www-form-urlencoded" },
    });
    const res = (await newProjectAction({ request, context: testContext(services), params: {} })) as unknown as {
      data: { errors: Record<string, string> };
      init: { status: number };
    };
    expect(res.init.status).toBe(400);
    expect(res.data.errors).toEqual({
      title: "projects.error.titleShort",
      summary: "projects.error.summaryRequired",
      goal: "projects.amount.tooManyDecimals",
      durationDays: "projects.error.duration",
      "lines.0.amountCents": "projects.amount.negative",
      "lines.1.description": "projects.error.lineDescription",
    });
    expect((await database.db.selectFrom("projects").select("id").execute()).length).toBe(before);
  });

  it("only backers and the initiator comment; the initiator hides a comment", async () => {
    const params = { slug: "moestuin-op-het-javaplein" };
    const comment = async (as: string, fields: Record<string, string>) =>
      projectPageAction({
        request: new Request(`http://localhost/projects/${params.slug}`, {
          method: "POST",
          body: new URLSearchParams(fields),
          headers: { Cookie: await cookieFor(services, ids[as]!) },
        }),
        context: testContext(services),
        params,
      });
    const stranger = (await comment("fatma", { intent: "comment", body: "Hallo" })) as unknown as { init: { status: number } };
    expect(stranger.init.status).toBe(403);
    expect(await status(() => comment("anna", { intent: "comment", body: "Dank jullie wel!" }))).toBe(302);
    const row = await database.db.selectFrom("project_comments").select("id").where("body", "=", "Dank jullie wel!").executeTakeFirstOrThrow();
    expect(await status(() => comment("eva", { intent: "hide", commentId: row.id }))).toBe(404);
    expect(await status(() => comment("anna", { intent: "hide", commentId: row.id }))).toBe(302);
    const page = await projectPageLoader({ request: await get(`/projects/${params.slug}`), context: testContext(services), params });
    expect(page.comments.map((c) => c.body)).not.toContain("Dank jullie wel!");
  });
});

describe("the pledge form (action)", () => {
  it("bad amounts get a message and write nothing; a double submit with the same token makes one pledge", async () => {
    const { action: pledgeAction } = await import("../routes/projects.$slug.pledge");
    const params = { slug: "moestuin-op-het-javaplein" };
    const fatmaMethod = (
      await database.db
        .selectFrom("sim_payment_methods as m")
        .innerJoin("payment_customers as c", "c.customer_id", "m.customer_id")
        .select("m.id")
        .where("c.user_id", "=", ids.fatma!)
        .where("m.last4", "=", "4242")
        .executeTakeFirstOrThrow()
    ).id;
    const submit = async (fields: Record<string, string>) =>
      pledgeAction({
        request: new Request(`http://localhost/projects/${params.slug}/pledge`, {
          method: "POST",
          body: new URLSearchParams(fields),
          headers: { Cookie: await cookieFor(services, ids.fatma!) },
        }),
        context: testContext(services),
        params,
      });
    const count = async () => (await database.db.selectFrom("pledges").select("id").where("backer_id", "=", ids.fatma!).execute()).length;
    const before = await count();
    for (const amount of ["abc", "-3", "0,5", "20000"]) {
      const res = (await submit({ intent: "pledge", amount, token: "route-token-1", visibility: "initiator", paymentMethod: fatmaMethod })) as unknown as {
        init: { status: number };
      };
      expect(res.init.status).toBe(400);
    }
    expect(await count()).toBe(before);
    const fields = { intent: "pledge", amount: "12,50", token: "route-token-2", visibility: "public", paymentMethod: fatmaMethod };
    const first = (await submit(fields)) as Response;
    const second = (await submit(fields)) as Response;
    expect([first.status, second.status]).toEqual([302, 302]);
    expect(second.headers.get("Location")).toBe(first.headers.get("Location"));
    expect(await count()).toBe(before + 1);
    // Someone else's saved method is refused.
    const evaMethod = (
      await database.db
        .selectFrom("sim_payment_methods as m")
        .innerJoin("payment_customers as c", "c.customer_id", "m.customer_id")
        .select("m.id")
        .where("c.user_id", "=", ids.eva!)
        .executeTakeFirstOrThrow()
    ).id;
    const stolen = (await submit({ intent: "pledge", amount: "5", token: "route-token-3", visibility: "public", paymentMethod: evaMethod })) as unknown as {
      init: { status: number };
      data: { errors: Record<string, string> };
    };
    expect(stolen.init.status).toBe(400);
    expect(stolen.data.errors).toEqual({ paymentMethod: "pledges.error.NoPaymentMethod" });
  });
});

describe("the story", () => {
  it("is rendered from Markdown and sanitized", async () => {
    const { createLiveProject } = await import("../test/projects");
    await database.db
      .insertInto("neighbourhoods")
      .values({ id: "testwijk", name: "Testwijk", city: "Teststad", municipality: "Teststad" })
      .onConflict((oc) => oc.column("id").doNothing())
      .execute();
    const p = await createLiveProject(database.db, { initiatorId: ids.anna!, moderatorId: ids.kees!, now: new Date(), title: "Veilig verhaal" });
    await database.db
      .updateTable("projects")
      .set({ story: "## Kop\n<script>alert(1)</script>\n[klik](javascript:alert(2)) <img src=x onerror=alert(3)>" })
      .where("id", "=", p.id)
      .execute();
    const page = await projectPageLoader({ request: await get(`/projects/${p.slug}`), context: testContext(services), params: { slug: p.slug } });
    expect(page.project.storyHtml).toContain("<h2>Kop</h2>");
    // Typed HTML stays text; no script, no image with a handler, no javascript: link.
    expect(page.project.storyHtml).not.toMatch(/<script|<img|href="javascript/);
    expect(page.project.storyHtml).toContain("&lt;script&gt;");
  });
});

describe("items for projects", () => {
  const lend = async (as: string, itemId: string, fields: Record<string, string>) =>
    lendAction({
      request: new Request(`http://localhost/items/${itemId}/lend-to-project`, {
        method: "POST",
        body: new URLSearchParams(fields),
        headers: { Cookie: await cookieFor(services, ids[as]!) },
      }),
      context: testContext(services),
      params: { itemId },
    });
  const itemOf = async (email: string, title: string) =>
    (
      await database.db
        .selectFrom("items as i")
        .innerJoin("users as u", "u.id", "i.owner_id")
        .select("i.id")
        .where("u.email", "=", `${email}@demo.buurtkracht.nl`)
        .where("i.title", "=", title)
        .executeTakeFirstOrThrow()
    ).id;
  const day = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

  it("the project page lists what neighbours lent it, and offers a neighbour's own items", async () => {
    const params = { slug: "moestuin-op-het-javaplein" };
    const asEva = await projectPageLoader({ request: await get(`/projects/${params.slug}`, "eva"), context: testContext(services), params });
    expect(asEva.lentItems.map((l) => [l.item.title, l.ownerName, l.state])).toEqual([["Steigerplanken (4 stuks)", "Mohammed El Amrani", "accepted"]]);
    expect(asEva.myLendableItems.map((i) => i.title)).toContain("Gourmetstel");
    // The initiator is not offered her own items for her own project.
    const asAnna = await projectPageLoader({ request: await get(`/projects/${params.slug}`, "anna"), context: testContext(services), params });
    expect(asAnna.myLendableItems).toEqual([]);
  });

  it("an owner offers an item to a live project; bad input gets field messages and writes nothing", async () => {
    const fondue = await itemOf("eva", "Fondueset voor 8 personen");
    const live = await database.db
      .selectFrom("projects")
      .select(["id", "initiator_id"])
      .where("slug", "=", "moestuin-op-het-javaplein")
      .executeTakeFirstOrThrow();
    const failed = await database.db.selectFrom("projects").select("id").where("slug", "=", "zonnepanelen-buurthuis").executeTakeFirstOrThrow();
    const loans = async () =>
      Number(
        (
          await database.db
            .selectFrom("loans")
            .select((eb) => eb.fn.countAll<number>().as("n"))
            .where("item_id", "=", fondue)
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await loans();
    const errorsOf = (res: unknown) => res as { data: { errors: Record<string, string> }; init: { status: number } };

    const noProject = errorsOf(await lend("eva", fondue, { projectId: "", startsOn: day(3), endsOn: day(4) }));
    expect(noProject.init.status).toBe(400);
    expect(noProject.data.errors.projectId).toBe("lending.project.choose");
    const notLive = errorsOf(await lend("eva", fondue, { projectId: failed.id, startsOn: day(3), endsOn: day(4) }));
    expect(notLive.data.errors.projectId).toBe("lending.error.ProjectNotLive");
    const backwards = errorsOf(await lend("eva", fondue, { projectId: live.id, startsOn: day(4), endsOn: day(3) }));
    expect(backwards.data.errors.endsOn).toBe("lending.error.EndBeforeStart");
    const tooLong = errorsOf(await lend("eva", fondue, { projectId: live.id, startsOn: day(3), endsOn: day(30) }));
    expect(tooLong.data.errors.endsOn).toBe("lending.error.TooLong");
    expect(await loans()).toBe(before);

    // Someone else's item: the page does not exist for them.
    expect(await status(() => lend("fatma", fondue, { projectId: live.id, startsOn: day(3), endsOn: day(4) }))).toBe(404);

    const ok = (await lend("eva", fondue, { projectId: live.id, startsOn: day(3), endsOn: day(4), message: "Voor de oogstmaaltijd" })) as Response;
    expect(ok.status).toBe(302);
    const loanId = ok.headers.get("Location")!.replace("/loans/", "");
    expect(
      await database.db
        .selectFrom("loans")
        .select(["borrower_project_id", "project_contact_id", "state", "initiated_by"])
        .where("id", "=", loanId)
        .executeTakeFirstOrThrow(),
    ).toEqual({
      borrower_project_id: live.id,
      project_contact_id: live.initiator_id,
      state: "requested",
      initiated_by: "owner",
    });
  });
});

describe("the public API's list (issue 13 §19)", () => {
  const list = async (query: string) => {
    const res = await apiProjectsLoader({ request: await get(`/api/projects${query}`), context: testContext(services), params: {} });
    return {
      status: res.status,
      body: (await res.json()) as { projects?: { slug: string; status: string }[]; error?: string; issues?: { parameter: string }[] },
      headers: res.headers,
    };
  };

  it("accepts the statuses it returns: ?status=succeeded lists the funded projects, not the live ones", async () => {
    const funded = await list("?status=succeeded");
    expect(funded.status).toBe(200);
    expect(funded.body.projects!.length).toBeGreaterThan(0);
    expect(new Set(funded.body.projects!.map((p) => p.status))).toEqual(
      new Set(["succeeded"].concat(funded.body.projects!.some((p) => p.status === "paid_out") ? ["paid_out"] : [])),
    );
    const live = await list("");
    expect(live.body.projects!.every((p) => p.status === "live")).toBe(true);
  });

  it("refuses a value it does not know with the parameter named, instead of falling back to live projects", async () => {
    const bad = await list("?status=everything");
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ error: "invalid_query", issues: [{ parameter: "status" }] });
    expect((await list("?page=0")).status).toBe(400);
  });

  it("leaves X-Content-Type-Options to the server, which sends it once for every response", async () => {
    const ok = await list("");
    expect(ok.headers.get("Access-Control-Allow-Origin")).toBe("*");
    expect(ok.headers.has("X-Content-Type-Options")).toBe(false);
  });
});

describe("the backers export for a spreadsheet (issue 13 §16)", () => {
  it("is ';'-separated in Dutch, and has the e-mail of exactly those who chose a reward", async () => {
    const res = await backersCsvLoader({
      request: await get("/projects/moestuin-op-het-javaplein/backers.csv?for=spreadsheet", "anna"),
      context: testContext(services),
      params: { slug: "moestuin-op-het-javaplein" },
    });
    const lines = (await res.text()).replace(/^\uFEFF/, "").split("\r\n");
    expect(lines[0]).toBe("sep=;");
    expect(lines[1]).toBe("Naam;Bedrag (€);Beloning;Stand;Bericht;Datum;E-mail (voor de beloning)");
    const rows = lines
      .slice(2)
      .filter(Boolean)
      .map((l) => l.split(";"));
    expect(rows.length).toBeGreaterThan(1);
    for (const r of rows) expect(r.at(-1) !== "").toBe(r[2] !== "");
    expect(rows.some((r) => /@demo\.buurtkracht\.nl$/.test(r.at(-1)!))).toBe(true);
    expect(rows.every((r) => /^\d+,\d\d$/.test(r[1]!))).toBe(true);
    // Only the initiator: anyone else is refused.
    const other = await backersCsvLoader({
      request: await get("/projects/moestuin-op-het-javaplein/backers.csv?for=spreadsheet", "eva"),
      context: testContext(services),
      params: { slug: "moestuin-op-het-javaplein" },
    }).catch((e: unknown) => e);
    expect(other instanceof Response ? other.status : 200).toBe(403);
  });
});

describe("what a project page offers by its state (issue 13 §15)", () => {
  const load = async (slug: string, as: string) =>
    projectPageLoader({ request: await get(`/projects/${slug}`, as), context: testContext(services), params: { slug } });

  it("no share buttons or embed for a project in review (its address is a 404 for others); a live one has them", async () => {
    expect((await load("bankjes-voor-de-javastraat", "mohammed")).shareable).toBe(false);
    expect((await load("moestuin-op-het-javaplein", "eva")).shareable).toBe(true);
  });

  it("a cancelled project keeps its comments readable but takes none: no box, and the writer refuses", async () => {
    const page = await load("hondenuitlaatveld", "joost");
    expect(page.viewer?.canComment).toBe(false);
    const { postComment } = await import("./updates.server");
    const project = await database.db.selectFrom("projects").select("id").where("slug", "=", "hondenuitlaatveld").executeTakeFirstOrThrow();
    expect(await postComment(database.db, { projectId: project.id, authorId: ids.joost!, body: "Jammer!", now: new Date() })).toEqual({
      ok: false,
      error: "projects.comment.notAllowed",
    });
  });
});

describe("updates are corrected and withdrawn by their initiator (issue 13 §15)", () => {
  const post = async (slug: string, updateId: string, as: string, fields: Record<string, string>) =>
    editUpdateAction({
      request: new Request(`http://localhost/projects/${slug}/updates/${updateId}`, {
        method: "POST",
        body: new URLSearchParams(fields),
        headers: { Cookie: await cookieFor(services, ids[as]!), "Content-Type": "application/x-www-form-urlencoded" },
      }),
      context: testContext(services),
      params: { slug, updateId },
    });
  const page = async (slug: string) => projectPageLoader({ request: await get(`/projects/${slug}`), context: testContext(services), params: { slug } });

  it("edits keep the id and say 'edited'; deleting takes it off the page; what it said is kept; others cannot", async () => {
    const { db } = database;
    const row = await db
      .selectFrom("project_updates as u")
      .innerJoin("projects as p", "p.id", "u.project_id")
      .innerJoin("users as i", "i.id", "p.initiator_id")
      .select(["u.id", "u.title", "u.body", "p.slug", "i.email"])
      .where("p.status", "=", "live")
      .where("u.deleted_at", "is", null)
      .executeTakeFirstOrThrow();
    const initiator = row.email.split("@")[0]!;
    ids[initiator] ??= (await db.selectFrom("users").select("id").where("email", "=", row.email).executeTakeFirstOrThrow()).id;
    const stranger = initiator === "eva" ? "kees" : "eva";

    // Someone else cannot open or change it.
    expect(
      await status(async () =>
        editUpdateLoader({
          request: await get(`/projects/${row.slug}/updates/${row.id}`, stranger),
          context: testContext(services),
          params: { slug: row.slug, updateId: row.id },
        }),
      ),
    ).toBe(403);
    expect(await status(() => post(row.slug, row.id, stranger, { intent: "edit", title: "Gekaapt", body: "Nee" }))).toBe(403);
    // An empty title is refused next to the field, nothing changes.
    const empty = (await post(row.slug, row.id, initiator, { intent: "edit", title: " ", body: "Nieuwe tekst" })) as unknown as {
      data: { errors: Record<string, string> };
    };
    expect(empty.data.errors.title).toBe("projects.update.titleRequired");

    expect(await status(() => post(row.slug, row.id, initiator, { intent: "edit", title: row.title, body: "Gecorrigeerde tekst" }))).toBe(302);
    const shown = (await page(row.slug)).updates.find((u) => u.id === row.id)!;
    expect(shown.body).toBe("Gecorrigeerde tekst");
    expect(shown.editedAt).not.toBeNull();

    expect(await status(() => post(row.slug, row.id, initiator, { intent: "delete" }))).toBe(302);
    expect((await page(row.slug)).updates.some((u) => u.id === row.id)).toBe(false);
    // Deleted is final, and the history has both versions.
    const again = (await post(row.slug, row.id, initiator, { intent: "edit", title: "Terug", body: "Terug" })) as unknown as {
      data: { errors: Record<string, string> };
    };
    expect(again.data.errors._form).toBe("projects.update.gone");
    const revisions = await db.selectFrom("project_update_revisions").select(["kind", "previous_body"]).where("update_id", "=", row.id).orderBy("id").execute();
    expect(revisions).toEqual([
      { kind: "edited", previous_body: row.body },
      { kind: "deleted", previous_body: "Gecorrigeerde tekst" },
    ]);
    await expect(db.deleteFrom("project_update_revisions").where("update_id", "=", row.id).execute()).rejects.toThrow(/append-only/);
    await expect(db.updateTable("project_updates").set({ deleted_at: null }).where("id", "=", row.id).execute()).rejects.toThrow(/cannot change/);
  });
});
