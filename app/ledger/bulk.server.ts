/**
 * The ledger's bulk loader (issue 17's benchmark city, scripts/bench-seed.ts): the set-based SQL that
 * writes journals and seals them, kept here because only app/ledger/ writes ledger rows
 * (app/ledger/boundaries.test.ts). It writes what postJournal and sealLedger would — the digest over
 * journalDigestInput's canonical text (ledger.ts), the links as chain.ts computes them — and
 * `npm run ledger:verify` checks every row it writes. For seeding a benchmark database only: the app
 * itself posts through postJournal.
 */

/** JS Date.toISOString() of a timestamptz (digests and links are over this text). */
const iso = (t: string) => `to_char((${t}) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
const sha = (t: string) => `encode(sha256(convert_to(${t}, 'UTF8')), 'hex')`;

/**
 * Posts one journal per row of a staging table of pledge events — columns event_id, pledge_id,
 * project_id, backer_id, a (cents), posted_at (whole milliseconds), kind (pledge.saved, pledge.charged
 * or pledge.released), key (the idempotency key) and entries (the digest's entries text, sorted as
 * journalDigestInput sorts them) — with the entries app/pledges/pledge-ledger.ts derives for them.
 */
export function postStagedPledgeJournals(staging: string): string {
  return `with j as (
           insert into ledger_journals (kind, memo, refs, idempotency_key, digest, posted_at)
           select kind, '', jsonb_build_object('pledgeId', pledge_id::text, 'projectId', project_id::text, 'userId', backer_id::text), key,
                  ${sha(`'["' || kind || '","","' || key || '","' || ${iso("posted_at")} || '",[["pledgeId","' || pledge_id || '"],["projectId","' || project_id || '"],["userId","' || backer_id || '"]],null,' || entries || ']'`)},
                  posted_at
           from ${staging} order by event_id
           returning id, idempotency_key)
         insert into ledger_entries (journal_id, book, account, amount_cents)
         select j.id, e.book, e.account, e.amount
         from j join ${staging} b on b.key = j.idempotency_key
         cross join lateral (values
           ('commitment', 'backer:' || b.backer_id, case b.kind when 'pledge.saved' then -b.a else b.a end),
           ('commitment', 'project:' || b.project_id, case b.kind when 'pledge.saved' then b.a else -b.a end),
           ('cash', 'backer:' || b.backer_id, -b.a),
           ('cash', 'project:' || b.project_id, b.a)) as e(book, account, amount)
         where e.book = 'commitment' or b.kind = 'pledge.charged'`;
}

/**
 * Seals every journal not yet in a chain, set-based: each chain's links in journal-id order after its
 * current head, `hash = sha256(prev + "\n" + linkInput)` as app/ledger/chain.ts computes it
 * (entries sorted as publicEntries sorts them, people's ids as `kind:*`).
 */
export function sealSql(): string[] {
  const GENESIS = "0".repeat(64);
  return [
    `set local session_replication_role = replica`,
    `create temp table bench_heads on commit drop as
     select distinct on (chain) chain, seq, hash from ledger_chain_links order by chain, seq desc`,
    `create temp table bench_seal on commit drop as
     with todo as (
       select j.id, j.kind, j.posted_at, j.digest,
              case when j.refs ? 'projectId' then 'project:' || (j.refs->>'projectId') when j.refs ? 'loanId' then 'loan:' || (j.refs->>'loanId') else 'platform' end as chain
       from ledger_journals j where not exists (select 1 from ledger_chain_links l where l.journal_id = j.id)),
     public_entries as (
       select e.journal_id,
              '[' || string_agg('["' || e.book || '","' || e.account_public || '",' || e.amount_cents || ']', ',' order by e.book collate "C", e.account_public collate "C", e.amount_cents) || ']' as entries
       from (select journal_id, book, amount_cents,
                    case when split_part(account, ':', 1) in ('backer','borrower','lender','organisation') then split_part(account, ':', 1) || ':*' else account end as account_public
             from ledger_entries where journal_id in (select id from todo)) e
       group by e.journal_id)
     select t.id as journal_id, t.chain, coalesce(h.seq, 0) + row_number() over (partition by t.chain order by t.id) as seq,
            t.kind, t.posted_at, t.digest, p.entries
     from todo t join public_entries p on p.journal_id = t.id left join bench_heads h on h.chain = t.chain`,
    `create index on bench_seal (chain, seq)`,
    `analyze bench_seal`,
    `set local enable_hashjoin = off`,
    `set local enable_mergejoin = off`,
    `create temp table bench_links on commit drop as
     with recursive heads as (select * from bench_heads),
     r(journal_id, chain, seq, prev_hash, hash) as (
       select s.journal_id, s.chain, s.seq, coalesce(h.hash, '${GENESIS}'),
              ${sha(`coalesce(h.hash, '${GENESIS}') || E'\\n' || '["' || s.chain || '",' || s.seq || ',"' || s.kind || '","' || ${iso("s.posted_at")} || '",' || s.entries || ',"' || s.digest || '"]'`)}
       from bench_seal s left join heads h on h.chain = s.chain
       where s.seq = coalesce(h.seq, 0) + 1
       union all
       select s.journal_id, s.chain, s.seq, r.hash,
              ${sha(`r.hash || E'\\n' || '["' || s.chain || '",' || s.seq || ',"' || s.kind || '","' || ${iso("s.posted_at")} || '",' || s.entries || ',"' || s.digest || '"]'`)}
       from r join bench_seal s on s.chain = r.chain and s.seq = r.seq + 1)
     select * from r`,
    `insert into ledger_chain_links (journal_id, chain, seq, prev_hash, hash)
     select journal_id, chain, seq, prev_hash, hash from bench_links order by seq, chain`,
  ];
}
