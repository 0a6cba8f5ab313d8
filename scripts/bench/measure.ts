/**
 * The measuring parts of `npm run bench` (issue 17): load runs with autocannon, the server's CPU
 * time and memory from /proc, and the table rows with ratios to the floors. No assertions: the
 * benchmark reports, tests guard (scripts/perf/query-count.server.test.ts).
 */
import fs from "node:fs";
import autocannon from "autocannon";

export interface Load {
  title: string;
  url: string;
  method?: "GET" | "POST";
  headers?: Record<string, string>;
  /** Per request: the path and body (POST scenarios vary who pledges where). */
  next?: () => { path?: string; body?: string; headers?: Record<string, string> };
}

export interface Sample {
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  errors: number;
  requests: number;
  cpuMsPerRequest: number | null;
  peakRssMb: number | null;
  statusCodes: Record<string, number>;
}

/** utime + stime of a process and its threads, in ms (Linux /proc; CLK_TCK is 100 here). */
export function cpuMs(pid: number): number | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return null;
  }
}

export function rssMb(pid: number): number | null {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) / 1024 : null;
  } catch {
    return null;
  }
}

export async function measure(load: Load, options: { connections: number; seconds: number; serverPid?: number }): Promise<Sample> {
  const pid = options.serverPid;
  const cpuBefore = pid ? cpuMs(pid) : null;
  let peak = pid ? (rssMb(pid) ?? 0) : 0;
  const sampler = pid ? setInterval(() => (peak = Math.max(peak, rssMb(pid) ?? 0)), 100) : null;
  const headers = { "accept-encoding": "gzip, deflate, br", accept: "text/html,application/xhtml+xml,*/*", ...load.headers };
  const times: number[] = [];
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: load.url,
        connections: options.connections,
        duration: options.seconds,
        method: load.method ?? "GET",
        headers,
        requests: load.next
          ? [
              {
                setupRequest: (req: autocannon.Request) => {
                  const n = load.next!();
                  return { ...req, path: n.path ?? req.path, body: n.body, headers: { ...headers, ...n.headers } };
                },
              },
            ]
          : undefined,
      },
      (err, r) => (err ? reject(err) : resolve(r)),
    );
    instance.on("response", (_client: unknown, _status: number, _bytes: number, ms: number) => times.push(ms));
  });
  times.sort((a, b) => a - b);
  const pct = (q: number) => (times.length ? times[Math.min(times.length - 1, Math.floor(q * times.length))]! : 0);
  if (sampler) clearInterval(sampler);
  const cpuAfter = pid ? cpuMs(pid) : null;
  const statusCodes: Record<string, number> = {};
  for (const [code, v] of Object.entries(result.statusCodeStats ?? {})) statusCodes[code] = Number((v as { count: number }).count);
  const failed = Object.entries(statusCodes)
    .filter(([code]) => Number(code) >= 400)
    .reduce((n, [, c]) => n + c, 0);
  const requests = result.requests.total;
  return {
    rps: result.requests.average,
    p50: pct(0.5),
    p95: pct(0.95),
    p99: pct(0.99),
    errors: result.errors + result.timeouts + failed,
    requests,
    cpuMsPerRequest: cpuBefore !== null && cpuAfter !== null && requests > 0 ? (cpuAfter - cpuBefore) / requests : null,
    peakRssMb: pid ? peak : null,
    statusCodes,
  };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

export interface Row {
  scenario: string;
  samples: Sample[];
  /** Per repetition: the scenario's req/s divided by its floor's in the same repetition. */
  ratios: number[];
  floor: string;
  note?: string;
}

const fmt = (n: number, digits = 0) => n.toLocaleString("en", { maximumFractionDigits: digits, minimumFractionDigits: digits });

export function tableRow(row: Row): string {
  const s = row.samples;
  const pick = (f: (x: Sample) => number) => median(s.map(f));
  const cpu = s.every((x) => x.cpuMsPerRequest !== null)
    ? fmt(
        pick((x) => x.cpuMsPerRequest!),
        2,
      )
    : "–";
  const rss = s.every((x) => x.peakRssMb !== null) ? fmt(Math.max(...s.map((x) => x.peakRssMb!))) : "–";
  const r = row.ratios;
  const d = r.length && median(r) < 0.1 ? 3 : 2;
  const ratio = r.length ? `${fmt(median(r), d)} (${fmt(Math.min(...r), d)}–${fmt(Math.max(...r), d)})` : "–";
  return `| ${row.scenario} | ${fmt(pick((x) => x.rps))} | ${fmt(pick((x) => x.p50))} / ${fmt(pick((x) => x.p95))} / ${fmt(pick((x) => x.p99))} | ${s.reduce((n, x) => n + x.errors, 0)} | ${cpu} | ${rss} | ${ratio} ${row.floor} |${row.note ? ` ${row.note}` : ""}`;
}

export const TABLE_HEAD = [
  "| scenario | req/s | p50 / p95 / p99 ms | errors | server CPU ms/req | peak RSS MB | ratio to floor: median (spread) |",
  "|---|---|---|---|---|---|---|",
];
