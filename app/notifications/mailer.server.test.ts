import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signUp } from "../auth/accounts.server";
import { createTestDatabase } from "../test/db";
import { createTestServices } from "../test/services";
import type { DatabaseHandle } from "../utils/db.server";
import { deliverDueEmails } from "./delivery.server";
import { createSmtpMailer } from "./mailer.server";
import { notify } from "./notify.server";

/**
 * The SMTP path end to end: nodemailer talks to a real SMTP server (smtp-server, on 127.0.0.1)
 * started here, which records what it receives — or refuses it.
 */
let database: DatabaseHandle;
let server: SMTPServer;
let port: number;
const received: { from: string; to: string[]; raw: string }[] = [];
let refuse: string | null = null;
const now = new Date("2026-11-28T10:00:00Z");

beforeAll(async () => {
  database = await createTestDatabase();
  await database.db.insertInto("neighbourhoods").values({ id: "lombok", name: "Lombok", city: "Utrecht", municipality: "Utrecht" }).execute();
  server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (refuse) return callback(Object.assign(new Error(refuse), { responseCode: 550 }));
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString("utf8"),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  port = (server.server.address() as AddressInfo).port;
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await database?.close();
});

describe("SMTP mailer", () => {
  it("delivers over SMTP with the deterministic Message-ID and the one-click unsubscribe headers; a rerun sends nothing", async () => {
    const r = await signUp(
      database.db,
      { email: "daan@example.nl", displayName: "Daan", password: "a-long-password", neighbourhoodId: "lombok", locale: "en", emailVerified: true },
      now,
    );
    if (!r.ok) throw new Error(r.error);
    const mailer = createSmtpMailer({ url: `smtp://127.0.0.1:${port}`, from: "Buurtkracht <noreply@buurtkracht.test>" });
    const { services } = createTestServices(database, { start: now, mailer });
    try {
      await database.db.transaction().execute((trx) =>
        notify(trx, {
          userId: r.user.id,
          kind: "loan.requested",
          data: { loanId: "l1", itemTitle: "Ladder", otherPartyName: "Eva", startsOn: "2026-12-01", endsOn: "2026-12-02" },
        }),
      );
      expect(await deliverDueEmails(services, now)).toEqual({ sent: 1, failed: 0 });
      expect(await deliverDueEmails(services, now)).toEqual({ sent: 0, failed: 0 });
      expect(received).toHaveLength(1);
      const [mail] = received;
      const { id } = await database.db.selectFrom("notifications").select("id").executeTakeFirstOrThrow();
      expect(mail!.from).toBe("noreply@buurtkracht.test");
      expect(mail!.to).toEqual(["daan@example.nl"]);
      const headers = mail!.raw.split("\r\n\r\n")[0]!.replace(/\r\n[ \t]+/g, " ");
      expect(headers).toContain(`Message-ID: <n-${id}@localhost>`);
      expect(headers).toContain("Subject: Eva would like to borrow Ladder");
      expect(headers).toMatch(/List-Unsubscribe: <http:\/\/localhost:3000\/unsubscribe\?token=[^>]+\.loans\.[^>]+>/);
      expect(headers).toContain("List-Unsubscribe-Post: List-Unsubscribe=One-Click");
      expect(headers).toContain("Auto-Submitted: auto-generated");
      expect(mail!.raw).toContain("Content-Type: multipart/alternative");
      expect(mail!.raw).toContain("text/html");
    } finally {
      await mailer.close();
    }
  });

  it("records a refused delivery as a failure to retry, with the server's answer", async () => {
    const r = await signUp(
      database.db,
      { email: "eva@example.nl", displayName: "Eva", password: "a-long-password", neighbourhoodId: "lombok", locale: "nl", emailVerified: true },
      now,
    );
    if (!r.ok) throw new Error(r.error);
    const mailer = createSmtpMailer({ url: `smtp://127.0.0.1:${port}`, from: "noreply@buurtkracht.test" });
    const { services } = createTestServices(database, { start: now, mailer });
    refuse = "mailbox unavailable";
    try {
      await database.db
        .transaction()
        .execute((trx) => notify(trx, { userId: r.user.id, kind: "moderation.outcome", data: { subject: "Je reactie", outcome: "verwijderd" } }));
      expect(await deliverDueEmails(services, now)).toEqual({ sent: 0, failed: 1 });
      const d = await database.db
        .selectFrom("email_deliveries as d")
        .innerJoin("notifications as n", "n.id", "d.notification_id")
        .select(["d.state", "d.last_error"])
        .where("n.user_id", "=", r.user.id)
        .executeTakeFirstOrThrow();
      expect(d.state).toBe("pending");
      expect(d.last_error).toMatch(/550.*mailbox unavailable/);
    } finally {
      refuse = null;
      await mailer.close();
    }
  });
});
