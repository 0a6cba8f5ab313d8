import { z } from "zod";

/** The admin page's one form: run the reconciliation now (/admin/reconciliation). */
export const RunReconciliationSchema = z.object({ intent: z.literal("run", "form.invalid") });
