// DuckDB reads every table of a Parquet dataset, finds exactly the rows of the CSV
// dataset of the same seed, and sees the logical types, encodings, codecs, statistics
// and file metadata ecomsim means to write. hyparquet, a second reader written
// independently of DuckDB, reads a file of every table.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { readdirSync, readFileSync } from 'node:fs';
import { parquetReadObjects, parquetMetadata } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { generate, manifest, duckdb } from './helpers.mjs';

const world = ['dense_customers', '--set', 'world.customers=300', '--set', 'world.products=150', '--seed', '11'];
// Small row groups so that files hold several, as large datasets do.
const pq = generate([...world, '--format', 'parquet', '--row-group-rows', '20000']);
const csvData = generate([...world, '--format', 'csv']);
const db = await duckdb();
after(() => { db.close(); pq.cleanup(); csvData.cleanup(); });

const parquet = (table) => `read_parquet('${join(pq.out, table, '*.parquet')}')`;
const tables = manifest(pq.out).files.map((f) => f.table);

// The CSV read with the types DuckDB found in the Parquet file, so that the two can be
// compared row by row.
async function csvAs(table) {
  const cols = await db.all(`DESCRIBE SELECT * FROM ${parquet(table)}`);
  const spec = cols.map((c) => `'${c.column_name}': '${c.column_type}'`).join(', ');
  return `read_csv('${join(csvData.out, table, '*.csv')}', header=true, allow_quoted_nulls=false, columns={${spec}})`;
}

test('the manifest lists one parquet file per table with its row count', async () => {
  const m = manifest(pq.out);
  assert.equal(m.format, 'parquet');
  assert.deepEqual(tables, ['suppliers', 'products', 'campaigns', 'customers', 'customer_history',
    'sessions', 'events', 'orders', 'order_items', 'payments', 'shipments', 'returns',
    'support_tickets', 'abandoned_carts', 'product_updates', 'system_metrics']);
  for (const f of m.files) {
    assert.match(f.path, /^[a-z_]+\/part-00000\.parquet$/);
    const row = await db.one(`SELECT count(*)::BIGINT AS n FROM ${parquet(f.table)}`);
    assert.equal(Number(row.n), f.rows, f.table);
  }
});

test('parquet and csv of the same seed hold exactly the same rows', async () => {
  for (const table of tables) {
    const csv = await csvAs(table);
    const r = await db.one(`SELECT
        (SELECT count(*) FROM (SELECT * FROM ${parquet(table)} EXCEPT ALL SELECT * FROM ${csv}))::BIGINT AS only_parquet,
        (SELECT count(*) FROM (SELECT * FROM ${csv} EXCEPT ALL SELECT * FROM ${parquet(table)}))::BIGINT AS only_csv,
        (SELECT count(*) FROM ${csv})::BIGINT AS csv_rows`);
    assert.equal(Number(r.only_parquet), 0, `${table}: rows only in parquet`);
    assert.equal(Number(r.only_csv), 0, `${table}: rows only in csv`);
    assert.ok(Number(r.csv_rows) > 0, table);
  }
});

test('logical types: timestamps in UTC, decimals, strings, dates as written', async () => {
  const type = async (table) => Object.fromEntries(
    (await db.all(`DESCRIBE SELECT * FROM ${parquet(table)}`)).map((c) => [c.column_name, c.column_type]));
  const events = await type('events');
  assert.equal(events.ts, 'TIMESTAMP WITH TIME ZONE');
  assert.equal(events.price, 'DECIMAL(18,2)');
  assert.equal(events.duration_s, 'DECIMAL(18,3)');
  assert.equal(events.event_type, 'VARCHAR');
  assert.equal(events.event_id, 'BIGINT');
  assert.equal(events.seq, 'INTEGER');
  const sessions = await type('sessions');
  assert.equal(sessions.converted, 'BOOLEAN');
  const customers = await type('customers');
  assert.equal(customers.latitude, 'DOUBLE');
  const schema = await db.all(`SELECT name, logical_type, converted_type, repetition_type
                               FROM parquet_schema('${join(pq.out, 'events', 'part-00000.parquet')}')`);
  const byName = Object.fromEntries(schema.map((s) => [s.name, s]));
  assert.match(byName.ts.logical_type, /TimestampType\(isAdjustedToUTC=1, unit=TimeUnit\(MILLIS=<null>, MICROS=MicroSeconds\(\)/);
  assert.equal(byName.event_id.repetition_type, 'REQUIRED');
  assert.equal(byName.product_id.repetition_type, 'OPTIONAL');
  assert.equal(byName.page_url.converted_type, 'UTF8');
});

test('zstd by default, dictionaries for low-cardinality columns, min/max statistics', async () => {
  const file = join(pq.out, 'events', 'part-00000.parquet');
  const meta = await db.all(`SELECT row_group_id, path_in_schema, compression, encodings,
      stats_min_value, stats_max_value, stats_null_count, num_values
    FROM parquet_metadata('${file}')`);
  assert.ok(new Set(meta.map((m) => m.row_group_id)).size >= 2, 'several row groups');
  for (const m of meta) assert.equal(m.compression, 'ZSTD', m.path_in_schema);
  const col = (name) => meta.filter((m) => m.path_in_schema === name);
  for (const m of col('event_type')) assert.match(m.encodings, /RLE_DICTIONARY/);
  // Statistics agree with the data of the row groups.
  const overall = await db.one(`SELECT min(ts)::VARCHAR AS lo, max(ts)::VARCHAR AS hi,
      count(*) FILTER (product_id IS NULL)::BIGINT AS nulls FROM read_parquet('${file}')`);
  const nullCount = col('product_id').reduce((s, m) => s + Number(m.stats_null_count), 0);
  assert.equal(nullCount, Number(overall.nulls));
  for (const m of col('ts')) {
    assert.ok(m.stats_min_value !== null && m.stats_max_value !== null);
  }
  const kv = await db.all(`SELECT decode(key) AS key, decode(value) AS value FROM parquet_kv_metadata('${file}')`);
  const keys = Object.fromEntries(kv.map((r) => [r.key, r.value]));
  assert.equal(keys['ecomsim.seed'], '11');
  assert.equal(keys['ecomsim.scenario'], 'dense_customers');
  assert.match(keys['ecomsim.scenario_hash'], /^[0-9a-f]{16}$/);
  assert.match(keys['ecomsim.version'], /^\d+\.\d+\.\d+/);
});

test('hyparquet reads a file of every table with the same rows as DuckDB', async () => {
  for (const table of tables) {
    const dir = join(pq.out, table);
    const name = readdirSync(dir).find((f) => f.endsWith('.parquet'));
    const bytes = readFileSync(join(dir, name));
    const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
    const meta = parquetMetadata(file);
    const rows = await parquetReadObjects({ file, compressors });
    assert.equal(rows.length, Number(meta.num_rows), table);
    const key = Object.keys(rows[0])[0];
    const n = await db.one(`SELECT count(*)::BIGINT AS n FROM ${parquet(table)}`);
    assert.equal(rows.length, Number(n.n), table);
    // Integer keys: the smallest agrees (system_metrics is keyed by a timestamp).
    if (typeof rows[0][key] === 'bigint' || typeof rows[0][key] === 'number') {
      const first = await db.one(`SELECT min(${key})::BIGINT AS k FROM ${parquet(table)}`);
      const min = rows.map((r) => BigInt(r[key])).reduce((a, b) => (b < a ? b : a));
      assert.equal(min, BigInt(first.k), `${table}: smallest ${key}`);
    }
  }
});

test('snappy and uncompressed files hold the same rows as zstd', async () => {
  for (const codec of ['snappy', 'none']) {
    const other = generate([...world, '--format', 'parquet', '--compression', codec, '--tables', 'sessions']);
    try {
      const file = join(other.out, 'sessions', 'part-00000.parquet');
      const meta = await db.all(`SELECT DISTINCT compression FROM parquet_metadata('${file}')`);
      assert.deepEqual(meta.map((m) => m.compression), [codec === 'none' ? 'UNCOMPRESSED' : 'SNAPPY']);
      const r = await db.one(`SELECT count(*)::BIGINT AS n FROM (
          SELECT * FROM read_parquet('${file}') EXCEPT ALL SELECT * FROM ${parquet('sessions')})`);
      assert.equal(Number(r.n), 0, codec);
    } finally {
      other.cleanup();
    }
  }
});

test('Hive partitions by day read back as one table with a date column', async () => {
  const parted = generate([...world, '--format', 'parquet', '--partition-by', 'day', '--tables', 'events']);
  try {
    const r = await db.one(`SELECT count(*)::BIGINT AS n,
        count(*) FILTER (epoch_us(ts) // 86400000000 <> date - DATE '1970-01-01')::BIGINT AS wrong_day,
        count(DISTINCT date)::BIGINT AS days
      FROM read_parquet('${join(parted.out, 'events', '*', '*.parquet')}', hive_partitioning = true)`);
    const whole = await db.one(`SELECT count(*)::BIGINT AS n FROM ${parquet('events')}`);
    assert.equal(Number(r.n), Number(whole.n));
    assert.equal(Number(r.wrong_day), 0);
    assert.ok(Number(r.days) >= 30);
  } finally {
    parted.cleanup();
  }
});
