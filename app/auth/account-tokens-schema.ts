import { z } from "zod";
import { emailField } from "./account-schema";

export const ForgotPasswordSchema = z.object({ email: emailField });

export const ResetPasswordSchema = z.object({
  token: z.string().min(1, "notifications.account.reset.invalid").max(200, "notifications.account.reset.invalid"),
  password: z.string().min(10, "auth.error.passwordShort").max(200, "auth.error.passwordLong"),
});

export const VerifyEmailSchema = z.object({
  token: z.string().min(1, "notifications.account.verify.invalid").max(200, "notifications.account.verify.invalid"),
});
