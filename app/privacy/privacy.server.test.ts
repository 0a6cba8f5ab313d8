import { unzipSync, strFromU8 } from "fflate";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getPublicProfile, verifyLogin } from "../auth/accounts.server";
import { hashPassword } from "../auth/password.server";
import { postIdea } from "../ideas/ideas.server";
import { verifyLedger } from "../ledger/verify.server";
import { postLoanMessage } from "../lending/messages.server";
import { requestLoan } from "../lending/loan-create.server";
import { CARD, saveTestCard } from "../payments/simulated/testing.server";
import { ensureGatewayCustomer } from "../payments/customers.server";
import { cancelPledge, pledgeToProject } from "../pledges/pledges.server";
import { postComment } from "../projects/updates.server";
import { createTestDatabase } from "../test/db";
import { makeItem } from "../test/lending-fixtures";
import { cookieFor, createLiveProject, createUsers } from "../test/projects";
import { action as dataAction, loader as dataLoader } from "../routes/settings.data";
import { loader as archiveLoader } from "../routes/settings.data.$exportId";
import { loader as projectExportLoader } from "../routes/projects.$slug.export[.]zip";
import { completeLoan } from "../test/reputation";
import { createTestServices, testContext } from "../test/services";
import type { DatabaseHandle } from "../utils/db.server";
import { extensions } from "../wiring.server";
import { accountBlockers, eraseAccount, FORMER_MEMBER_NAME } from "./erasure.server";
import { getDataExportFile, requestDataExport } from "./exports.server";
import { dataExportsJob } from "./jobs.server";
import { answerQuestion, askQuestion } from "../questions/questions.server";
import { changeTeam } from "../projects/team.server";
import { appointNeighbourhoodModerator } from "../neighbourhoods/pages.server";

let database: DatabaseHandle;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => database?.close());

const now = new Date("2027-02-01T10:00:00Z");
const DAY = 86_400_000;
let seq = 0;

/** A member who can log in (a real password hash), with a recognisable name and address. */
async function member(name: string): Promise<{ id: string; email: string; name: string }> {
  const n = ++seq;
  await database.db
    .insertInto("neighbourhoods")
    .values({ id: "testwijk", name: "Testwijk", city: "Teststad", municipality: "Teststad" })
    .onConflict((oc) => oc.column("id").doNothing())
    .execute();
  const email = `${name.toLowerCase().replace(/\W+/g, "")}${n}@voorbeeld.nl`;
  const display = `${name} ${n}x`;
  const row = await database.db
    .insertInto("users")
    .values({
      email,
      handle: `${name.toLowerCase().replace(/\W+/g, "")}-${n}`,
      display_name: display,
      password_hash: await hashPassword("geheim-wachtwoord"),
      neighbourhood_id: "testwijk",
      postcode4: "1093",
      bio: `Ik ben ${display}.`,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return { id: row.id, email, name: display };
}

/** Two neighbours with activity on both sides: a pledge (cancelled), a finished loan with messages, a comment, an idea. */
async function twoNeighbours() {
  const { services, gateway } = createTestServices(database, { start: now });
  const anna = await member("Anna Archief");
  const bram = await member("Bram Buurman");
  const [moderator] = await createUsers(database.db, `mod${++seq}`, 1, "moderator");
  const project = await createLiveProject(database.db, { initiatorId: bram.id, moderatorId: moderator!, now, title: `Speeltuin ${seq}` });
  const customerId = await ensureGatewayCustomer(services, { id: anna.id, email: anna.email, displayName: anna.name });
  const card = await saveTestCard(gateway, { customerId, number: CARD.succeeds });
  const pledged = await pledgeToProject(database.db, {
    projectId: project.id,
    backerId: anna.id,
    amountCents: 2500,
    tierId: null,
    message: "Succes met de speeltuin!",
    visibility: "public",
    token: `token-${anna.id}`,
    paymentMethodRef: card!.id,
    now,
  });
  if (!pledged.ok) throw new Error(pledged.error);
  const commented = await postComment(database.db, { projectId: project.id, authorId: anna.id, body: "Ik help met schilderen.", now });
  if (!commented.ok) throw new Error(commented.error);
  const cancelled = await cancelPledge(database.db, { pledgeId: pledged.pledgeId, backerId: anna.id, now: new Date(now.getTime() + 1000) });
  if (!cancelled.ok) throw new Error(cancelled.error);
  // Anna lends Bram her ladder; both write a message.
  const itemId = await makeItem(database.db, anna.id, { title: "Ladder van Anna" }, now);
  const { loanId } = await completeLoan(database.db, services.storage, { itemId, ownerId: anna.id, borrowerId: bram.id, start: new Date(now.getTime() + DAY) });
  await postLoanMessage(database.db, { loanId, authorId: anna.id, body: "De ladder staat in de gang.", now: new Date(now.getTime() + 2 * DAY) });
  await postLoanMessage(database.db, { loanId, authorId: bram.id, body: "Bram zijn geheime bericht.", now: new Date(now.getTime() + 2 * DAY) });
  const idea = await postIdea(
    { db: database.db },
    {
      authorId: anna.id,
      idea: {
        neighbourhoodId: "testwijk",
        kind: "idea",
        title: "Bankje bij de speeltuin",
        body: "Een bankje voor ouders.",
        category: "social",
        street: "",
        postcode4: null,
        point: null,
      },
      now,
    },
  );
  if (!idea.ok) throw new Error(idea.error);
  // Issue 15's other parts: Anna asks Bram's project a question (signed with her name), joins his
  // team as co-initiator and answers one, and moderates the neighbourhood.
  const asked = await askQuestion(database.db, {
    projectId: project.id,
    askerId: anna.id,
    kind: "question",
    visibility: "public",
    body: `Mag ik helpen schilderen? Groet, ${anna.name}`,
    now,
  });
  if (!asked.ok) throw new Error(asked.error);
  const invited = await changeTeam(database.db, {
    projectId: project.id,
    actorId: bram.id,
    subject: { userId: anna.id },
    event: { type: "invite", role: "co_initiator" },
    now,
  });
  const accepted = await changeTeam(database.db, { projectId: project.id, actorId: anna.id, subject: { userId: anna.id }, event: { type: "accept" }, now });
  if (!invited.ok || !accepted.ok) throw new Error("team");
  const [carla] = await createUsers(database.db, `carla${seq}`, 1);
  const bramAsks = await askQuestion(database.db, {
    projectId: project.id,
    askerId: carla!,
    kind: "question",
    visibility: "public",
    body: "Wie neemt de verf mee?",
    now,
  });
  if (!bramAsks.ok) throw new Error(bramAsks.error);
  const answered = await answerQuestion(database.db, { questionId: bramAsks.questionId, projectId: project.id, actorId: anna.id, answer: "Dat doe ik.", now });
  if (!answered.ok) throw new Error(answered.error);
  const [admin] = await createUsers(database.db, `adm${seq}`, 1, "admin");
  const appointed = await appointNeighbourhoodModerator(database.db, {
    neighbourhoodId: "testwijk",
    handle: (await database.db.selectFrom("users").select("handle").where("id", "=", anna.id).executeTakeFirstOrThrow()).handle,
    actor: { id: admin!, role: "admin" },
    now,
  });
  if (!appointed.ok) throw new Error(appointed.error);
  services.clock.advance(3 * DAY);
  return { services, anna, bram, project, loanId, questionId: asked.questionId };
}

async function runExports(services: ReturnType<typeof createTestServices>["services"]) {
  await dataExportsJob.run({ ...services, now: services.clock.now() }, {});
}

describe("download my data", () => {
  it("prepares one archive with the member's rows and nobody else's, announced in the bell, for the member only", async () => {
    const { services, anna, bram } = await twoNeighbours();
    const requested = await requestDataExport(database.db, { userId: anna.id, now: services.clock.now() });
    expect(requested.ok).toBe(true);
    if (!requested.ok) return;
    expect(await requestDataExport(database.db, { userId: anna.id, now: services.clock.now() })).toEqual({ ok: false, error: "ExportAlreadyRequested" });
    await runExports(services);

    const bell = await database.db
      .selectFrom("notifications")
      .select(["kind", "data"])
      .where("user_id", "=", anna.id)
      .where("kind", "=", "privacy.export_ready")
      .execute();
    expect(bell).toHaveLength(1);
    expect(await getDataExportFile(database.db, services.storage, { userId: bram.id, exportId: requested.exportId, now: services.clock.now() })).toBeNull();
    const file = await getDataExportFile(database.db, services.storage, { userId: anna.id, exportId: requested.exportId, now: services.clock.now() });
    expect(file).not.toBeNull();
    const entries = unzipSync(new Uint8Array(file!.data));
    const json = strFromU8(entries["data.json"]!);
    const archive = JSON.parse(json) as { tables: Record<string, Record<string, unknown>[]> };
    expect(archive.tables.profile).toEqual([expect.objectContaining({ email: anna.email, display_name: anna.name })]);
    expect(archive.tables.pledges).toHaveLength(1);
    expect(archive.tables.pledges![0]).toMatchObject({ amount_cents: 2500, message: "Succes met de speeltuin!" });
    expect(archive.tables.payment_attempts).toBeDefined();
    expect(archive.tables.loans).toHaveLength(1);
    expect(archive.tables.loans![0]).toMatchObject({ my_side: "owner", borrower_name: bram.name });
    expect(archive.tables.loan_messages!.map((m) => m.body)).toEqual(["De ladder staat in de gang."]);
    expect(archive.tables.items!.map((i) => i.title)).toEqual(["Ladder van Anna"]);
    expect(archive.tables.project_comments!.map((c) => c.body)).toEqual(["Ik help met schilderen."]);
    expect(archive.tables.ideas!.map((i) => i.title)).toEqual(["Bankje bij de speeltuin"]);
    expect(archive.tables.sessions).toBeDefined();
    expect(archive.tables.notifications!.length).toBeGreaterThan(0);
    // Nobody else's rows: Bram appears by name only — never his address, his id or his words.
    const everything = Object.entries(entries)
      .map(([, bytes]) => strFromU8(bytes))
      .join("\n");
    expect(everything).not.toContain(bram.email);
    expect(everything).not.toContain(bram.id);
    expect(everything).not.toContain("Bram zijn geheime bericht.");
    expect(Object.keys(entries)).toContain("csv/loans.csv");
    expect(strFromU8(entries["csv/pledges.csv"]!)).toContain("Succes met de speeltuin!");
  });
});

/** Every text, varchar, citext, json(b) and array column of every table, searched for the needles. */
async function findAnywhere(needles: string[]): Promise<string[]> {
  const columns = await sql<{ table_name: string; column_name: string }>`
    select c.table_name, c.column_name from information_schema.columns c
    join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
    where c.table_schema = 'public' and t.table_type = 'BASE TABLE'
      and (c.data_type in ('text', 'character varying', 'character', 'json', 'jsonb', 'ARRAY') or c.udt_name = 'citext')
  `.execute(database.db);
  expect(columns.rows.length).toBeGreaterThan(100);
  const hits: string[] = [];
  for (const { table_name, column_name } of columns.rows) {
    for (const needle of needles) {
      const found = await sql<{
        n: number;
      }>`select count(*)::int as n from ${sql.table(table_name)} where ${sql.ref(column_name)}::text ilike ${`%${needle}%`}`.execute(database.db);
      if (found.rows[0]!.n > 0) hits.push(`${table_name}.${column_name} ∋ ${needle}`);
    }
  }
  return hits;
}

describe("delete my account", () => {
  it("erases the member in one transaction: no e-mail or name left in any column, the ledger verifies, no login", async () => {
    const { services, anna, bram, loanId, questionId } = await twoNeighbours();
    await requestDataExport(database.db, { userId: anna.id, now: services.clock.now() });
    await runExports(services);
    expect(await findAnywhere([anna.email, anna.name])).not.toEqual([]);
    expect(await accountBlockers(database.db, extensions.personalData, { userId: anna.id, now: services.clock.now() })).toEqual([]);

    const wrong = await eraseAccount(services, extensions.personalData, { userId: anna.id, password: "niet-het-wachtwoord", now: services.clock.now() });
    expect(wrong).toEqual({ ok: false, error: "PasswordWrong" });
    const erased = await eraseAccount(services, extensions.personalData, { userId: anna.id, password: "geheim-wachtwoord", now: services.clock.now() });
    expect(erased).toEqual({ ok: true });

    expect(await findAnywhere([anna.email, anna.name])).toEqual([]);
    const report = await verifyLedger(database.db, extensions.ledgerChecks);
    expect(report.results.filter((r) => r.problems.length || r.error)).toEqual([]);
    expect((await verifyLogin(database.db, anna.email, "geheim-wachtwoord")).ok).toBe(false);
    const erasedRow = await database.db.selectFrom("users").select(["handle", "email"]).where("id", "=", anna.id).executeTakeFirstOrThrow();
    expect((await verifyLogin(database.db, erasedRow.email, "!")).ok).toBe(false);
    expect(await getPublicProfile(database.db, erasedRow.handle)).toBeNull();
    // What others rely on stays, under "voormalig lid": the loan in Bram's history, his own message.
    const loan = await database.db
      .selectFrom("loans as l")
      .innerJoin("users as u", "u.id", "l.owner_id")
      .select(["u.display_name", "l.state"])
      .where("l.id", "=", loanId)
      .executeTakeFirstOrThrow();
    expect(loan).toEqual({ display_name: FORMER_MEMBER_NAME, state: loan.state });
    const bramsMessage = await database.db.selectFrom("loan_messages").select("body").where("author_id", "=", bram.id).execute();
    expect(bramsMessage.map((m) => m.body)).toEqual(["Bram zijn geheime bericht."]);
    const bramsNotices = await database.db.selectFrom("notifications").select("data").where("user_id", "=", bram.id).execute();
    expect(JSON.stringify(bramsNotices)).toContain(FORMER_MEMBER_NAME);
    expect(await findAnywhere([bram.email])).not.toEqual([]);
    // Her question's words are gone and it is hidden; her answer for the team stays; she is on no
    // team and moderates no neighbourhood any more, each change with its event row.
    const question = await database.db.selectFrom("project_questions").select(["body", "hidden_at"]).where("id", "=", questionId).executeTakeFirstOrThrow();
    expect(question.body).not.toContain("schilderen");
    expect(question.hidden_at).not.toBeNull();
    const answers = await database.db.selectFrom("project_questions").select("answer").where("answered_by", "=", anna.id).execute();
    expect(answers.map((a) => a.answer)).toEqual(["Dat doe ik."]);
    const team = await database.db.selectFrom("project_members").select("status").where("user_id", "=", anna.id).execute();
    expect(team.map((m) => m.status)).toEqual(["left"]);
    expect(await database.db.selectFrom("neighbourhood_moderators").select("user_id").where("user_id", "=", anna.id).execute()).toEqual([]);
    const released = await database.db.selectFrom("neighbourhood_events").select("event").where("subject_id", "=", anna.id).orderBy("id").execute();
    expect(released.map((e) => e.event)).toEqual(["moderator_appointed", "moderator_removed"]);
  });
});

describe("deletion is refused while something is open", () => {
  const blockersOf = (userId: string, at: Date) => accountBlockers(database.db, extensions.personalData, { userId, now: at });

  it("a live project they initiate", async () => {
    const { services, bram } = await twoNeighbours();
    expect(await blockersOf(bram.id, services.clock.now())).toContain("privacy.blocker.project");
    const refused = await eraseAccount(services, extensions.personalData, { userId: bram.id, password: "geheim-wachtwoord", now: services.clock.now() });
    expect(refused).toMatchObject({ ok: false, error: "Open", blockers: expect.arrayContaining(["privacy.blocker.project"]) });
    expect((await database.db.selectFrom("users").select("deleted_at").where("id", "=", bram.id).executeTakeFirstOrThrow()).deleted_at).toBeNull();
  });

  it("a loan still running or yet to start", async () => {
    const { services, anna, bram } = await twoNeighbours();
    const itemId = await makeItem(database.db, bram.id, { title: "Boormachine" }, now);
    const start = services.clock.now();
    const day = new Date(start.getTime() + 2 * DAY).toISOString().slice(0, 10);
    const r = await requestLoan(database.db, { itemId, borrowerId: anna.id, startsOn: day, endsOn: day, message: "", now: start });
    expect(r.ok).toBe(true);
    expect(await blockersOf(anna.id, start)).toEqual(["privacy.blocker.loan"]);
  });

  it("a pledge that may still be charged", async () => {
    const { services, anna, project } = await twoNeighbours();
    const customerId = await ensureGatewayCustomer(services, { id: anna.id, email: anna.email, displayName: anna.name });
    const card = await saveTestCard(createTestServices(database).gateway, { customerId, number: CARD.succeeds }).catch(() => null);
    const r = await pledgeToProject(database.db, {
      projectId: project.id,
      backerId: anna.id,
      amountCents: 1000,
      tierId: null,
      message: "",
      visibility: "initiator",
      token: `again-${anna.id}`,
      paymentMethodRef: card?.id ?? "pm_test",
      now: services.clock.now(),
    });
    expect(r.ok).toBe(true);
    expect(await blockersOf(anna.id, services.clock.now())).toEqual(["privacy.blocker.pledge"]);
  });

  it("a balance owed (a pledge whose payment failed)", async () => {
    const { services, anna } = await twoNeighbours();
    await database.db
      .updateTable("pledges")
      .set({ status: "payment_failed", fix_until: new Date(services.clock.now().getTime() + 7 * DAY) })
      .where("backer_id", "=", anna.id)
      .execute();
    expect(await blockersOf(anna.id, services.clock.now())).toEqual(["privacy.blocker.balance"]);
  });

  it("a held deposit", async () => {
    const { services, anna, loanId } = await twoNeighbours();
    await database.db
      .insertInto("loan_deposits")
      .values({
        loan_id: loanId,
        borrower_id: anna.id,
        amount_cents: 2000,
        path: "hold",
        state: "held",
        held_cents: 2000,
        hold_payment_id: "pay_x",
        payment_method_id: "pm_x",
        created_at: now,
        updated_at: now,
      } as never)
      .execute();
    expect(await blockersOf(anna.id, services.clock.now())).toEqual(["privacy.blocker.deposit"]);
  });

  it("an open payout", async () => {
    const { services, bram, project } = await twoNeighbours();
    await database.db.updateTable("projects").set({ status: "succeeded" }).where("id", "=", project.id).execute();
    expect(await blockersOf(bram.id, services.clock.now())).toEqual([]);
    await database.db
      .insertInto("payouts")
      .values({
        project_id: project.id,
        initiator_id: bram.id,
        attempt_no: 1,
        gateway: "simulated",
        account_id: "acct_x",
        amount_cents: 100,
        status: "pending",
        idempotency_key: `po-${project.id}`,
        created_at: now,
        updated_at: now,
      } as never)
      .execute();
    expect(await blockersOf(bram.id, services.clock.now())).toEqual(["privacy.blocker.payout"]);
  });
});

describe("the routes", () => {
  const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
  const post = (cookie: string, fields: Record<string, string>) =>
    new Request("http://localhost/settings/data", {
      method: "POST",
      headers: { Cookie: cookie, "Content-Type": "application/x-www-form-urlencoded" },
      body: form(fields),
    });

  it("/settings/data names what is open, refuses the deletion with the reason, and erases and logs out once nothing is", async () => {
    const { services, anna, bram } = await twoNeighbours();
    const context = testContext(services) as never;
    const bramCookie = await cookieFor(services, bram.id);
    const page = await dataLoader({ request: new Request("http://localhost/settings/data", { headers: { Cookie: bramCookie } }), context, params: {} });
    expect(page.blockers).toEqual(["privacy.blocker.project"]);
    const refused = (await dataAction({
      request: post(bramCookie, { intent: "delete", password: "geheim-wachtwoord", confirm: "on" }),
      context,
      params: {},
    })) as unknown as {
      data: { errors: Record<string, string> };
      init: { status: number };
    };
    expect(refused.init.status).toBe(400);
    expect(refused.data.errors._form).toBe("privacy.blocker.project");

    const annaCookie = await cookieFor(services, anna.id);
    const unticked = (await dataAction({ request: post(annaCookie, { intent: "delete", password: "geheim-wachtwoord" }), context, params: {} })) as unknown as {
      data: { errors: Record<string, string> };
    };
    expect(unticked.data.errors.confirm).toBe("privacy.delete.confirm.required");
    const done = (await dataAction({
      request: post(annaCookie, { intent: "delete", password: "geheim-wachtwoord", confirm: "on" }),
      context,
      params: {},
    })) as Response;
    expect(done.status).toBe(302);
    expect(done.headers.get("Location")).toBe("/");
    // The old cookie no longer opens anything: the session went with the account.
    const after = await dataLoader({ request: new Request("http://localhost/settings/data", { headers: { Cookie: annaCookie } }), context, params: {} }).catch(
      (r: unknown) => r,
    );
    expect(after).toBeInstanceOf(Response);
    expect((after as Response).headers.get("Location")).toMatch(/^\/login/);
  });

  it("the archive opens for its member only; the project's archive for its initiator only", async () => {
    const { services, anna, bram, project } = await twoNeighbours();
    const context = testContext(services) as never;
    const requested = await requestDataExport(database.db, { userId: anna.id, now: services.clock.now() });
    if (!requested.ok) throw new Error("not requested");
    await runExports(services);
    const open = (cookie: string) =>
      archiveLoader({
        request: new Request(`http://localhost/settings/data/${requested.exportId}`, { headers: { Cookie: cookie } }),
        context,
        params: { exportId: requested.exportId },
      });
    const mine = await open(await cookieFor(services, anna.id));
    expect(mine.headers.get("Content-Type")).toBe("application/zip");
    expect(await open(await cookieFor(services, bram.id)).catch((r: Response) => r.status)).toBe(404);
    // An id that only looks like one (36 dashes) is not found either, never a database error.
    const fake = "-".repeat(36);
    const notAnId = archiveLoader({
      request: new Request(`http://localhost/settings/data/${fake}`, { headers: { Cookie: await cookieFor(services, anna.id) } }),
      context,
      params: { exportId: fake },
    });
    expect(await notAnId.catch((r: Response) => r.status)).toBe(404);

    const exportOf = async (userId: string) =>
      projectExportLoader({
        request: new Request(`http://localhost/projects/${project.slug}/export.zip`, { headers: { Cookie: await cookieFor(services, userId) } }),
        context,
        params: { slug: project.slug },
      });
    expect(await exportOf(anna.id).catch((r: Response) => r.status)).toBe(403);
    const zip = unzipSync(new Uint8Array(await (await exportOf(bram.id)).arrayBuffer()));
    const archive = JSON.parse(strFromU8(zip["data.json"]!)) as { tables: Record<string, Record<string, unknown>[]> };
    expect(archive.tables.project![0]).toMatchObject({ slug: project.slug, initiator: bram.name });
    expect(archive.tables.budget!.length).toBe(2);
    expect(Object.keys(zip)).toEqual(expect.arrayContaining(["csv/ledger.csv", "csv/backers.csv", "csv/updates.csv", "csv/tiers.csv"]));
    const everything = Object.values(zip)
      .map((b) => strFromU8(b))
      .join("\n");
    expect(everything).not.toContain(anna.email);
    expect(everything).not.toContain(bram.email);
  });
});
