/** `npm run db:seed`: loads the demo neighbourhood (idempotent). Refused with a public APP_URL. */
import { seedDemo } from "../app/demo/seed.server";
import { appUrlReach } from "../app/utils/app-url";
import { parseEnv } from "../app/utils/env.server";
import { boot } from "../server/boot";

const env = parseEnv();
if (appUrlReach(env.APP_URL) === "public") {
  console.error(
    `Refusing to load the demo: APP_URL (${env.APP_URL}) is a public address and the demo accounts' password is ` +
      "published in the README. The demo belongs on local machines only (docs/decisions/007-demo-only-local.md).",
  );
  process.exit(1);
}
const booted = await boot({ purpose: "npm run db:seed", work: false, startQueue: false });
try {
  await seedDemo(booted.services.db, { now: booted.services.clock.now(), storage: booted.services.storage });
  console.log("Demo neighbourhood loaded (idempotent: existing rows were kept).");
} finally {
  await booted.shutdown();
}
