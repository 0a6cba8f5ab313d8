/**
 * The set-based SQL of `npm run bench:seed` (issue 17): a city's worth of neighbours, projects in
 * every state with their pledges, items and finished loans, their event rows, ledger journals and
 * hash-chain links — in the shapes the app writes them, so `npm run ledger:verify` accepts the result.
 *
 * Ids are derived (`md5(<kind><n>)::uuid`), so one step can name another's rows by arithmetic
 * instead of joins. Every step is a few statements over generate_series; nothing loops in Node.
 */

import { postStagedPledgeJournals } from "../../app/ledger/bulk.server";

export { sealSql } from "../../app/ledger/bulk.server";

export interface Scale {
  users: number;
  neighbourhoods: number;
  projects: number;
  /** Pledges of the one hot project (the settlement scenario). */
  hotPledges: number;
  /** Pledges of every other launched project, on average. */
  pledgesPerProject: number;
  items: number;
  loansPerItem: number;
}

export const FULL: Scale = { users: 50_000, neighbourhoods: 50, projects: 10_000, hotPledges: 5_000, pledgesPerProject: 124, items: 100_000, loansPerItem: 3 };
export const QUICK: Scale = { users: 5_000, neighbourhoods: 10, projects: 1_000, hotPledges: 1_000, pledgesPerProject: 40, items: 10_000, loansPerItem: 3 };

/** The hot project's slug: 5,000 backers, ending soon; the benchmark pledges on it and settles it. */
export const HOT_SLUG = "buurtproject-1";
export const BENCH_EMAIL = (n: number) => `buur${n}@bench.buurtkracht.nl`;

// The same expressions in every step: the n-th user's id and neighbourhood.
const uid = (n: string) => `md5('u' || (${n}))::uuid`;
const pid = (n: string) => `md5('p' || (${n}))::uuid`;
const iid = (n: string) => `md5('i' || (${n}))::uuid`;
const lid = (n: string) => `md5('l' || (${n}))::uuid`;

export interface Step {
  name: string;
  /** Statements run in one transaction. */
  sql: string[];
  /** Optional: run the step once per chunk [from, to) of this many rows (keeps each transaction's deferred checks small). */
  chunks?: { total: number; size: number };
  /**
   * Bulk load: the step's transaction runs with `session_replication_role = replica`, which skips
   * row triggers — foreign-key checks, the ledger's per-row balance and chain triggers — as a restore
   * does. What they would have checked is checked after, set-based: `orphans()` below and
   * `npm run ledger:verify` (balances, digests, chains). The users' neighbourhood counts (a trigger)
   * are recounted by their step.
   */
  bulk?: boolean;
}

export function steps(s: Scale, now: Date): Step[] {
  const U = s.users;
  const N = s.neighbourhoods;
  const P = s.projects;
  const at = `'${now.toISOString()}'::timestamptz`;
  // The n-th user lives in bench neighbourhood n % (N + 1), or in the demo's Indische Buurt for 0 (its
  // pages and the demo's signed-in neighbours then see a neighbourhood of city size too).
  const hood = (n: string) => `case when (${n}) % ${N + 1} = 0 then 'indische-buurt' else 'bench-wijk-' || ((${n}) % ${N + 1}) end`;
  // The g-th project's state, by g % 20: 25% live, 40% succeeded, 15% failed, the rest not launched.
  const state = (g: string) =>
    `case when (${g}) = 1 then 'live' when (${g}) % 20 < 5 then 'live' when (${g}) % 20 < 13 then 'succeeded' when (${g}) % 20 < 16 then 'failed'
          when (${g}) % 20 < 18 then 'draft' when (${g}) % 20 = 18 then 'submitted' else 'cancelled' end`;
  const pledgeCount = (g: string) => `case when (${g}) = 1 then ${s.hotPledges} else ${Math.max(2, s.pledgesPerProject - 103)} + ((${g}) * 37) % 209 end`;
  return [
    {
      name: "neighbourhoods",
      sql: [
        `insert into neighbourhoods (id, name, city, municipality, description_nl, description_en)
         select 'bench-wijk-' || g, 'Benchwijk ' || g, (array['Amsterdam','Rotterdam','Utrecht','Den Haag','Eindhoven'])[1 + g % 5],
                (array['Amsterdam','Rotterdam','Utrecht','Den Haag','Eindhoven'])[1 + g % 5], 'Een wijk van de benchmark.', 'A benchmark neighbourhood.'
         from generate_series(1, ${N}) g`,
      ],
    },
    {
      name: `${U.toLocaleString("en")} users`,
      bulk: true,
      sql: [
        `insert into users (id, email, handle, display_name, password_hash, neighbourhood_id, locale, email_verified_at, password_changed_at, created_at, updated_at)
         select ${uid("g")}, 'buur' || g || '@bench.buurtkracht.nl', 'buur-' || g,
                (array['Anna','Bram','Chantal','Dirk','Esra','Femke','Gijs','Hatice','Ilse','Joost','Karim','Lotte','Mehmet','Noor','Olaf','Priya'])[1 + g % 16]
                  || ' ' || (array['de Vries','Jansen','Bakker','Visser','Smit','Meijer','el Amrani','Yilmaz','de Boer','Mulder'])[1 + (g / 16) % 10],
                (select password_hash from users where email = 'eva@demo.buurtkracht.nl'),
                ${hood("g")}, case when g % 7 = 0 then 'en' else 'nl' end, ${at} - (g % 900) * interval '1 day', ${at}, ${at} - (g % 900) * interval '1 day', ${at}
         from generate_series(1, ${U}) g`,
        // The count the users trigger keeps (migration 0049), recounted once for the bulk insert.
        `update neighbourhoods n set member_count = (select count(*) from users u where u.neighbourhood_id = n.id and u.suspended_at is null)`,
      ],
    },
    {
      // As app/payments/simulated/seed.server.ts gives the demo's backers: a simulated customer with
      // a saved card that succeeds, ids derived from the user's id — so the pledges below are
      // chargeable at settlement, and the benchmark's backers pledge with a saved card.
      name: "a saved card for every neighbour (simulated gateway)",
      sql: [
        `insert into sim_customers (id, email, name, metadata, created_at)
         select 'cus_sim_seed' || replace(id::text, '-', ''), email, display_name, jsonb_build_object('userId', id::text), created_at
         from users where email like '%@bench.buurtkracht.nl'`,
        `insert into payment_customers (user_id, gateway, customer_id, created_at)
         select id, 'simulated', 'cus_sim_seed' || replace(id::text, '-', ''), created_at from users where email like '%@bench.buurtkracht.nl'`,
        `insert into sim_payment_methods (id, customer_id, type, behaviour, brand, last4, exp_month, exp_year, created_at)
         select 'pm_sim_seed' || replace(id::text, '-', '') || '4242', 'cus_sim_seed' || replace(id::text, '-', ''), 'card', 'succeeds', 'visa', '4242', 12, 2034, created_at
         from users where email like '%@bench.buurtkracht.nl'`,
      ],
    },
    {
      name: `${P.toLocaleString("en")} projects with their funding plans`,
      sql: [
        `insert into projects (id, slug, initiator_id, neighbourhood_id, title, summary, story, category, goal_cents, funding_model, duration_days, status,
                               launched_at, ends_at, settled_at, cancel_reason, created_at, updated_at)
         select ${pid("g")}, 'buurtproject-' || g, ${uid("x.u")}, ${hood("x.u")},
                (array['Moestuin','Speeltuin','Buurtfeest','Bankjes','Geveltuin','Repair café','Boekenkast','Zonnepanelen','Voetbalkooi','Muurschildering'])[1 + g % 10]
                  || ' ' || (array['aan de gracht','in het park','op het plein','bij de school','achter de flat'])[1 + (g / 10) % 5] || ' ' || g,
                'Samen maken we de buurt mooier.', 'Een project van de benchmark: buren betalen samen.',
                (array['green','social','culture','sport','playground','safety','other'])[1 + g % 7],
                100000, case when g % 9 = 0 then 'keep_what_you_raise' else 'all_or_nothing' end, 30, x.state,
                case when x.state in ('live','succeeded','failed') then x.launched end,
                case when x.state in ('live','succeeded','failed') then x.launched + interval '30 days' end,
                case when x.state in ('succeeded','failed') then x.launched + interval '30 days 1 hour' end,
                case when x.state = 'cancelled' then 'De initiatiefnemer stopte.' end,
                x.launched - interval '7 days', ${at}
         from (select g, (g * 7) % ${U} + 1 as u, ${state("g")} as state,
                      case when g = 1 then ${at} - interval '29 days 23 hours'
                           when ${state("g")} = 'live' then ${at} - (g % 29 + 1) * interval '1 day'
                           else ${at} - (40 + g % 700) * interval '1 day' end as launched
               from generate_series(1, ${P}) g) x`,
        // A funding plan that adds up to the goal (checked at commit); the goals follow the pledges below.
        `insert into project_budget_lines (project_id, position, description, amount_cents)
         select id, 0, 'Materiaal en werk', goal_cents from projects where slug like 'buurtproject-%'`,
      ],
    },
    {
      name: `pledges (${s.hotPledges.toLocaleString("en")} on the hot project)`,
      bulk: true,
      chunks: { total: P, size: Math.ceil(P / 10) },
      sql: [
        `insert into pledges (id, project_id, backer_id, payment_method_ref, amount_cents, status, visibility, created_at, updated_at, charged_at)
         select md5('pl' || p.g || '-' || j)::uuid, ${pid("p.g")}, ${uid(`((p.g * 7919 + j * 13) % ${U}) + 1`)},
                'pm_sim_seed' || md5('u' || (((p.g * 7919 + j * 13) % ${U}) + 1)) || '4242',
                500 + ((p.g + j) * 97 % 50) * 100,
                case pr.status when 'live' then 'active' when 'succeeded' then 'charged' else 'released' end,
                (array['public','initiator','anonymous'])[1 + j % 3],
                pr.launched_at + (j % 600) * interval '1 hour', coalesce(pr.settled_at, pr.launched_at + (j % 600) * interval '1 hour'),
                case when pr.status = 'succeeded' then pr.settled_at end
         from generate_series($1::int, $2::int - 1) p(g)
         join projects pr on pr.id = ${pid("p.g")} and pr.status in ('live','succeeded','failed')
         cross join lateral generate_series(1, ${pledgeCount("p.g")}) j`,
      ],
    },
    {
      name: "pledge events (saved, then charged or released)",
      bulk: true,
      chunks: { total: P, size: Math.ceil(P / 10) },
      sql: [
        `insert into pledge_events (pledge_id, project_id, actor_id, event, from_status, to_status, amount_cents, pledged_delta_cents, created_at)
         select pl.id, pl.project_id, pl.backer_id, 'saved', null, 'active', pl.amount_cents, pl.amount_cents, date_trunc('milliseconds', pl.created_at)
         from pledges pl where pl.project_id in (select ${pid("g")} from generate_series($1::int, $2::int - 1) g)
         order by pl.created_at`,
        `insert into pledge_events (pledge_id, project_id, actor_id, event, from_status, to_status, amount_cents, pledged_delta_cents, created_at)
         select pl.id, pl.project_id, null, case pl.status when 'charged' then 'charge_succeeded' else 'release' end, 'active', pl.status, pl.amount_cents,
                case pl.status when 'charged' then 0 else -pl.amount_cents end, date_trunc('milliseconds', pl.updated_at)
         from pledges pl where pl.status in ('charged','released') and pl.project_id in (select ${pid("g")} from generate_series($1::int, $2::int - 1) g)`,
      ],
    },
    {
      name: "project totals, goals and funding plans",
      sql: [
        `update projects p set pledged_cents = t.open + t.charged, collected_cents = t.charged, backer_count = t.n,
                goal_cents = greatest(1000, case when p.slug = '${HOT_SLUG}' then (t.open * 0.8)::bigint / 100 * 100
                                                 when p.status = 'succeeded' then (t.charged * 0.9)::bigint / 100 * 100
                                                 when p.status = 'failed' then t.released * 2 / 100 * 100
                                                 else (t.open * 1.5)::bigint / 100 * 100 end)
         from (select project_id, count(*) filter (where status in ('active','charged')) as n,
                      coalesce(sum(amount_cents) filter (where status = 'active'), 0) as open,
                      coalesce(sum(amount_cents) filter (where status = 'charged'), 0) as charged,
                      coalesce(sum(amount_cents) filter (where status = 'released'), 0) as released
               from pledges group by project_id) t
         where t.project_id = p.id and p.slug like 'buurtproject-%'`,
        `update projects set goal_cents = 250000 where slug like 'buurtproject-%' and status in ('draft','submitted','cancelled')`,
        `update project_budget_lines b set amount_cents = p.goal_cents from projects p where p.id = b.project_id and p.slug like 'buurtproject-%'`,
        `insert into project_events (project_id, actor_id, event, from_status, to_status, created_at)
         select id, initiator_id, 'launch', 'approved', 'live', launched_at from projects where slug like 'buurtproject-%' and launched_at is not null`,
        `insert into project_events (project_id, actor_id, event, from_status, to_status, created_at)
         select id, null, case status when 'succeeded' then 'succeed' else 'fail' end, 'live', status, settled_at
         from projects where slug like 'buurtproject-%' and status in ('succeeded','failed')`,
      ],
    },
    {
      name: "ledger journals of the pledges (as app/pledges/pledge-effects.server.ts posts them)",
      bulk: true,
      chunks: { total: P, size: Math.ceil(P / 20) },
      sql: [
        // One journal per event row; entries as pledge-ledger.ts derives them; the digest over
        // journalDigestInput's text (app/ledger/ledger.ts).
        `create temp table bench_j on commit drop as
         select e.id as event_id, e.pledge_id, e.project_id, pl.backer_id, e.amount_cents as a, e.created_at as posted_at,
                case e.event when 'saved' then 'pledge.saved' when 'charge_succeeded' then 'pledge.charged' else 'pledge.released' end as kind,
                'pledge:' || e.pledge_id || ':event:' || e.id as key
         from pledge_events e join pledges pl on pl.id = e.pledge_id
         where e.project_id in (select ${pid("g")} from generate_series($1::int, $2::int - 1) g)`,
        `alter table bench_j add column entries text`,
        `update bench_j set entries = case kind
           when 'pledge.saved' then '[["commitment","backer:' || backer_id || '",' || (-a) || '],["commitment","project:' || project_id || '",' || a || ']]'
           when 'pledge.charged' then '[["cash","backer:' || backer_id || '",' || (-a) || '],["cash","project:' || project_id || '",' || a || '],'
                                   || '["commitment","backer:' || backer_id || '",' || a || '],["commitment","project:' || project_id || '",' || (-a) || ']]'
           else '[["commitment","backer:' || backer_id || '",' || a || '],["commitment","project:' || project_id || '",' || (-a) || ']]' end`,
        postStagedPledgeJournals("bench_j"),
      ],
    },
    {
      name: `${s.items.toLocaleString("en")} items`,
      sql: [
        `insert into items (id, owner_id, title, description, category, condition, replacement_value_cents, max_loan_days, audience, neighbourhood_id,
                            pickup_address, status, created_at, updated_at)
         select ${iid("g")}, ${uid(`(g * 31) % ${U} + 1`)},
                (array['Boormachine','Ladder','Partytent','Hogedrukreiniger','Grasmaaier','Steekwagen','Naaimachine','Bakfiets','Tent','Klopboormachine',
                       'Heggenschaar','Decoupeerzaag','Beamer','Kinderzitje','Wafelijzer','Gourmetstel','Aanhanger','Verfspuit','Tegelzaag','Skibox'])[1 + g % 20]
                  || ' ' || (array['Bosch','Makita','Gamma','Einhell','Ryobi','Kärcher','Philips','Tefal','Stanley','Black+Decker'])[1 + (g / 20) % 10],
                'Goed onderhouden, graag schoon terug.',
                (array['tools','garden','party','tools','garden','tools','other','travel','travel','tools','garden','tools','electronics','kids','kitchen','kitchen','travel','tools','tools','travel'])[1 + g % 20],
                (array['as_new','good','fair','worn'])[1 + g % 4], 5000 + (g % 40) * 1000, 7,
                case when g % 3 = 0 then 'everyone' else 'neighbourhood' end, ${hood(`(g * 31) % ${U} + 1`)},
                'Buurtstraat ' || (g % 300 + 1), case when g % 20 = 0 then 'paused' when g % 20 = 1 then 'unlisted' else 'listed' end,
                ${at} - (g % 1000) * interval '1 day' - (g % 1440) * interval '1 minute', ${at}
         from generate_series(1, ${s.items}) g`,
      ],
    },
    {
      name: `${(s.items * s.loansPerItem).toLocaleString("en")} finished loans with their events`,
      bulk: true,
      chunks: { total: s.items, size: Math.ceil(s.items / 5) },
      sql: [
        `create temp table bench_l on commit drop as
         select ${lid(`i.g || '-' || k`)} as id, ${iid("i.g")} as item_id, ${uid(`(i.g * 31) % ${U} + 1`)} as owner_id,
                ${uid(`((i.g * 31) % ${U} + 1 + k * 101) % ${U} + 1`)} as borrower_id,
                (${at} at time zone 'Europe/Amsterdam')::date - (k * 30 + i.g % 20 + 5) as starts_on
         from generate_series(greatest($1::int, 1), $2::int - 1) i(g) cross join generate_series(1, ${s.loansPerItem}) k`,
        `insert into loans (id, item_id, owner_id, borrower_user_id, initiated_by, state, starts_on, ends_on, max_loan_days, expires_at,
                            picked_up_at, returned_at, closed_at, created_at, updated_at)
         select id, item_id, owner_id, borrower_id, 'borrower', 'closed', starts_on, starts_on + 3, 7, starts_on - 1 + time '12:00',
                starts_on + time '10:00', starts_on + 3 + time '18:00', starts_on + 5 + time '18:00', starts_on - 2 + time '09:00', starts_on + 5 + time '18:00'
         from bench_l`,
        `insert into loan_events (loan_id, actor_id, actor_role, kind, from_state, to_state, occurred_at)
         select l.id, case e.role when 'owner' then l.owner_id when 'borrower' then l.borrower_id end, e.role, e.kind, e.from_state, e.to_state, l.starts_on + e.at
         from bench_l l cross join (values
           ('borrower', 'request', null, 'requested', interval '-2 days 9 hours'),
           ('owner', 'accept', 'requested', 'accepted', interval '-2 days 20 hours'),
           ('borrower', 'pick_up', 'accepted', 'picked_up', interval '10 hours'),
           ('owner', 'return', 'picked_up', 'returned', interval '3 days 18 hours'),
           ('system', 'close', 'returned', 'closed', interval '5 days 18 hours')) as e(role, kind, from_state, to_state, at)
         order by l.id, e.at`,
      ],
    },
    {
      name: "notifications (a few per neighbour, in the shapes the demo's have)",
      sql: [
        `insert into notifications (user_id, kind, category, data, in_app, read_at, created_at)
         select ${uid("g")}, n.kind, n.category, n.data, true, case when g % 3 = 0 then null else ${at} end, ${at} - (g % 60) * interval '1 hour'
         from generate_series(1, ${U}) g
         cross join lateral (select kind, category, data from notifications where in_app order by created_at, id limit 4) n`,
      ],
    },
  ];
}

/** Rows the bulk steps wrote that point at nothing (what the skipped foreign-key triggers would have refused). */
export const orphans = `
  select 'users without neighbourhood' as what, count(*) as n from users u where not exists (select 1 from neighbourhoods n where n.id = u.neighbourhood_id)
  union all select 'pledges without project or backer', count(*) from pledges p
    where not exists (select 1 from projects x where x.id = p.project_id) or not exists (select 1 from users u where u.id = p.backer_id)
  union all select 'pledge events without pledge', count(*) from pledge_events e where not exists (select 1 from pledges p where p.id = e.pledge_id)
  union all select 'ledger entries without journal', count(*) from ledger_entries e where not exists (select 1 from ledger_journals j where j.id = e.journal_id)
  union all select 'chain links without journal', count(*) from ledger_chain_links l where not exists (select 1 from ledger_journals j where j.id = l.journal_id)
  union all select 'loans without item, owner or borrower', count(*) from loans l
    where not exists (select 1 from items i where i.id = l.item_id and i.owner_id = l.owner_id) or (l.borrower_user_id is not null and not exists (select 1 from users u where u.id = l.borrower_user_id))
  union all select 'loan events without loan', count(*) from loan_events e where not exists (select 1 from loans l where l.id = e.loan_id)`;

/**
 * The bulk-loaded tables' secondary indexes (not those behind a constraint): dropped before the
 * load and built again after it from their own definitions (`pg_get_indexdef`), as a restore
 * does — building an index once is far cheaper than growing it a row at a time. The unique ones
 * among them check all rows when they are built.
 */
export const BULK_TABLES = ["pledges", "pledge_events", "ledger_journals", "ledger_entries", "loans", "loan_events", "items", "notifications"];
export const secondaryIndexes = `
  select i.indexrelid::regclass::text as name, pg_get_indexdef(i.indexrelid) as definition
  from pg_index i join pg_class t on t.oid = i.indrelid
  where t.relname = any($1) and t.relnamespace = 'public'::regnamespace
    and not exists (select 1 from pg_constraint c where c.conindid = i.indexrelid)
  order by 1`;
