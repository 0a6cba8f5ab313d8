/**
 * The database as Kysely sees it: one interface per table, named after the table, grouped in one
 * file per feature under db/schema/. A feature adds its group here. `bigint` columns arrive as
 * numbers (parsed in one place: app/utils/db.server.ts).
 */
import type { FoundationTables } from "./schema/foundation";
import type { IdeasTables } from "./schema/ideas";
import type { LedgerTables } from "./schema/ledger";
import type { LendingTables } from "./schema/lending";
import type { MatchingTables } from "./schema/matching";
import type { ModerationTables } from "./schema/moderation";
import type { NeedsTables } from "./schema/needs";
import type { NeighbourhoodsTables } from "./schema/neighbourhoods";
import type { NotificationsTables } from "./schema/notifications";
import type { PaymentsTables } from "./schema/payments";
import type { PayoutsTables } from "./schema/payouts";
import type { PrivacyTables } from "./schema/privacy";
import type { AmbassadorsTables } from "./schema/ambassadors";
import type { ProjectsTables } from "./schema/projects";
import type { QuestionsTables } from "./schema/questions";
import type { ReconciliationTables } from "./schema/reconciliation";
import type { ReputationTables } from "./schema/reputation";
import type { CommunityLoansTables } from "./schema/community-loans";
import type { RecurringTables } from "./schema/recurring";

export * from "./schema/foundation";
export * from "./schema/ideas";
export * from "./schema/ledger";
export * from "./schema/lending";
export * from "./schema/matching";
export * from "./schema/moderation";
export * from "./schema/needs";
export * from "./schema/neighbourhoods";
export * from "./schema/notifications";
export * from "./schema/payments";
export * from "./schema/payouts";
export * from "./schema/privacy";
export * from "./schema/ambassadors";
export * from "./schema/projects";
export * from "./schema/questions";
export * from "./schema/reconciliation";
export * from "./schema/reputation";
export * from "./schema/community-loans";
export * from "./schema/recurring";

export interface Database
  extends
    FoundationTables,
    NotificationsTables,
    PaymentsTables,
    LedgerTables,
    ProjectsTables,
    LendingTables,
    ReconciliationTables,
    MatchingTables,
    NeedsTables,
    PayoutsTables,
    ModerationTables,
    ReputationTables,
    IdeasTables,
    QuestionsTables,
    NeighbourhoodsTables,
    PrivacyTables,
    CommunityLoansTables,
    RecurringTables,
    AmbassadorsTables {}
