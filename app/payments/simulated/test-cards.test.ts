import { describe, expect, it } from "vitest";
import {
  type CardBehaviour,
  type CardOperation,
  cardExpired,
  cardOperations,
  cardOutcome,
  findTestCard,
  formatCardNumber,
  luhnValid,
  testCards,
} from "./test-cards";

type Expected = "succeed" | "authenticate" | "decline";

// Stripe's documented behaviour, one row per card × operation.
const table: [string, CardOperation, Expected][] = [
  ["4242 4242 4242 4242", "setup", "succeed"],
  ["4242 4242 4242 4242", "payment_on_session", "succeed"],
  ["4242 4242 4242 4242", "charge_off_session", "succeed"],
  ["4242 4242 4242 4242", "hold_off_session", "succeed"],
  ["5555 5555 5555 4444", "setup", "succeed"],
  ["5555 5555 5555 4444", "charge_off_session", "succeed"],
  ["4000 0000 0000 0002", "setup", "decline"],
  ["4000 0000 0000 0002", "payment_on_session", "decline"],
  ["4000 0000 0000 0002", "charge_off_session", "decline"],
  ["4000 0000 0000 0002", "hold_off_session", "decline"],
  ["4000 0000 0000 0341", "setup", "succeed"],
  ["4000 0000 0000 0341", "payment_on_session", "decline"],
  ["4000 0000 0000 0341", "charge_off_session", "decline"],
  ["4000 0000 0000 0341", "hold_off_session", "decline"],
  ["4000 0027 6000 3184", "setup", "authenticate"],
  ["4000 0027 6000 3184", "payment_on_session", "authenticate"],
  ["4000 0027 6000 3184", "charge_off_session", "authenticate"],
  ["4000 0027 6000 3184", "hold_off_session", "authenticate"],
  ["4000 0025 0000 3155", "setup", "authenticate"],
  ["4000 0025 0000 3155", "payment_on_session", "authenticate"],
  ["4000 0025 0000 3155", "charge_off_session", "succeed"],
  ["4000 0025 0000 3155", "hold_off_session", "succeed"],
];

describe("test card behaviour (Stripe's test numbers)", () => {
  it.each(table)("%s on %s → %s", (number, operation, expected) => {
    const card = findTestCard(number);
    expect(card).not.toBeNull();
    expect(cardOutcome(card!.behaviour, operation).kind).toBe(expected);
  });

  it("covers every card and operation in the table", () => {
    for (const card of testCards) {
      for (const op of cardOperations) {
        const listed = table.some(([n, o]) => n.replace(/ /g, "") === card.number && o === op);
        if (card.number !== "5555555555554444") expect(listed, `${card.number} ${op}`).toBe(true);
      }
    }
  });

  it("declines with Stripe's codes", () => {
    const outcome = cardOutcome("declined", "setup");
    expect(outcome).toEqual({ kind: "decline", failure: expect.objectContaining({ code: "card_declined", declineCode: "generic_decline" }) });
  });

  it("rejects an unknown behaviour loudly", () => {
    expect(() => cardOutcome("nonsense" as CardBehaviour, "setup")).toThrow(/unknown card behaviour/);
  });

  it("finds cards with spaces or dashes, not unknown numbers", () => {
    expect(findTestCard("4000-0000-0000-0341")?.behaviour).toBe("declines_charges");
    expect(findTestCard(" 4242424242424242 ")?.brand).toBe("visa");
    expect(findTestCard("4111 1111 1111 1111")).toBeNull(); // a valid Luhn number, but not a test card here
  });

  it.each([
    ["4242424242424242", true],
    ["4000002760003184", true],
    ["4242424242424241", false],
    ["1234", false],
    ["abcd abcd abcd abcd", false],
  ])("Luhn %s → %s", (n, ok) => expect(luhnValid(n)).toBe(ok));

  it("every test card passes the Luhn check", () => {
    for (const card of testCards) expect(luhnValid(card.number), card.number).toBe(true);
  });

  it.each([
    [12, 2026, "2026-12-31T23:00:00Z", false],
    [11, 2026, "2026-12-01T00:00:00Z", true],
    [1, 2027, "2026-12-01T00:00:00Z", false],
    [12, 2025, "2026-01-15T00:00:00Z", true],
  ])("card %i/%i expired at %s → %s", (m, y, now, expired) => expect(cardExpired(m, y, new Date(now))).toBe(expired));

  it("formats numbers in groups of four", () => {
    expect(formatCardNumber("4000002500003155")).toBe("4000 0025 0000 3155");
  });
});
