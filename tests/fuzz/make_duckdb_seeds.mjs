// Small Parquet seeds for the parquet fuzz target from DuckDB, an independent writer:
// 20 rows of the columns of the target's "typed" table (fuzz_support.cc), in format
// versions 1 and 2 (data pages v2, DELTA_BINARY_PACKED, DELTA_BYTE_ARRAY,
// DELTA_LENGTH_BYTE_ARRAY, BYTE_STREAM_SPLIT), uncompressed, snappy and zstd, in row
// groups of 8 rows. Run by make_corpus.sh from tests/interop: node make_duckdb_seeds.mjs DIR
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(path.join(process.cwd(), 'package.json'));
const { DuckDBInstance } = require('@duckdb/node-api');

const out = process.argv[2];
const instance = await DuckDBInstance.create(':memory:');
const con = await instance.connect();
await con.run(`SET TimeZone = 'UTC'`);
const rows = `SELECT i::BIGINT AS id,
  CASE WHEN i % 3 = 1 THEN NULL ELSE 'name ' || (i % 5) END AS name,
  CASE WHEN i % 5 = 2 THEN NULL ELSE (i * 1.25)::DECIMAL(18,2) END AS amount,
  TIMESTAMPTZ '2024-08-01 00:00:00+00' + to_microseconds(i * 1000003) AS at,
  DATE '2024-08-01' + (i % 4)::INTEGER AS day,
  (i % 2 = 0) AS flag,
  CASE WHEN i % 7 = 3 THEN NULL ELSE i / 8.0 END::DOUBLE AS ratio,
  (i % 10 - 5)::INTEGER AS small,
  '/p/' || (i * 7919 % 1003) AS url,
  CASE WHEN i % 4 = 0 THEN NULL ELSE ['web', 'app', 'store'][1 + i % 3] END AS kind
  FROM range(0, 20) t(i)`;
for (const version of ['V1', 'V2']) {
  for (const codec of ['uncompressed', 'snappy', 'zstd']) {
    const file = path.join(out, `duckdb_${version.toLowerCase()}_${codec}.parquet`);
    await con.run(`COPY (${rows}) TO '${file}'
                   (FORMAT parquet, COMPRESSION ${codec}, PARQUET_VERSION ${version},
                    ROW_GROUP_SIZE 8)`);
  }
}
