import pino, { type Logger } from "pino";

export type { Logger } from "pino";

/**
 * Structured JSON logs. Secrets never reach them: the redaction list covers the field names we use
 * for secrets, and request paths pass through `redactPath` (tokens in URLs become "[token]").
 */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { app: "buurtkracht" },
      redact: {
        paths: [
          "password",
          "*.password",
          "passwordHash",
          "*.passwordHash",
          "token",
          "*.token",
          "secret",
          "*.secret",
          "headers.cookie",
          "headers.authorization",
          "*.headers.cookie",
          "*.headers.authorization",
        ],
        censor: "[redacted]",
      },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination,
  );
}

/** Drops the query string and masks long opaque path segments (reset, unsubscribe, calendar tokens). */
export function redactPath(url: string): string {
  const [pathname = "/"] = url.split("?");
  return pathname
    .split("/")
    .map((segment) => (/^[A-Za-z0-9_\-.]{24,}$/.test(segment) && /\d/.test(segment) ? "[token]" : segment))
    .join("/");
}
