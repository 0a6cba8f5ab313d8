import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type DatabaseHandle } from "../../app/utils/db.server";
import { createTestDatabase } from "../../app/test/db";
import { createTestServices } from "../../app/test/services";
import { createApp, databaseReachable } from "../app";

/** The "back in a moment" page: a 5xx while the database is away (scripts/drills: Postgres restarted under load). */
describe("the database away", () => {
  let database: DatabaseHandle;
  let away: DatabaseHandle;
  const servers: Server[] = [];
  beforeAll(async () => {
    database = await createTestDatabase();
    // Nothing listens on port 1: every query fails as during a restart.
    away = await openDatabase({ kind: "server", url: "postgres://postgres@127.0.0.1:1/none", maxConnections: 1 });
  });
  afterAll(async () => {
    for (const s of servers) await new Promise((r) => s.close(r));
    await away?.close().catch(() => undefined);
    await database?.close();
  });

  const start = (db: DatabaseHandle, answer: number) => {
    const { services } = createTestServices(database);
    services.db = db.db;
    const app = createApp({
      services,
      getBuild: () => {
        throw new Error("no build");
      },
      remixHandle: async () => new Response("the error page", { status: answer }),
      mode: "production",
      publicDir: "/nonexistent",
    });
    const server = app.listen(0);
    servers.push(server);
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  };

  it("knows whether the database answers", async () => {
    expect(await databaseReachable({ db: database.db })).toBe(true);
    expect(await databaseReachable({ db: away.db })).toBe(false);
  });

  it("turns a 5xx into the 503 page with Retry-After when the database does not answer", async () => {
    const res = await fetch(`${start(away, 500)}/projects`);
    expect(res.status).toBe(503);
    expect(res.headers.get("retry-after")).toBe("5");
    const html = await res.text();
    expect(html).toContain("Even geduld");
    expect(html).toContain("One moment");
  });

  it("leaves a 5xx alone when the database is fine, and every other answer whatever the database", async () => {
    const fine = await fetch(`${start(database, 500)}/projects`);
    expect(fine.status).toBe(500);
    expect(await fine.text()).toBe("the error page");
    const ok = await fetch(`${start(away, 200)}/projects`);
    expect(ok.status).toBe(200);
  });
});
