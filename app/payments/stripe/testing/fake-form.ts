/**
 * Stripe's request encoding, for the fake server: `application/x-www-form-urlencoded` bodies and
 * query strings with nested keys, as stripe-node writes them:
 *   metadata[purpose]=pledge&expand[0]=latest_charge&line_items[0][price_data][currency]=eur
 * Keys in brackets nest objects; a run of 0,1,2… indices makes an array. Values stay strings
 * (Stripe parses "true" and "5000" per parameter, and so do the fake's handlers).
 */

export type ParamValue = string | Params | ParamValue[];
export interface Params {
  [key: string]: ParamValue;
}

function decode(part: string): string {
  return decodeURIComponent(part.replace(/\+/g, " "));
}

/** "a[b][0][c]" → ["a", "b", "0", "c"]. */
function keyPath(key: string): string[] {
  const first = key.indexOf("[");
  if (first < 0) return [key];
  const path = [key.slice(0, first)];
  const rest = key.slice(first);
  const re = /\[([^\]]*)\]/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(rest))) path.push(m[1] ?? "");
  return path;
}

function isParams(value: ParamValue | undefined): value is Params {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Objects whose keys are exactly 0..n-1 become arrays (recursively). */
function arrays(value: ParamValue): ParamValue {
  if (!isParams(value)) return Array.isArray(value) ? value.map(arrays) : value;
  const keys = Object.keys(value);
  const converted: Params = {};
  for (const k of keys) converted[k] = arrays(value[k] as ParamValue);
  const indexed = keys.length > 0 && keys.every((k, i) => k === String(i));
  return indexed ? keys.map((k) => converted[k] as ParamValue) : converted;
}

export function parseForm(body: string): Params {
  const root: Params = {};
  if (!body) return root;
  for (const pair of body.split("&")) {
    if (!pair) continue;
    const eq = pair.indexOf("=");
    const rawKey = eq < 0 ? pair : pair.slice(0, eq);
    const value = eq < 0 ? "" : decode(pair.slice(eq + 1));
    const path = keyPath(decode(rawKey));
    let node: Params = root;
    for (let i = 0; i < path.length; i++) {
      const segment = path[i] === "" ? String(Object.keys(node).length) : (path[i] as string);
      if (i === path.length - 1) {
        node[segment] = value;
      } else {
        const next = node[segment];
        if (!isParams(next)) node[segment] = {};
        node = node[segment] as Params;
      }
    }
  }
  return arrays(root) as Params;
}

/** A canonical string of parsed parameters: equal requests compare equal whatever the key order. */
export function canonical(value: ParamValue | undefined): string {
  if (value === undefined) return "null";
  if (typeof value === "string") return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  return `{${Object.keys(value)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`)
    .join(",")}}`;
}

// Typed readers for handlers ------------------------------------------------------------------

export function str(params: Params, key: string): string | undefined {
  const v = params[key];
  return typeof v === "string" ? v : undefined;
}

export function obj(params: Params, key: string): Params | undefined {
  const v = params[key];
  return isParams(v) ? v : undefined;
}

export function list(params: Params, key: string): ParamValue[] | undefined {
  const v = params[key];
  return Array.isArray(v) ? v : undefined;
}

export function strings(params: Params, key: string): string[] | undefined {
  const v = list(params, key);
  return v ? v.filter((x): x is string => typeof x === "string") : undefined;
}

/** metadata[...] as a string map ("" values unset a key, as in Stripe). */
export function metadataOf(params: Params, key = "metadata"): Record<string, string> | undefined {
  const m = obj(params, key);
  if (!m) return str(params, key) === "" ? {} : undefined;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(m)) if (typeof v === "string" && v !== "") out[k] = v;
  return out;
}
