import type { ColumnType, Generated, Selectable } from "kysely";
import type { DefaultedTimestamp, Timestamp } from "./foundation";

/** Tables of the notifications module (db/migrations/0002_notifications.ts). */
export type NotificationCategoryColumn = "account" | "projects_backed" | "my_projects" | "loans" | "reviews" | "moderation" | "digest" | "ideas";
export type EmailDeliveryStateColumn = "pending" | "sending" | "sent" | "failed" | "skipped";

export interface NotificationsTable {
  id: Generated<string>;
  user_id: string;
  kind: string;
  category: NotificationCategoryColumn;
  data: ColumnType<Record<string, unknown>, string, string>;
  dedupe_key: string | null;
  in_app: boolean;
  read_at: Timestamp | null;
  created_at: ColumnType<Date, Date | string | undefined, never>;
}

export interface EmailDeliveriesTable {
  notification_id: string;
  state: EmailDeliveryStateColumn;
  attempts: Generated<number>;
  next_attempt_at: Timestamp | null;
  lease_until: Timestamp | null;
  last_error: string | null;
  sent_at: Timestamp | null;
  updated_at: DefaultedTimestamp;
}

export interface EmailDeliveryEventsTable {
  id: Generated<number>;
  notification_id: string;
  actor_id: string | null;
  from_state: string;
  to_state: string;
  note: Generated<string>;
  created_at: Timestamp;
}

export interface NotificationPreferencesTable {
  user_id: string;
  category: Exclude<NotificationCategoryColumn, "account">;
  email: boolean;
  updated_at: Timestamp;
}

export interface MailboxMessagesTable {
  id: Generated<number>;
  message_id: string;
  to_address: string;
  from_address: string;
  subject: string;
  text_body: string;
  html_body: string;
  headers: ColumnType<Record<string, string>, string, never>;
  created_at: Timestamp;
}

export interface CalendarFeedsTable {
  id: Generated<string>;
  user_id: string;
  created_at: Timestamp;
  revoked_at: Timestamp | null;
}

export interface AccountTokensTable {
  id: Generated<string>;
  user_id: string;
  purpose: "verify_email" | "password_reset";
  token_hash: string;
  expires_at: Timestamp;
  used_at: Timestamp | null;
  created_at: Timestamp;
  /** Verification links: the same-site path the new neighbour was going to. */
  redirect_to: string | null;
}

export interface NotificationsTables {
  notifications: NotificationsTable;
  email_deliveries: EmailDeliveriesTable;
  email_delivery_events: EmailDeliveryEventsTable;
  notification_preferences: NotificationPreferencesTable;
  mailbox_messages: MailboxMessagesTable;
  calendar_feeds: CalendarFeedsTable;
  account_tokens: AccountTokensTable;
}

export type NotificationRow = Selectable<NotificationsTable>;
export type EmailDeliveryRow = Selectable<EmailDeliveriesTable>;
