import Stripe from "stripe";
import type { Logger } from "../../utils/logger.server";

/**
 * The Stripe SDK client the adapter and the webhook translation share, plus what both need to
 * build port objects (the app's base URL, for action URLs). Only app/payments/ imports `stripe`
 * (app/ledger/boundaries.test.ts).
 */
export interface StripeClient {
  sdk: Stripe;
  /** APP_URL without a trailing slash: action URLs (`/pay/stripe/confirm/…`) live there. */
  appUrl: string;
  logger: Logger;
}

/** Where the API is. Production: api.stripe.com (the default). Tests: the fake server on 127.0.0.1. */
export interface StripeEndpoint {
  host: string;
  port: number;
  protocol: "http" | "https";
}

export interface StripeClientOptions {
  secretKey: string;
  appUrl: string;
  logger: Logger;
  client?: StripeEndpoint;
  /**
   * Retries of one request on connection errors, timeouts, 409 and 5xx. The SDK sends every retry
   * with the SAME idempotency key, so a request that did reach Stripe is not repeated. Default 2.
   */
  maxNetworkRetries?: number;
  /** Per attempt. Default 20 s: long enough for a bank's 3-D Secure lookup, short of the SDK's 80 s. */
  timeoutMs?: number;
}

export const DEFAULT_MAX_NETWORK_RETRIES = 2;
export const DEFAULT_TIMEOUT_MS = 20_000;

export function createStripeClient(options: StripeClientOptions): StripeClient {
  if (!options.secretKey) throw new Error("createStripeClient: secretKey is required");
  const sdk = new Stripe(options.secretKey, {
    // The SDK pins its API version (2026-10-28.endive for stripe@23.1.0); the types match it.
    maxNetworkRetries: options.maxNetworkRetries ?? DEFAULT_MAX_NETWORK_RETRIES,
    timeout: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    // No request-latency telemetry to Stripe: it is a header on the next request, nothing we need.
    telemetry: false,
    appInfo: { name: "buurtkracht" },
    ...(options.client ? { host: options.client.host, port: options.client.port, protocol: options.client.protocol } : {}),
  });
  return { sdk, appUrl: options.appUrl.replace(/\/+$/, ""), logger: options.logger };
}

/**
 * Parses STRIPE_API_HOST ("http://127.0.0.1:12111") into an endpoint, for pointing a deployment at
 * a Stripe-compatible server (the fake, in end-to-end tests). Null when unset.
 */
export function parseStripeApiHost(value: string | undefined): StripeEndpoint | null {
  if (!value) return null;
  const url = new URL(value.includes("://") ? value : `https://${value}`);
  const protocol = url.protocol === "http:" ? "http" : "https";
  return { host: url.hostname, port: url.port ? Number(url.port) : protocol === "http" ? 80 : 443, protocol };
}
