// The hard cases, written by our Parquet writer (tests/parquet/edge_case_files.cc) and
// read back by DuckDB and hyparquet: every value must come back exactly.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parquetReadObjects } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { duckdb } from './helpers.mjs';

const BIN = process.env.EDGE_CASE_FILES_BIN ??
  new URL('../../build/release/tests/parquet/edge_case_files', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'ecomsim-edge-'));
const expected = execFileSync(BIN, [dir], { encoding: 'utf8', maxBuffer: 64 << 20 })
  .trim().split('\n').map((line) => JSON.parse(line));
const db = await duckdb();
after(() => { db.close(); rmSync(dir, { recursive: true, force: true }); });

const file = join(dir, 'edge.parquet');

test('DuckDB reads every hard value back exactly, in order', async () => {
  const rows = await db.all(`SELECT id::VARCHAR AS id, small::VARCHAR AS small, text, kind,
      amount::VARCHAR AS amount, ratio, flag, epoch_us("at")::VARCHAR AS "at",
      (day - DATE '1970-01-01')::VARCHAR AS day, nothing, unique_text
    FROM read_parquet('${file}')`);
  assert.equal(rows.length, expected.length);
  for (let i = 0; i < rows.length; ++i) {
    const got = rows[i];
    const want = expected[i];
    for (const key of ['id', 'small', 'text', 'kind', 'amount', 'flag', 'at', 'day', 'nothing', 'unique_text']) {
      assert.deepEqual(got[key], want[key], `row ${i}, ${key}`);
    }
    if (want.ratio === null) assert.equal(got.ratio, null, `row ${i}, ratio`);
    else assert.equal(got.ratio, Number(want.ratio), `row ${i}, ratio`);
  }
});

test('DuckDB sees the types, the all-null column and the dictionary fallback', async () => {
  const types = Object.fromEntries((await db.all(`DESCRIBE SELECT * FROM read_parquet('${file}')`))
    .map((c) => [c.column_name, c.column_type]));
  assert.deepEqual(types, {
    id: 'BIGINT', small: 'INTEGER', text: 'VARCHAR', kind: 'VARCHAR', amount: 'DECIMAL(18,2)',
    ratio: 'DOUBLE', flag: 'BOOLEAN', at: 'TIMESTAMP WITH TIME ZONE', day: 'DATE',
    nothing: 'VARCHAR', unique_text: 'VARCHAR',
  });
  const meta = await db.all(`SELECT path_in_schema AS col, encodings, stats_null_count AS nulls, num_values
    FROM parquet_metadata('${file}')`);
  assert.equal(new Set(meta.map((m) => m.num_values)).size, 2, 'row groups of 2000, 2000 and 1000');
  for (const m of meta.filter((m) => m.col === 'nothing')) assert.equal(Number(m.nulls), Number(m.num_values));
  for (const m of meta.filter((m) => m.col === 'kind')) assert.match(m.encodings, /RLE_DICTIONARY/);
  for (const m of meta.filter((m) => m.col === 'unique_text')) {
    assert.doesNotMatch(m.encodings, /DICTIONARY/, 'a dictionary that overflows falls back to PLAIN');
  }
});

test('an empty table is a valid file with its schema', async () => {
  const empty = join(dir, 'empty.parquet');
  const n = await db.one(`SELECT count(*)::BIGINT AS n FROM read_parquet('${empty}')`);
  assert.equal(Number(n.n), 0);
  const cols = await db.all(`DESCRIBE SELECT * FROM read_parquet('${empty}')`);
  assert.equal(cols.length, 11);
});

test('hyparquet reads the same strings, nulls, ids and flags', async () => {
  const bytes = readFileSync(file);
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  const rows = await parquetReadObjects({ file: buffer, compressors });
  assert.equal(rows.length, expected.length);
  for (let i = 0; i < rows.length; ++i) {
    const got = rows[i];
    const want = expected[i];
    assert.equal(String(got.id), want.id, `row ${i}, id`);
    assert.equal(got.text ?? null, want.text, `row ${i}, text`);
    assert.equal(got.kind ?? null, want.kind, `row ${i}, kind`);
    assert.equal(got.flag ?? null, want.flag, `row ${i}, flag`);
    assert.equal(got.nothing ?? null, null, `row ${i}, nothing`);
    assert.equal(got.unique_text, want.unique_text, `row ${i}, unique_text`);
  }
});
