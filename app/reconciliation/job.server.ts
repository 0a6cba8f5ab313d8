import { defineJob } from "../jobs/definition.server";
import type { JobSummary } from "../jobs/job";
import type { PaymentGateway } from "../payments/gateway";
import type { Db } from "../utils/db.server";
import type { Logger } from "../utils/logger.server";
import type { Reconcilers } from "./reconcile.server";
import { runReconciliation } from "./runs.server";

/**
 * The hourly reconciliation of the ledger with the gateway's own record (docs/decisions/027),
 * listed in app/wiring.server.ts after the settlement and deposit sweeps (so a run-due heals what
 * it can first) and before e-mail delivery (so its alert goes out in the same run). A sweep, but
 * once per hour: the run claims its hour, so `npm run jobs -- run-due` every minute, two workers,
 * or a retry cost one run. Generic over what it needs; it knows no feature.
 */
export const reconciliationJob = defineJob<{ db: Db; gateway: PaymentGateway; logger: Logger; extensions: { reconcilers: Reconcilers } }>({
  name: "reconciliation.check-gateway",
  sweep: true,
  schedule: "7 * * * *",
  async run({ db, gateway, logger, extensions, now }): Promise<JobSummary> {
    const run = await runReconciliation({ db, gateway, logger, reconcilers: extensions.reconcilers }, { trigger: "schedule", now });
    if (!run) return { processed: 0, detail: { skipped: 1 } };
    return {
      processed: 1,
      detail: { run: run.id, differences: run.counts.differences, pending: run.counts.pending, healed: run.counts.healed, notified: run.notified },
    };
  },
});
