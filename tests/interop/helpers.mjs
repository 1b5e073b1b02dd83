// Shared helpers of the interop tests: run the ecomsim binary, open DuckDB.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';

export const ECOMSIM = process.env.ECOMSIM_BIN ?? new URL('../../build/release/ecomsim', import.meta.url).pathname;

// Generates a dataset into a fresh temp dir and returns its path. Extra args go to
// `ecomsim generate`.
export function generate(args) {
  const root = mkdtempSync(join(tmpdir(), 'ecomsim-interop-'));
  const out = join(root, 'data');
  execFileSync(ECOMSIM, ['generate', ...args, '--out', out, '--quiet'], { stdio: ['ignore', 'inherit', 'inherit'] });
  return { out, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}

export function manifest(dir) {
  return JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
}

export async function duckdb() {
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  return {
    // All rows as plain JS objects.
    async all(sql) {
      const reader = await conn.runAndReadAll(sql);
      return reader.getRowObjectsJS();
    },
    async one(sql) {
      return (await this.all(sql))[0];
    },
    close() {
      conn.closeSync?.();
      instance.closeSync?.();
    },
  };
}
