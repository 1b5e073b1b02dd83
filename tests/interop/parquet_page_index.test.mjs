// The page index of an events file, read by hyparquet's own index readers: every column
// chunk's OffsetIndex points at its data pages (page headers decoded here with
// hyparquet's Thrift reader, CRCs checked with a CRC-32 written here), and the ColumnIndex of
// `ts` gives per-page bounds inside the file's bounds (as DuckDB computes them) and
// equal to the bounds of each page's rows; the sort key's pages come in ascending order.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { parquetMetadata, readColumnIndex, readOffsetIndex } from 'hyparquet';
import { deserializeTCompactProtocol } from 'hyparquet/src/thrift.js';
import { generate, duckdb } from './helpers.mjs';

// CRC-32 (gzip's: reflected polynomial 0xEDB88320), bit by bit: independent of the
// writer's table code, and of node:zlib's crc32, which Debian 12's Node.js 18 lacks.
function crc32(bytes) {
  let c = 0xffffffff;
  for (const b of bytes) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  }
  return (c ^ 0xffffffff) >>> 0;
}

const world = ['dense_customers', '--set', 'world.customers=300', '--set', 'world.products=150', '--seed', '11'];
// One row group of all events: ts spans several 1 MiB pages.
const pq = generate([...world, '--format', 'parquet', '--tables', 'events']);
const path = join(pq.out, 'events', 'part-00000.parquet');
const bytes = readFileSync(path);
const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
const meta = parquetMetadata(file);
const db = await duckdb();
after(() => { db.close(); pq.cleanup(); });

const at = (offset) => ({ view: new DataView(file), offset: Number(offset) });
const leaf = (name) => meta.schema.find((e) => e.name === name);
const DATA_PAGE = 'DATA_PAGE';

test('every chunk has an OffsetIndex locating its data pages', () => {
  let pages = 0;
  for (const group of meta.row_groups) {
    for (const chunk of group.columns) {
      const m = chunk.meta_data;
      const name = m.path_in_schema.join('.');
      assert.ok(chunk.offset_index_offset !== undefined, `${name}: no offset index`);
      const reader = at(chunk.offset_index_offset);
      const index = readOffsetIndex(reader);
      assert.equal(reader.offset - Number(chunk.offset_index_offset), chunk.offset_index_length, name);
      const locations = index.page_locations;
      const dataPages = m.encoding_stats.filter((s) => s.page_type === DATA_PAGE)
        .reduce((n, s) => n + s.count, 0);
      assert.equal(locations.length, dataPages, `${name}: one location per data page`);
      assert.equal(Number(locations[0].offset), Number(m.data_page_offset), name);
      assert.equal(Number(locations[0].first_row_index), 0, name);
      let rows = 0n;
      for (let p = 0; p < locations.length; p++) {
        const loc = locations[p];
        const header = at(loc.offset);
        const h = deserializeTCompactProtocol(header);
        const headerSize = header.offset - Number(loc.offset);
        assert.equal(h.field_1, 0, `${name} page ${p}: a DATA_PAGE header`);
        assert.equal(headerSize + h.field_3, loc.compressed_page_size, `${name} page ${p}: size`);
        const body = bytes.subarray(header.offset, header.offset + h.field_3);
        assert.equal(h.field_4 >>> 0, crc32(body), `${name} page ${p}: CRC-32`);
        assert.equal(BigInt(loc.first_row_index), rows, `${name} page ${p}: first row`);
        rows += BigInt(h.field_5.field_1);
        if (p + 1 < locations.length) {
          assert.equal(Number(loc.offset) + loc.compressed_page_size, Number(locations[p + 1].offset), name);
        }
      }
      assert.equal(rows, BigInt(group.num_rows), `${name}: the pages hold the row group`);
      pages += locations.length;
    }
  }
  assert.ok(pages > meta.row_groups[0].columns.length, 'some chunk has several pages');
});

// The order of min_values and max_values from page to page, as the format defines it.
function boundaryOrder(index) {
  let up = true;
  let down = true;
  for (let p = 1; p < index.min_values.length; p++) {
    const [a, b] = [index.min_values[p - 1], index.min_values[p]];
    const [c, d] = [index.max_values[p - 1], index.max_values[p]];
    up &&= a <= b && c <= d;
    down &&= a >= b && c >= d;
  }
  return up ? 'ASCENDING' : down ? 'DESCENDING' : 'UNORDERED';
}

function columnIndex(name) {
  const chunk = meta.row_groups[0].columns.find((c) => c.meta_data.path_in_schema[0] === name);
  const reader = at(chunk.column_index_offset);
  // Microseconds as bigints, not Dates.
  const index = readColumnIndex(reader, leaf(name), { timestampFromMicroseconds: (us) => us });
  assert.equal(reader.offset - Number(chunk.column_index_offset), chunk.column_index_length, name);
  return index;
}

test('the ColumnIndex of ts: per-page bounds within the file, in the order they say', async () => {
  const index = columnIndex('ts');
  const pages = index.null_pages.length;
  assert.ok(pages >= 2, `ts spans ${pages} pages`);
  // Events are stored in event_id order (customer by customer), so the pages of ts each
  // span most of the month: the honest order is whatever the bounds say.
  assert.equal(index.boundary_order, boundaryOrder(index));
  assert.deepEqual(index.null_pages, new Array(pages).fill(false));
  assert.deepEqual(index.null_counts.map(Number), new Array(pages).fill(0));
  const f = await db.one(`SELECT epoch_us(min(ts))::BIGINT AS lo, epoch_us(max(ts))::BIGINT AS hi
                          FROM read_parquet('${path}')`);
  const lo = BigInt(f.lo);
  const hi = BigInt(f.hi);
  assert.equal(index.min_values.reduce((a, b) => (b < a ? b : a)), lo, 'the smallest page minimum');
  assert.equal(index.max_values.reduce((a, b) => (b > a ? b : a)), hi, 'the largest page maximum');
  for (let p = 0; p < pages; p++) {
    assert.ok(lo <= index.min_values[p] && index.min_values[p] <= index.max_values[p] &&
              index.max_values[p] <= hi, `page ${p} within the file's bounds`);
  }
});

test('the ColumnIndex of event_id, the sort key: pages ascending', () => {
  const index = columnIndex('event_id');
  const pages = index.null_pages.length;
  assert.ok(pages >= 2, `event_id spans ${pages} pages`);
  assert.equal(index.boundary_order, 'ASCENDING');
  for (let p = 1; p < pages; p++) assert.ok(index.max_values[p - 1] < index.min_values[p], `page ${p}`);
});

test('DuckDB reads the pages the ColumnIndex describes: per-page bounds are the real ones', async () => {
  // The rows of each page, by first_row_index, have exactly the page's min and max.
  const chunk = meta.row_groups[0].columns.find((c) => c.meta_data.path_in_schema[0] === 'ts');
  const index = readColumnIndex(at(chunk.column_index_offset), leaf('ts'),
    { timestampFromMicroseconds: (us) => us });
  const locations = readOffsetIndex(at(chunk.offset_index_offset)).page_locations;
  const rows = Number(meta.row_groups[0].num_rows);
  for (let p = 0; p < locations.length; p++) {
    const first = Number(locations[p].first_row_index);
    const end = p + 1 < locations.length ? Number(locations[p + 1].first_row_index) : rows;
    const r = await db.one(`SELECT epoch_us(min(ts))::BIGINT AS lo, epoch_us(max(ts))::BIGINT AS hi
        FROM read_parquet('${path}', file_row_number=true)
        WHERE file_row_number >= ${first} AND file_row_number < ${end}`);
    assert.equal(BigInt(r.lo), index.min_values[p], `page ${p}: min`);
    assert.equal(BigInt(r.hi), index.max_values[p], `page ${p}: max`);
  }
});
