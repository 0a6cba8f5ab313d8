import type { Env } from "../utils/env.server";
import { type FeeSchedule, parsePaymentFees } from "./fees";

/** The process's fee schedule from PLATFORM_FEE_BPS and PAYMENT_FEES (the env parser checked their shape). */
export function feeScheduleFromEnv(env: Pick<Env, "PLATFORM_FEE_BPS" | "PAYMENT_FEES">): FeeSchedule {
  const parsed = parsePaymentFees(env.PAYMENT_FEES);
  if (!parsed.ok) throw new Error(`PAYMENT_FEES: ${parsed.message}`);
  return { platformBps: env.PLATFORM_FEE_BPS, methods: parsed.methods };
}
