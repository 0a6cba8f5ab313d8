import nodemailer from "nodemailer";
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import type { Env } from "../utils/env.server";

/**
 * Outgoing e-mail (docs/decisions/012-email-and-unsubscribe.md): nodemailer over SMTP when SMTP_URL
 * is set, otherwise the in-app mailbox (table mailbox_messages, read at /dev/mailbox). The delivery
 * sweep calls `send` outside any database transaction.
 */
export interface OutgoingMail {
  /** Deterministic per outbox row ("<n-…@host>"), so a repeated delivery is recognisable. */
  messageId: string;
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  headers: Record<string, string>;
  date: Date;
}

export interface Mailer {
  kind: "smtp" | "mailbox";
  from: string;
  send(mail: OutgoingMail): Promise<void>;
  close(): Promise<void>;
}

export function createSmtpMailer(options: { url: string; from: string }): Mailer {
  const transport = nodemailer.createTransport({
    url: options.url,
    pool: true,
    maxConnections: 2,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  });
  return {
    kind: "smtp",
    from: options.from,
    async send(mail) {
      await transport.sendMail({
        from: mail.from,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        messageId: mail.messageId,
        date: mail.date,
        headers: mail.headers,
      });
    },
    async close() {
      transport.close();
    },
  };
}

/**
 * Stores mail in the database instead of sending it. The Message-ID is unique there, so a delivery
 * repeated after a crash (sent, but not yet recorded as sent) is stored once.
 */
export function createMailboxMailer(db: Kysely<Database>, options: { from: string }): Mailer {
  return {
    kind: "mailbox",
    from: options.from,
    async send(mail) {
      await db
        .insertInto("mailbox_messages")
        .values({
          message_id: mail.messageId,
          to_address: mail.to,
          from_address: mail.from,
          subject: mail.subject,
          text_body: mail.text,
          html_body: mail.html,
          headers: JSON.stringify({ "Message-ID": mail.messageId, ...mail.headers }),
          created_at: mail.date,
        })
        .onConflict((oc) => oc.column("message_id").doNothing())
        .execute();
    },
    async close() {},
  };
}

export function createMailer(env: Pick<Env, "SMTP_URL" | "MAIL_FROM">, db: Kysely<Database>): Mailer {
  return env.SMTP_URL ? createSmtpMailer({ url: env.SMTP_URL, from: env.MAIL_FROM }) : createMailboxMailer(db, { from: env.MAIL_FROM });
}
