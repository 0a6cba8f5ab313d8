import type { ColumnType, Generated, Selectable } from "kysely";
import type { Timestamp } from "./foundation";

/** Your data is yours (db/migrations/0039_personal_data.ts, issue 15, app/privacy). */
export type DataExportStatusColumn = "requested" | "ready" | "failed" | "expired";

export interface DataExportsTable {
  id: Generated<string>;
  user_id: string;
  status: DataExportStatusColumn;
  file_key: string | null;
  bytes: number | null;
  requested_at: Timestamp;
  ready_at: Timestamp | null;
  expires_at: Timestamp | null;
}

export interface DataExportEventsTable {
  id: Generated<number>;
  export_id: string;
  from_status: DataExportStatusColumn | null;
  to_status: DataExportStatusColumn;
  created_at: ColumnType<Date, Date | string, never>;
}

export type DataExportRow = Selectable<DataExportsTable>;

export interface PrivacyTables {
  data_exports: DataExportsTable;
  data_export_events: DataExportEventsTable;
}
