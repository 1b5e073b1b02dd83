// `ecomsim sessionize` with inactivity gaps other than the generator's 60 s (30 s:
// sessions split; 2 minutes: sessions merge) against a reference sessionization computed by DuckDB
// over the Parquet files of `ecomsim generate` (the same world): every column of every
// row of user_sessions, read back from PostgreSQL, equals the reference's, cart_value
// and bounce included. The reference is written from the definitions in the README
// (section "ecomsim sessionize") and session_row.h, in SQL: sessions cut where a person's
// events are `gap` or more apart; the cart followed event by event in a recursive CTE.
//
// Needs the throwaway PostgreSQL of tests/postgres (ECOMSIM_PG_STATE: the directory of
// its server.env) and starts its own `ecomsim broker`, stopped by its pid.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { ECOMSIM, startBroker } from '../kafka/kafka_support.mjs';

const require = createRequire(new URL('../interop/package.json', import.meta.url));
const { DuckDBInstance } = require('@duckdb/node-api');

const PARTITIONS = 8;  // realtime_sessions' events stay below the mock broker's 5 MB per partition
const json = (v) => JSON.stringify(v, (_, x) => (typeof x === 'bigint' ? Number(x) : x), 1);

function postgresUrl() {
  const dir = process.env.ECOMSIM_PG_STATE;
  assert.ok(dir, 'ECOMSIM_PG_STATE: the directory of a running tests/postgres/pg_server.sh server');
  const env = readFileSync(join(dir, 'server.env'), 'utf8');
  const url = /^PG_URL=(.*)$/m.exec(env);
  assert.ok(url, `no PG_URL in ${dir}/server.env`);
  return url[1].trim();
}

const psql = (url, sql) =>
  execFileSync('psql', [url, '-v', 'ON_ERROR_STOP=1', '-qAtc', sql], { encoding: 'utf8' }).trim();

// The columns compared, in the units both sides hold exactly: times in microseconds since
// the epoch, money in cents, durations in milliseconds (the table's seconds have three
// decimals).
const COLUMNS = ['user_key', 'customer_id', 'start_us', 'end_us', 'last_event_us', 'device_type',
                 'page_views', 'products_viewed', 'unique_products_viewed', 'searches',
                 'cart_additions', 'cart_removals', 'cart_value_cents', 'converted',
                 'purchase_value_cents', 'duration_ms', 'avg_time_per_page_ms', 'bounce',
                 'event_count', 'late_events'];

// user_sessions as the job left it, in those units.
const JOB_SQL = (schema) => `
  SELECT user_key, customer_id,
         (extract(epoch FROM start_at) * 1000000)::bigint AS start_us,
         (extract(epoch FROM end_at) * 1000000)::bigint AS end_us,
         (extract(epoch FROM last_event_at) * 1000000)::bigint AS last_event_us,
         device_type::text AS device_type, page_views, products_viewed, unique_products_viewed,
         searches, cart_additions, cart_removals, (cart_value * 100)::bigint AS cart_value_cents,
         converted, (purchase_value * 100)::bigint AS purchase_value_cents,
         (duration_s * 1000)::bigint AS duration_ms,
         (avg_time_per_page_s * 1000)::bigint AS avg_time_per_page_ms, bounce, event_count,
         late_events, session_id
  FROM ${schema}.user_sessions`;

// The reference: the events of the Parquet files cut into sessions by `gap`, with every
// metric of user_sessions.
const REFERENCE_SQL = (events, gap) => `
  WITH RECURSIVE
  e AS (
    SELECT customer_id, ts, event_id, event_type, coalesce(product_id, 0) AS product,
           coalesce(quantity, 0) AS qty, CAST(price * 100 AS BIGINT) AS price_cents, device_type,
           CASE WHEN ts - lag(ts) OVER w < INTERVAL '${gap}' THEN 0 ELSE 1 END AS starts
    FROM read_parquet('${events}')
    WINDOW w AS (PARTITION BY customer_id ORDER BY ts, event_id)),
  s AS (
    SELECT *, sum(starts) OVER (PARTITION BY customer_id ORDER BY ts, event_id
                                ROWS UNBOUNDED PRECEDING) AS k FROM e),
  steps AS (
    SELECT *, row_number() OVER (PARTITION BY customer_id, k ORDER BY ts, event_id) AS i FROM s),
  -- The cart, event by event: lines (product, price when first added, units), the value
  -- of lines the session did not see added (unseen), the cart's value at the last
  -- purchase, whether anything was added since.
  cart AS (
    SELECT customer_id, k, 0::BIGINT AS i,
           []::STRUCT(p BIGINT, c BIGINT, q BIGINT)[] AS lines, 0::BIGINT AS unseen,
           0::BIGINT AS purchased, false AS added
    FROM (SELECT DISTINCT customer_id, k FROM steps)
    UNION ALL
    SELECT c.customer_id, c.k, x.i,
           CASE
             WHEN x.event_type = 'add_to_cart' AND list_contains(list_transform(c.lines, lambda l: l.p), x.product)
               THEN list_transform(c.lines, lambda l: CASE WHEN l.p = x.product
                                                            THEN {'p': l.p, 'c': l.c, 'q': l.q + x.qty}
                                                            ELSE l END)
             WHEN x.event_type = 'add_to_cart'
               THEN list_append(c.lines, {'p': x.product, 'c': coalesce(x.price_cents, 0), 'q': x.qty})
             WHEN x.event_type = 'remove_from_cart' THEN list_filter(c.lines, lambda l: l.p <> x.product)
             WHEN x.event_type = 'purchase' THEN []
             ELSE c.lines
           END,
           CASE
             WHEN x.event_type = 'remove_from_cart' AND x.price_cents IS NOT NULL
                  AND NOT list_contains(list_transform(c.lines, lambda l: l.p), x.product)
               THEN c.unseen - x.price_cents * x.qty
             -- checkout states the cart's value: what its lines do not hold is unseen
             WHEN x.event_type = 'checkout_initiated' AND x.price_cents IS NOT NULL
               THEN x.price_cents - coalesce(list_sum(list_transform(c.lines, lambda l: l.c * l.q)), 0)
             WHEN x.event_type = 'purchase' THEN 0
             ELSE c.unseen
           END,
           CASE WHEN x.event_type = 'purchase'
                THEN c.unseen + coalesce(list_sum(list_transform(c.lines, lambda l: l.c * l.q)), 0)
                ELSE c.purchased END,
           CASE WHEN x.event_type = 'add_to_cart' THEN true
                WHEN x.event_type = 'purchase' THEN false
                ELSE c.added END
    FROM cart c JOIN steps x ON x.customer_id = c.customer_id AND x.k = c.k AND x.i = c.i + 1),
  last_cart AS (
    SELECT customer_id, k, arg_max(unseen + coalesce(list_sum(list_transform(lines, lambda l: l.c * l.q)), 0), i) AS value,
           arg_max(purchased, i) AS purchased, arg_max(added, i) AS added
    FROM cart GROUP BY customer_id, k),
  r AS (
    SELECT customer_id, k, min(ts) AS start_at, max(ts) AS last_event_at,
           arg_max(event_type, i) = 'session_end' AS has_end, arg_min(device_type, i) AS device_type,
           count(*) FILTER (WHERE event_type = 'page_view') AS page_views,
           count(*) FILTER (WHERE event_type = 'product_view') AS products_viewed,
           count(DISTINCT product) FILTER (WHERE event_type = 'product_view' AND product <> 0)
             AS unique_products_viewed,
           count(*) FILTER (WHERE event_type = 'search') AS searches,
           count(*) FILTER (WHERE event_type = 'add_to_cart') AS cart_additions,
           count(*) FILTER (WHERE event_type = 'remove_from_cart') AS cart_removals,
           count(*) FILTER (WHERE event_type IN ('page_view', 'search', 'product_view',
                                                 'remove_from_cart', 'checkout_initiated')) AS pages,
           bool_or(event_type = 'purchase') AS converted,
           coalesce(sum(price_cents) FILTER (WHERE event_type = 'purchase'), 0) AS purchase_value_cents,
           count(*) AS event_count
    FROM steps GROUP BY customer_id, k)
  SELECT r.customer_id::VARCHAR AS user_key, r.customer_id,
         epoch_us(r.start_at) AS start_us,
         CASE WHEN has_end THEN epoch_us(r.last_event_at) END AS end_us,
         epoch_us(r.last_event_at) AS last_event_us, r.device_type, page_views, products_viewed,
         unique_products_viewed, searches, cart_additions, cart_removals,
         CASE WHEN converted AND NOT lc.added THEN lc.purchased ELSE greatest(0, lc.value) END
           AS cart_value_cents,
         converted, purchase_value_cents,
         CASE WHEN has_end THEN (epoch_us(r.last_event_at) - epoch_us(r.start_at)) // 1000 END AS duration_ms,
         CASE WHEN pages > 0 THEN (epoch_us(r.last_event_at) - epoch_us(r.start_at)) // 1000 // pages END
           AS avg_time_per_page_ms,
         has_end AND pages <= 1 AS bounce, event_count, 0 AS late_events
  FROM r JOIN last_cart lc USING (customer_id, k)`;

test('other gaps: user_sessions equals a DuckDB sessionization of the generated events', async (t) => {
  const url = postgresUrl();
  const dir = mkdtempSync(join(tmpdir(), 'ecomsim-sessionize-duckdb-'));
  const { broker, address } = await startBroker(dir, ['--partitions', String(PARTITIONS)]);
  const instance = await DuckDBInstance.create(':memory:');
  const db = await instance.connect();
  const schemas = [];
  t.after(() => {
    process.kill(broker.pid, 'SIGTERM');
    for (const s of schemas) psql(url, `DROP SCHEMA IF EXISTS ${s} CASCADE`);
    rmSync(dir, { recursive: true, force: true });
  });
  const all = async (sql) => (await db.runAndReadAll(sql)).getRowObjectsJS();

  execFileSync(ECOMSIM, ['stream', 'realtime_sessions', '--brokers', address, '--tables', 'events',
                         '--speed', 'max', '-q'], { stdio: ['ignore', 'inherit', 'inherit'] });
  const data = join(dir, 'data');
  execFileSync(ECOMSIM, ['generate', 'realtime_sessions', '--format', 'parquet', '--tables', 'events',
                         '--out', data, '-q'], { stdio: ['ignore', 'inherit', 'inherit'] });
  const events = join(data, 'events', '**', '*.parquet');

  for (const gap of ['30 seconds', '2 minutes']) {
    const flag = gap === '30 seconds' ? '30s' : '2m';
    const schema = `sessionize_duckdb_${flag}_${process.pid}`;
    schemas.push(schema);
    execFileSync(ECOMSIM, ['sessionize', '--brokers', address, '--postgres', url, '--schema', schema,
                           '--group', schema, '--gap', flag, '--until-end', '-q'],
                 { stdio: ['ignore', 'inherit', 'inherit'] });
    const csv = join(dir, `${schema}.csv`);
    const copied = execFileSync('psql', [url, '-v', 'ON_ERROR_STOP=1', '-qc',
                                         `\\copy (${JOB_SQL(schema).replace(/\s+/g, ' ')}) TO '${csv}' CSV HEADER`],
                                { encoding: 'utf8' });
    assert.equal(copied.trim(), '');
    await db.run(`CREATE OR REPLACE TABLE job AS SELECT * FROM read_csv('${csv}', header = true, types = {'user_key': 'VARCHAR', 'device_type': 'VARCHAR', 'converted': 'BOOLEAN', 'bounce': 'BOOLEAN'})`);
    await db.run(`CREATE OR REPLACE TABLE ref AS ${REFERENCE_SQL(events, gap)}`);

    // The job's own key: a hash of the person and the start, one per row.
    const ids = (await all('SELECT count(*) AS n, count(DISTINCT session_id) AS d FROM job'))[0];
    assert.equal(ids.d, ids.n);

    const differ = COLUMNS.map((c) => `j.${c} IS DISTINCT FROM r.${c}`).join(' OR ');
    const [counts] = await all(`
      SELECT count(*) FILTER (WHERE j.user_key IS NULL) AS only_reference,
             count(*) FILTER (WHERE r.user_key IS NULL) AS only_job,
             count(*) FILTER (WHERE j.user_key IS NOT NULL AND r.user_key IS NOT NULL AND (${differ})) AS differing,
             count(*) AS sessions
      FROM job j FULL JOIN ref r ON j.user_key = r.user_key AND j.start_us = r.start_us`);
    if (counts.only_reference + counts.only_job + counts.differing > 0) {
      const sample = await all(`
        SELECT j.*, r.*, r.start_us - j.start_us AS off FROM job j FULL JOIN ref r ON j.user_key = r.user_key AND j.start_us = r.start_us
        WHERE j.user_key IS NULL OR r.user_key IS NULL OR ${differ} LIMIT 3`);
      assert.fail(`${gap}: ${json(counts)}\n${json(sample)}`);
    }
    // What was compared is not trivial: carts bought and left, bounces, sessions the
    // window cut (no session_end), unique products.
    const [kinds] = await all(`
      SELECT count(*) AS n,
             count(*) FILTER (WHERE converted) AS converted,
             count(*) FILTER (WHERE NOT converted AND cart_value_cents > 0) AS carts_left,
             count(*) FILTER (WHERE converted AND cart_value_cents > 0) AS carts_bought,
             count(*) FILTER (WHERE bounce) AS bounces,
             count(*) FILTER (WHERE end_us IS NULL) AS unended
      FROM ref`);
    for (const [what, n] of Object.entries(kinds)) assert.ok(n > 20, `${gap}: only ${n} ${what}`);
    t.diagnostic(`${gap}: ${counts.sessions} sessions equal (${json(kinds)})`);
  }
  // The two gaps cut differently: the 30 s sessions outnumber the 2 minute ones.
  const [n30, n2] = await Promise.all(schemas.map((s) => psql(url, `SELECT count(*) FROM ${s}.user_sessions`)));
  assert.ok(Number(n30) > Number(n2), `${n30} sessions with 30 s, ${n2} with 2 minutes`);
  db.closeSync?.();
  instance.closeSync?.();
});
