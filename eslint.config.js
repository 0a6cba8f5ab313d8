// ESLint for code rules an import graph cannot see (docs/decisions/025-boundary-linter.md).
// Import boundaries are dependency-cruiser's (.dependency-cruiser.cjs); formatting is Prettier's.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

/** Only app/ledger/ writes the ledger tables (docs/decisions/021). */
const ledgerWrites = {
  selector: "CallExpression[callee.property.name=/^(insertInto|updateTable|deleteFrom|mergeInto)$/][arguments.0.value=/^ledger_/]",
  message: "Only app/ledger/ writes ledger rows: post a journal with postJournal() (docs/decisions/021).",
};
/** Routes call feature functions; queries live in app/<feature>/*.server.ts. */
const routeQueries = {
  selector: "CallExpression[callee.property.name=/^(selectFrom|insertInto|updateTable|deleteFrom|mergeInto|selectNoFrom)$/]",
  message: "Routes hold no SQL: call a feature function (docs/architecture.md).",
};
/** Business time comes from the services' clock (docs/decisions/005); pure code takes `now`. */
const wallClock = [
  {
    selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']",
    message: "Use the services' clock (clock.now()) or the `now` you were given, never the wall clock.",
  },
  {
    selector: "NewExpression[callee.name='Date'][arguments.length=0]",
    message: "Use the services' clock (clock.now()) or the `now` you were given, never the wall clock.",
  },
];

export default tseslint.config(
  { ignores: ["build/**", "public/build/**", "node_modules/**", ".data/**", "coverage/**", "playwright-report/**", "test-results/**", ".cache/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: "module" },
    rules: {
      // TypeScript checks names; ESLint's no-undef does not know the DOM and Node globals.
      "no-undef": "off",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none", ignoreRestSiblings: true }],
      "@typescript-eslint/no-explicit-any": "off",
      "@typescript-eslint/consistent-type-imports": ["error", { prefer: "type-imports", fixStyle: "inline-type-imports" }],
      "no-restricted-syntax": ["error", ledgerWrites],
    },
  },
  { files: ["app/ledger/**"], rules: { "no-restricted-syntax": "off" } },
  { files: ["app/routes/**"], rules: { "no-restricted-syntax": ["error", ledgerWrites, routeQueries] } },
  {
    files: ["app/{projects,pledges,lending,settlement,payouts,pages}/**/*.{ts,tsx}"],
    ignores: ["**/*.test.ts", "**/*.test.tsx"],
    rules: { "no-restricted-syntax": ["error", ledgerWrites, ...wallClock] },
  },
  // Tests may set up rows directly, ledger tables included, to check what the checks catch.
  { files: ["**/*.test.ts", "**/*.test.tsx", "app/test/**", "e2e/**"], rules: { "no-restricted-syntax": "off" } },
);
