// DuckDB reads every table of a CSV dataset: row counts equal the manifest, types are
// detected as written, and the relationships between tables hold in SQL.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { generate, manifest, duckdb } from './helpers.mjs';

const dataset = generate(['baseline', '--format', 'csv', '--set', 'world.customers=400', '--set', 'world.products=200', '--seed', '7']);
const db = await duckdb();
after(() => { db.close(); dataset.cleanup(); });

const csv = (table) => `read_csv('${join(dataset.out, table, '*.csv')}', header=true)`;

test('every table is read with the manifest row count', async () => {
  const m = manifest(dataset.out);
  assert.equal(m.files.length, 16);
  for (const f of m.files) {
    const row = await db.one(`SELECT count(*)::BIGINT AS n FROM ${csv(f.table)}`);
    assert.equal(Number(row.n), f.rows, f.table);
    assert.ok(f.rows > 0, f.table);
  }
});

test('timestamps, decimals and booleans are detected with their types', async () => {
  const cols = await db.all(`DESCRIBE SELECT * FROM ${csv('events')}`);
  const type = Object.fromEntries(cols.map((c) => [c.column_name, c.column_type]));
  assert.match(type.ts, /TIMESTAMP/);
  assert.match(type.price, /DOUBLE|DECIMAL/);
  assert.equal(type.event_type, 'VARCHAR');
  const s = await db.all(`DESCRIBE SELECT * FROM ${csv('sessions')}`);
  const st = Object.fromEntries(s.map((c) => [c.column_name, c.column_type]));
  assert.equal(st.converted, 'BOOLEAN');
  assert.match(st.start_at, /TIMESTAMP/);
});

test('no orphan keys between events, sessions, customers and products', async () => {
  const orphans = await db.one(`
    SELECT
      (SELECT count(*) FROM ${csv('events')} e ANTI JOIN ${csv('sessions')} s USING (session_id))::BIGINT AS events_without_session,
      (SELECT count(*) FROM ${csv('sessions')} s ANTI JOIN ${csv('customers')} c USING (customer_id) WHERE s.customer_id IS NOT NULL)::BIGINT AS sessions_without_customer,
      (SELECT count(*) FROM ${csv('events')} e WHERE product_id IS NOT NULL AND product_id NOT IN (SELECT product_id FROM ${csv('products')}))::BIGINT AS events_without_product,
      (SELECT count(*) FROM ${csv('products')} p ANTI JOIN ${csv('suppliers')} s USING (supplier_id))::BIGINT AS products_without_supplier`);
  for (const [k, v] of Object.entries(orphans)) assert.equal(Number(v), 0, k);
});

test('keys are unique and nothing happens before registration', async () => {
  const r = await db.one(`
    SELECT
      (SELECT count(*) - count(DISTINCT event_id) FROM ${csv('events')})::BIGINT AS dup_events,
      (SELECT count(*) - count(DISTINCT email) FROM ${csv('customers')})::BIGINT AS dup_emails,
      (SELECT count(*) FROM ${csv('events')} e JOIN ${csv('customers')} c USING (customer_id) WHERE e.ts < c.registered_at)::BIGINT AS before_registration`);
  for (const [k, v] of Object.entries(r)) assert.equal(Number(v), 0, k);
});

test('session aggregates agree with their events', async () => {
  const r = await db.one(`
    WITH agg AS (
      SELECT session_id,
             count(*) FILTER (event_type = 'page_view') AS page_views,
             count(*) FILTER (event_type = 'purchase') AS purchases,
             min(ts) AS first_ts, max(ts) AS last_ts, count(*) AS n
      FROM ${csv('events')} GROUP BY session_id)
    SELECT count(*)::BIGINT AS mismatches FROM ${csv('sessions')} s JOIN agg USING (session_id)
    WHERE s.page_views <> agg.page_views OR s.converted <> (agg.purchases > 0)
       OR s.start_at <> agg.first_ts OR s.end_at <> agg.last_ts OR s.event_count <> agg.n`);
  assert.equal(Number(r.mismatches), 0);
});
