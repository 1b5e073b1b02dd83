// Writes the Parquet files of this folder with DuckDB, an independent writer, for
// parquet_interop_test.cc: the same rows as Parquet 1 (data pages v1, PLAIN and
// dictionary encodings) and Parquet 2 (data pages v2, DELTA_BINARY_PACKED,
// DELTA_BYTE_ARRAY / DELTA_LENGTH_BYTE_ARRAY, BYTE_STREAM_SPLIT). Run from tests/interop
// (where @duckdb/node-api is installed), then commit the files:
//
//   cd tests/interop && node ../sources/testdata/make_duckdb_fixtures.mjs
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

// Resolve DuckDB from the working directory (tests/interop), not from this file's folder.
const require = createRequire(path.join(process.cwd(), 'package.json'));
const { DuckDBInstance } = require('@duckdb/node-api');

const here = path.dirname(fileURLToPath(import.meta.url));
const instance = await DuckDBInstance.create(':memory:');
const con = await instance.connect();
await con.run(`SET TimeZone = 'UTC'`);
// Keep the formulas in step with ExpectedRow() in parquet_interop_test.cc.
const rows = `SELECT i::BIGINT AS id,
  CASE WHEN i % 3 = 1 THEN NULL ELSE 'name ' || (i % 17) END AS name,
  CASE WHEN i % 5 = 2 THEN NULL ELSE (i * 1.25)::DECIMAL(18,2) END AS amount,
  TIMESTAMPTZ '2024-08-01 00:00:00+00' + to_microseconds(i * 1000003) AS at,
  DATE '2024-08-01' + (i % 40)::INTEGER AS day,
  (i % 2 = 0) AS flag,
  CASE WHEN i % 7 = 3 THEN NULL ELSE i / 8.0 END::DOUBLE AS ratio,
  (i % 1000 - 500)::INTEGER AS small,
  '/product/' || (i * 7919 % 100003) AS url
  FROM range(0, 5000) t(i)`;
for (const version of ['V1', 'V2']) {
  const file = path.join(here, `duckdb_${version.toLowerCase()}.parquet`);
  await con.run(`COPY (${rows}) TO '${file}'
                 (FORMAT parquet, COMPRESSION zstd, PARQUET_VERSION ${version}, ROW_GROUP_SIZE 2048)`);
  const meta = await con.runAndReadAll(
    `SELECT path_in_schema, encodings FROM parquet_metadata('${file}') WHERE row_group_id = 0`);
  console.log(version, meta.getRowObjects().map((r) => `${r.path_in_schema}: ${r.encodings}`).join(', '));
}
