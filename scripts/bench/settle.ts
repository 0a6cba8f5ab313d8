/**
 * The settlement scenario of `npm run bench`: the hot project's deadline passes, the app decides it
 * (settleDueProjects, its transition function) and charges its pledges through the simulated
 * gateway, rate-limited like Stripe (GATEWAY_RATE_LIMIT) — as the settlement job does, timed. Then
 * it counts the pledges charged more than once (the answer must be 0). It changes the data: once
 * per seeded city.
 */
import pg from "pg";
import { sharedGatewayLimiter } from "../../app/payments/rate-limit";
import { chargeDuePledges, settleProject } from "../../app/settlement/charges.server";
import { settleDueProjects } from "../../app/settlement/deadline.server";
import { boot } from "../../server/boot";
import { HOT_SLUG } from "./seed-sql";

export interface SettlementResult {
  pledges: number;
  charged: number;
  chargedTwice: number;
  seconds: number;
}

export async function settleHotProject(options: { url: string; rate: number; secret: string }): Promise<SettlementResult | null> {
  const client = new pg.Client({ connectionString: options.url });
  await client.connect();
  try {
    const project = (await client.query<{ id: string; status: string }>(`select id, status from projects where slug = $1`, [HOT_SLUG])).rows[0];
    if (!project || project.status !== "live") {
      console.log(`settlement: ${HOT_SLUG} is not live any more (settled by an earlier run): reseed to measure it again.`);
      return null;
    }
    const pledges = Number(
      (await client.query<{ n: string }>(`select count(*) as n from pledges where project_id = $1 and status = 'active'`, [project.id])).rows[0]!.n,
    );
    // The deadline passes (what the clock would do in an hour).
    await client.query(`update projects set ends_at = now() - interval '1 second' where id = $1`, [project.id]);
    // The simulated gateway answers 429 above Stripe's rate, as Stripe does (decision 084).
    Object.assign(process.env, {
      DATABASE_URL: options.url,
      SESSION_SECRET: options.secret,
      GATEWAY_RATE_LIMIT: String(options.rate),
      SIMULATED_GATEWAY_RATE_LIMIT: String(options.rate),
      LOG_LEVEL: "error",
    });
    const booted = await boot({ purpose: "npm run bench (settlement)", work: false, startQueue: false, migrate: false });
    try {
      const { services } = booted;
      const started = Date.now();
      await settleDueProjects(services.db, services.clock.now(), services.extensions.projectTransitionEffects);
      const deps = {
        db: services.db,
        gateway: services.gateway,
        logger: services.logger,
        appUrl: services.env.APP_URL,
        now: () => services.clock.now(),
        gatewayLimiter: sharedGatewayLimiter(options.rate),
      };
      const settled = await settleProject(deps, project.id, { concurrency: services.env.SETTLEMENT_CONCURRENCY });
      let charged = settled.charged;
      // What a run could not take now (the gateway's 429s beyond their retries) is for the next run, as the job does.
      for (let run = 0; run < 5 && charged < pledges; run++)
        charged += (await chargeDuePledges(deps, { projectId: project.id, concurrency: services.env.SETTLEMENT_CONCURRENCY })).charged;
      const seconds = (Date.now() - started) / 1000;
      const twice = await client.query<{ n: string }>(
        `select count(*) as n from (select pledge_id from pledge_payment_attempts a join pledges p on p.id = a.pledge_id
           where p.project_id = $1 and a.kind = 'charge' and a.status = 'succeeded' group by pledge_id having count(*) > 1) x`,
        [project.id],
      );
      return { pledges, charged, chargedTwice: Number(twice.rows[0]!.n), seconds };
    } finally {
      await booted.shutdown();
    }
  } finally {
    await client.end();
  }
}
