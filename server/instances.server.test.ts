import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getOptionalUser } from "../app/auth/guards.server";
import { defineJob as defineJobFor } from "../app/jobs/definition.server";
import { createRecordingQueue, createJobRuntime } from "../app/jobs/runtime.server";
import { createItem } from "../app/lending/items.server";
import { createMailboxMailer } from "../app/notifications/mailer.server";
import { simulatedGatewayFactory } from "../app/payments/gateway.server";
import { action as loginAction } from "../app/routes/login";
import { action as logoutAction } from "../app/routes/logout";
import { loader as uploadsLoader } from "../app/routes/uploads.$";
import { type AppServices, createServices } from "../app/services.server";
import { startTestS3Server, type TestS3Server } from "../app/storage/s3-test-server";
import { createS3Storage } from "../app/storage/s3.server";
import { createTestDatabase, usingServer } from "../app/test/db";
import { itemInput, makeUser, seedPlaces } from "../app/test/lending-fixtures";
import { testContext } from "../app/test/services";
import { createClock } from "../app/utils/clock.server";
import { type DatabaseHandle, openDatabase } from "../app/utils/db.server";
import { parseEnv } from "../app/utils/env.server";
import { createLogger } from "../app/utils/logger.server";
import { extensions } from "../app/wiring.server";
import { signUp } from "../app/auth/accounts.server";

/**
 * Two app instances and two workers against one Postgres server (issue 8 §6): each "instance" has
 * its own pool, services and job runtime — only the database and the bucket are shared, as on two
 * machines. Sessions, uploads, jobs and limits must behave as with one.
 */
describe.skipIf(!usingServer())("two instances, one Postgres, one bucket", () => {
  let database: DatabaseHandle & { url?: string };
  let s3: TestS3Server;
  const instances: { services: AppServices; handle: DatabaseHandle }[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    s3 = await startTestS3Server();
    await s3.createBucket("uploads");
    await seedPlaces(database.db);
    const r = await signUp(
      database.db,
      { email: "anna@example.nl", displayName: "Anna", password: "het-goede-wachtwoord", neighbourhoodId: "lombok", locale: "nl", emailVerified: true },
      new Date(),
    );
    if (!r.ok) throw new Error(r.error);
    for (let i = 0; i < 2; i++) {
      const handle = await openDatabase({ kind: "server", url: database.url!, maxConnections: 5 });
      const env = parseEnv({
        NODE_ENV: "test",
        DATA_DIR: "/tmp/unused",
        DATABASE_URL: database.url,
        SESSION_SECRET: "een-gedeeld-geheim-van-minstens-32-tekens!",
        LOG_LEVEL: "silent",
      });
      const storage = createS3Storage({
        bucket: "uploads",
        region: s3.region,
        endpoint: s3.endpoint,
        forcePathStyle: true,
        accessKeyId: s3.accessKeyId,
        secretAccessKey: s3.secretAccessKey,
      });
      const services = createServices({
        env,
        db: handle.db,
        dbKind: "server",
        pool: handle.pool,
        logger: createLogger("silent"),
        clock: createClock({ adjustable: true }),
        jobs: createRecordingQueue(),
        storage,
        mailer: createMailboxMailer(handle.db, { from: env.MAIL_FROM }),
        extensions,
        sessionSecrets: env.SESSION_SECRET!.split(","),
        gateway: simulatedGatewayFactory(),
      });
      instances.push({ services, handle });
    }
  }, 60_000);

  afterAll(async () => {
    for (const i of instances) await i.handle.close();
    await s3?.stop();
    await database?.close();
  });

  const post = (path: string, fields: Record<string, string>, cookie?: string) =>
    new Request(`http://localhost${path}`, { method: "POST", body: new URLSearchParams(fields), headers: cookie ? { Cookie: cookie } : {} });

  it("a session made on one instance is valid on the other, and a logout on either ends it for both", async () => {
    const [a, b] = instances.map((i) => testContext(i.services));
    const res = (await loginAction({
      request: post("/login", { email: "anna@example.nl", password: "het-goede-wachtwoord" }),
      context: a!,
      params: {},
    })) as Response;
    const cookie = res.headers
      .getSetCookie()
      .find((c) => c.startsWith("bk_session="))!
      .split(";")[0]!;
    const who = async (ctx: typeof a) => (await getOptionalUser(ctx!, new Request("http://localhost/", { headers: { Cookie: cookie } })))?.email ?? null;
    expect(await who(a)).toBe("anna@example.nl");
    expect(await who(b)).toBe("anna@example.nl");
    await logoutAction({ request: post("/logout", {}, cookie), context: b!, params: {} });
    expect(await who(a)).toBeNull();
  });

  it("a photo uploaded through one instance is served by the other", async () => {
    const [a, b] = instances;
    const owner = await makeUser(database.db);
    const data = await sharp({ create: { width: 200, height: 150, channels: 3, background: "#c33" } })
      .jpeg()
      .toBuffer();
    const made = await createItem(a!.services.db, a!.services.storage, { ownerId: owner, item: itemInput(), photos: [data], now: new Date() });
    if (!made.ok) throw new Error(made.error);
    const upload = await database.db.selectFrom("uploads").select(["card_key"]).executeTakeFirstOrThrow();
    const served = (await uploadsLoader({
      request: new Request(`http://localhost/uploads/${upload.card_key}`),
      context: testContext(b!.services),
      params: { "*": upload.card_key },
    })) as Response;
    expect(served.status).toBe(200);
    expect(served.headers.get("Content-Type")).toBe("image/webp");
    expect((await served.arrayBuffer()).byteLength).toBeGreaterThan(100);
  });

  it("two workers share the queue: every job runs exactly once", async () => {
    const ran: string[] = [];
    const echo = defineJobFor<unknown, { n: number }>({
      name: "test.instances-echo",
      sweep: false,
      async run(_ctx, data) {
        ran.push(String(data.n));
        return { processed: 1 };
      },
    });
    const runtimes = instances.map((i) => createJobRuntime<AppServices>(i.handle.pool, i.services.logger, [echo as never], { work: true }));
    for (const [n, runtime] of runtimes.entries()) await runtime.start({ ...instances[n]!.services, jobs: runtime.queue });
    for (let n = 0; n < 6; n++) await runtimes[n % 2]!.queue.send("test.instances-echo", { n });
    const deadline = Date.now() + 30_000;
    while (ran.length < 6 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    await Promise.all(runtimes.map((r) => r.stop(5_000)));
    expect(ran.sort((x, y) => Number(x) - Number(y))).toEqual(Array.from({ length: 6 }, (_, n) => String(n)));
  }, 60_000);

  it("login limits counted on one instance hold on the other", async () => {
    const [a, b] = instances.map((i) => testContext(i.services, "203.0.113.50"));
    for (let i = 0; i < 5; i++) await loginAction({ request: post("/login", { email: "anna@example.nl", password: `fout-${i}` }), context: a!, params: {} });
    const onB = (await loginAction({ request: post("/login", { email: "anna@example.nl", password: "nog-een" }), context: b!, params: {} })) as {
      init?: { status: number };
    };
    expect(onB.init?.status).toBe(429);
  });
});
