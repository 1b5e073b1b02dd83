// The reference run of the Parquet benchmark: DuckDB (from the npm registry, installed
// under tests/interop by `scripts/deps.sh --test`) loads the rows of a Parquet file
// that ecomsim wrote into memory, then writes them again with its own Parquet writer,
// zstd, on one thread. Prints one JSON line: rows, DuckDB's write seconds and bytes.
//
//   node bench/duckdb_reference.mjs FILE.parquet OUT.parquet
import { createRequire } from 'node:module';
import { statSync, rmSync } from 'node:fs';

const require = createRequire(new URL('../tests/interop/package.json', import.meta.url));
const { DuckDBInstance } = require('@duckdb/node-api');

const [input, output] = process.argv.slice(2);
const instance = await DuckDBInstance.create(':memory:');
const conn = await instance.connect();
await conn.run('SET threads = 1');
await conn.run(`CREATE TABLE t AS SELECT * FROM read_parquet('${input}')`);
const rows = Number((await conn.runAndReadAll('SELECT count(*) AS n FROM t')).getRowObjectsJS()[0].n);
const started = process.hrtime.bigint();
await conn.run(`COPY t TO '${output}' (FORMAT parquet, COMPRESSION zstd)`);
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
const bytes = statSync(output).size;
rmSync(output);
console.log(JSON.stringify({ rows, seconds, bytes }));
