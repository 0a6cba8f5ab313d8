#!/usr/bin/env node
// Checks a project's ledger downloaded from Buurtkracht (/projects/<slug>/ledger.csv) on your own
// computer, with nothing but Node.js (18 or newer): no Buurtkracht code, no packages.
//
//   node verify-ledger-csv.mjs ledger.csv                 # is the chain in the file intact?
//   node verify-ledger-csv.mjs ledger.csv <saved head>    # …and does it contain the head you saved?
//
// Every line's hash is sha256(previous hash + "\n" + JSON [chain, seq, kind, posted_at, entries,
// digest]); the first line starts from 64 zeros. If someone changed, removed, reordered or inserted
// a line, a hash stops matching — or, if they recomputed every hash, the head you saved earlier is
// no longer in the file. The "received" column must equal the money the entries move into the
// project. See docs/ledger-verify.md. Exit code 0: verified; 1: not.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";

const [file, savedHead] = process.argv.slice(2);
if (!file) {
  console.error("usage: node verify-ledger-csv.mjs <ledger.csv> [saved head hash]");
  process.exit(2);
}

/** RFC 4180: quoted cells may hold the delimiter, quotes ("") and line breaks. */
function parseCsv(text, delimiter) {
  const rows = [];
  let row = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === delimiter) {
      row.push(cell);
      cell = "";
    } else if (c === "\n" || c === "\r") {
      if (c === "\r" && text[i + 1] === "\n") i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
    } else cell += c;
  }
  if (cell !== "" || row.length) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}

const text = readFileSync(file, "utf8").replace(/^\uFEFF/, "");
const firstLine = text.slice(0, text.search(/\r?\n/));
const delimiter = firstLine.split(";").length > firstLine.split(",").length ? ";" : ",";
const [header, ...rows] = parseCsv(text, delimiter);
const col = (name) => {
  const i = header.indexOf(name);
  if (i < 0) throw new Error(`column "${name}" is missing: is this a Buurtkracht ledger CSV?`);
  return i;
};
const [cChain, cSeq, cPosted, cKind, cEntries, cDigest, cPrev, cHash] = ["chain", "seq", "posted_at", "kind", "entries", "digest", "prev_hash", "hash"].map(
  col,
);
const cReceived = 4; // the fifth column: received (ontvangen), in euros
const sha256 = (s) => createHash("sha256").update(s, "utf8").digest("hex");
const cents = (euros) => {
  const m = /^(-?)(\d+)[.,](\d{2})$/.exec(euros.trim());
  if (!m) throw new Error(`"${euros}" is not an amount`);
  return (m[1] ? -1 : 1) * (Number(m[2]) * 100 + Number(m[3]));
};

let prev = "0".repeat(64);
let seen = savedHead ? false : true;
let problems = 0;
const problem = (text) => {
  problems++;
  console.log(text);
};
rows.forEach((r, i) => {
  const line = i + 2;
  const [chain, seq, postedAt, kind, digest, prevHash, hash] = [r[cChain], Number(r[cSeq]), r[cPosted], r[cKind], r[cDigest], r[cPrev], r[cHash]];
  const entries = JSON.parse(r[cEntries]);
  if (seq !== i + 1) problem(`line ${line}: number ${seq}, expected ${i + 1}: a line is missing or out of order`);
  if (prevHash !== prev) problem(`line ${line} (no. ${seq}): does not point at the line before it`);
  const expected = sha256(`${prev}\n${JSON.stringify([chain, seq, kind, postedAt, entries, digest])}`);
  if (expected !== hash) problem(`line ${line} (no. ${seq}): its hash does not match its content: this line was changed`);
  const intoProject = entries.filter(([book, account]) => book === "cash" && account === chain).reduce((n, [, , amount]) => n + amount, 0);
  if (cents(r[cReceived]) !== intoProject)
    problem(`line ${line} (no. ${seq}): shows ${r[cReceived]} received, its entries move ${(intoProject / 100).toFixed(2)}`);
  if (hash === savedHead) seen = true;
  prev = hash;
});

console.log(`${rows.length} lines, head ${prev}`);
if (!seen) problem(`the saved head ${savedHead} is not in this file: lines up to it were rewritten`);
console.log(problems === 0 ? "OK: the ledger verifies." : `NOT OK: ${problems} problem(s).`);
process.exit(problems === 0 ? 0 : 1);
