import { z } from "zod";
import { luhnValid, normalizeCardNumber } from "./test-cards";

/**
 * The simulated hosted page's forms (one schema per form; messages are i18n keys). The page has
 * two forms, told apart by `intent`.
 */
export const CardFormSchema = z.object({
  intent: z.literal("card"),
  cardNumber: z.string().max(40, "payments.sim.card.number.invalid").transform(normalizeCardNumber).refine(luhnValid, "payments.sim.card.number.invalid"),
  expiry: z
    .string()
    .trim()
    .regex(/^(0[1-9]|1[0-2])\s*\/\s*\d{2}$/, "payments.sim.card.expiry.invalid")
    .transform((v) => {
      const [month = "", year = ""] = v.split("/").map((p) => p.trim());
      return { expMonth: Number(month), expYear: 2000 + Number(year) };
    }),
  cvc: z
    .string()
    .trim()
    .regex(/^\d{3,4}$/, "payments.sim.card.cvc.invalid"),
});

export const BankFormSchema = z.object({
  intent: z.literal("ideal"),
  bank: z.string().trim().min(1, "payments.sim.error.unknownBank").max(40, "payments.sim.error.unknownBank"),
});

export const CheckoutFormSchema = z.discriminatedUnion("intent", [CardFormSchema, BankFormSchema]);

export const AuthenticationFormSchema = z.object({
  decision: z.enum(["approve", "fail"]),
});

/** The simulated Connect onboarding page (/pay/sim/connect/:token, docs/decisions/053). */
export const OnboardingFormSchema = z.object({
  holderName: z.string().trim().min(1, "form.required").max(100, "form.tooLong"),
  bank: z.string().trim().min(1, "payments.connect.chooseBank").max(40, "payments.connect.chooseBank"),
});
