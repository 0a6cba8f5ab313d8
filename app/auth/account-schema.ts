import { z } from "zod";
import { locales } from "../i18n/i18n";

export const emailField = z
  .string()
  .trim()
  .min(1, "form.required")
  .max(254, "auth.error.emailInvalid")
  .pipe(z.email("auth.error.emailInvalid"))
  .transform((e) => e.toLowerCase());

/** A Dutch postcode without its spaces: four digits (not starting with 0), optionally two letters. */
export const POSTCODE = /^[1-9]\d{3}([a-z]{2})?$/i;

export const SignupSchema = z.object({
  email: emailField,
  displayName: z.string().trim().min(1, "auth.error.nameRequired").max(80, "auth.error.nameLong"),
  password: z.string().min(10, "auth.error.passwordShort").max(200, "auth.error.passwordLong"),
  neighbourhoodId: z.string().trim().min(1, "auth.error.neighbourhoodRequired"),
  // Checked whole before it is cut to its four digits: "AA" or "1093ABC" is a mistake, not "no
  // postcode" or 1093 (found by the property test, postcode.property.test.ts).
  postcode: z
    .string()
    .trim()
    .transform((v) => v.replace(/\s+/g, ""))
    .refine((v) => v === "" || POSTCODE.test(v), "auth.error.postcodeInvalid")
    .transform((v) => v.slice(0, 4))
    .optional()
    .transform((v) => (v ? v : undefined)),
  redirectTo: z.string().optional(),
});
export type SignupInput = z.output<typeof SignupSchema>;

export const LoginSchema = z.object({
  email: emailField,
  password: z.string().min(1, "form.required").max(200, "auth.login.invalid"),
  redirectTo: z.string().optional(),
});
export type LoginInput = z.output<typeof LoginSchema>;

export const ProfileSchema = z.object({
  displayName: z.string().trim().min(1, "auth.error.nameRequired").max(80, "auth.error.nameLong"),
  bio: z.string().trim().max(1000, "form.tooLong").default(""),
  locale: z.enum(locales, "form.invalid"),
});
export type ProfileInput = z.output<typeof ProfileSchema>;

/** Handles are public (URLs, API): derived from the display name, never the e-mail. */
export function handleBase(displayName: string): string {
  const base = displayName
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 40)
    .replace(/-+$/g, "");
  return base || "buur";
}

export const ChangePasswordSchema = z.object({
  currentPassword: z.string().min(1, "form.required").max(200, "auth.password.currentWrong"),
  newPassword: z.string().min(10, "auth.error.passwordShort").max(200, "auth.error.passwordLong"),
});
export type ChangePasswordInput = z.output<typeof ChangePasswordSchema>;
