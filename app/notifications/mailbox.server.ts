import type { Db } from "../utils/db.server";

/** The dev mailbox at /dev/mailbox (docs/decisions/012-email-and-unsubscribe.md); who may open it: app/http/dev-access.server.ts. */
export interface MailboxSummary {
  id: number;
  to: string;
  subject: string;
  receivedAt: Date;
}

export async function listMailbox(db: Db, options: { to?: string | null; limit?: number } = {}): Promise<MailboxSummary[]> {
  let query = db
    .selectFrom("mailbox_messages")
    .select(["id", "to_address", "subject", "created_at"])
    .orderBy("id", "desc")
    .limit(options.limit ?? 100);
  const to = options.to?.trim().toLowerCase();
  if (to) query = query.where((eb) => eb(eb.fn("lower", ["to_address"]), "=", to));
  const rows = await query.execute();
  return rows.map((r) => ({ id: r.id, to: r.to_address, subject: r.subject, receivedAt: r.created_at }));
}

export interface MailboxMessage extends MailboxSummary {
  from: string;
  text: string;
  html: string;
  headers: Record<string, string>;
  /** Every http(s) link in the text part, in order, without repeats. */
  links: string[];
}

export async function getMailboxMessage(db: Db, id: number): Promise<MailboxMessage | null> {
  if (!Number.isSafeInteger(id) || id <= 0) return null;
  const row = await db.selectFrom("mailbox_messages").selectAll().where("id", "=", id).executeTakeFirst();
  if (!row) return null;
  const links = [...new Set(row.text_body.match(/https?:\/\/[^\s<>"]+/g) ?? [])];
  return {
    id: row.id,
    to: row.to_address,
    from: row.from_address,
    subject: row.subject,
    receivedAt: row.created_at,
    text: row.text_body,
    html: row.html_body,
    headers: row.headers,
    links,
  };
}
