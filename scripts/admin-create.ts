/**
 * `npm run admin:create -- --email you@example.nl [--name "Beheer"] [--neighbourhood <id> | --neighbourhood "Name, City"] [--promote]`
 *
 * Creates the first admin of a real deployment (docs/deploy.md). The password is asked for twice
 * at the terminal, or read from stdin when stdin is not a terminal
 * (`printf '%s' "$PASSWORD" | npm run admin:create -- --email …`); it never appears in arguments,
 * where `ps` and shell history would show it.
 */
import { parseArgs } from "node:util";
import { createAdminAccount } from "../app/auth/accounts.server";
import { ensureNeighbourhood, getNeighbourhood } from "../app/neighbourhoods/neighbourhoods.server";
import { DataDirLockedError } from "../app/utils/data-dir-lock.server";
import { EnvError } from "../app/utils/env.server";
import { boot } from "../server/boot";

const usage = 'Usage: npm run admin:create -- --email you@example.nl [--name "Beheer"] [--neighbourhood <id> | --neighbourhood "Name, City"] [--promote]';

function fail(message: string, code = 1): never {
  console.error(message);
  process.exit(code);
}

let args;
try {
  args = parseArgs({
    options: {
      email: { type: "string" },
      name: { type: "string", default: "Beheer" },
      neighbourhood: { type: "string" },
      promote: { type: "boolean", default: false },
      help: { type: "boolean", default: false },
    },
  }).values;
} catch (error) {
  fail(`${error instanceof Error ? error.message : String(error)}\n${usage}`, 2);
}
if (args.help) {
  console.log(usage);
  process.exit(0);
}
if (!args.email) fail(`--email is required.\n${usage}`, 2);

async function readHidden(prompt: string): Promise<string> {
  const { stdin, stdout } = process;
  stdout.write(prompt);
  stdin.setRawMode?.(true);
  stdin.resume();
  stdin.setEncoding("utf8");
  return new Promise((resolve) => {
    let value = "";
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === "\r" || ch === "\n") {
          stdin.off("data", onData);
          stdin.setRawMode?.(false);
          stdin.pause();
          stdout.write("\n");
          resolve(value);
          return;
        }
        if (ch === "\u0003") process.exit(130); // Ctrl-C
        if (ch === "\u007f" || ch === "\b") value = value.slice(0, -1);
        else value += ch;
      }
    };
    stdin.on("data", onData);
  });
}

async function readPassword(): Promise<string> {
  if (process.stdin.isTTY) {
    const first = await readHidden("Password (at least 10 characters): ");
    const second = await readHidden("Repeat the password: ");
    if (first !== second) fail("The passwords differ; nothing was created.");
    return first;
  }
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks)
    .toString("utf8")
    .replace(/\r?\n$/, "");
}

const password = await readPassword();
let booted;
try {
  booted = await boot({ purpose: "npm run admin:create", work: false, startQueue: false });
} catch (error) {
  if (error instanceof DataDirLockedError || error instanceof EnvError) fail(error.message);
  throw error;
}
try {
  const { db, clock } = booted.services;
  let neighbourhoodId: string;
  const wanted = args.neighbourhood?.trim();
  if (wanted && wanted.includes(",")) {
    const [name = "", city = ""] = wanted.split(",").map((s) => s.trim());
    if (!name || !city) fail('--neighbourhood "Name, City" needs both a name and a city.', 2);
    const made = await ensureNeighbourhood(db, { name, city });
    if (made.created) console.log(`Created the neighbourhood ${name} (${city}) with id "${made.id}".`);
    neighbourhoodId = made.id;
  } else if (wanted) {
    if (!(await getNeighbourhood(db, wanted))) fail(`No neighbourhood with id "${wanted}". Give --neighbourhood "Name, City" to create it.`);
    neighbourhoodId = wanted;
  } else {
    const all = await db.selectFrom("neighbourhoods").select("id").orderBy("id").execute();
    if (all.length !== 1) {
      fail(
        all.length === 0
          ? 'The database has no neighbourhood yet: add --neighbourhood "Name, City" to create the first.'
          : `Choose a neighbourhood with --neighbourhood (one of: ${all.map((n) => n.id).join(", ")}).`,
        2,
      );
    }
    neighbourhoodId = all[0]!.id;
  }
  const result = await createAdminAccount(db, { email: args.email, displayName: args.name, password, neighbourhoodId, promote: args.promote }, clock.now());
  if (!result.ok) {
    if (result.error === "EmailTaken") fail(`An account with ${args.email} exists already. Add --promote to make it an admin (its password is then replaced).`);
    if (result.error === "InvalidInput") fail(`Not created: ${result.detail ?? "invalid input"}`);
    fail("Not created: unknown neighbourhood.");
  }
  console.log(
    `${result.promoted ? "Made" : "Created"} admin ${result.user.email} (@${result.user.handle}) in ${neighbourhoodId}. Log in at ${booted.env.APP_URL}/login.`,
  );
} finally {
  await booted.shutdown();
}
