// An independent client reads what KafkaSink sends: kafkajs (a JavaScript implementation
// of the Kafka protocol, from the npm registry) consumes the test stream from
// `ecomsim broker` as a consumer group and checks every message: key, timestamp,
// headers, value, and the order within each partition. The test starts its own broker
// and stops it by its pid. kafkajs is installed with the interop packages
// (tests/interop/package.json, `scripts/deps.sh --test`).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { startBroker } from './kafka_support.mjs';

const require = createRequire(new URL('../interop/package.json', import.meta.url));
const { Kafka, logLevel } = require('kafkajs');

const SEND = process.env.SEND_MESSAGES_BIN ??
  new URL('../../build/release/tests/kafka/send_messages', import.meta.url).pathname;

// The test stream of tests/kafka/synthetic_stream.h, message i.
const TABLES = ['events', 'orders', 'payments', 'products'];
const KEYS = 40;
const BASE_MS = 1722470400000;
function expected(i) {
  const table = TABLES[i % TABLES.length];
  const key = `k${(i * 7919) % KEYS}`;
  const pad = 'x'.repeat((i % 64) * 3);
  return { table, key, ts: String(BASE_MS + i), value: `{"i":${i},"table":"${table}","key":"${key}","pad":"${pad}"}` };
}

test('a kafkajs consumer group reads every message as KafkaSink sent it', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'ecomsim-kafkajs-'));
  const { broker, address } = await startBroker(dir, ['--brokers', '1', '--partitions', '3']);
  t.after(() => {
    process.kill(broker.pid, 'SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  });
  const count = 3000;
  const out = execFileSync(SEND, ['--brokers', address, '--count', String(count), '--keys', String(KEYS)],
                           { encoding: 'utf8' });
  assert.match(out, new RegExp(`produced ${count} delivered ${count}`));

  const kafka = new Kafka({ clientId: 'ecomsim-interop', brokers: address.split(','), logLevel: logLevel.NOTHING });
  const consumer = kafka.consumer({ groupId: `ecomsim-interop-${process.pid}` });
  await consumer.connect();
  await consumer.subscribe({ topics: TABLES.map((t) => `ecomsim.${t}`), fromBeginning: true });
  const got = [];
  let allIn;
  const done = new Promise((resolve) => { allIn = resolve; });
  await consumer.run({
    eachMessage: async ({ topic, partition, message }) => {
      got.push({ topic, partition, message });
      if (got.length === count) allIn();
    },
  });
  let timer;
  await Promise.race([done, new Promise((resolve) => { timer = setTimeout(resolve, 60000); })]);
  clearTimeout(timer);
  await consumer.disconnect();
  assert.equal(got.length, count, 'messages consumed within 60 s');

  const seen = new Set();
  const partitionOfKey = new Map();
  const last = new Map();  // topic/partition -> { offset, i, seq }
  for (const { topic, partition, message } of got) {
    const value = message.value.toString();
    const i = JSON.parse(value).i;
    const want = expected(i);
    assert.equal(topic, `ecomsim.${want.table}`);
    assert.equal(message.key.toString(), want.key);
    assert.equal(message.timestamp, want.ts);
    assert.equal(value, want.value);
    const h = Object.fromEntries(Object.entries(message.headers).map(([k, v]) => [k, v.toString()]));
    assert.equal(h.table, want.table);
    assert.equal(h.schema_version, '1');
    assert.equal(h.seed, '42');
    assert.equal(h.scenario_hash, '0123456789abcdef');
    assert.equal(h.shard, '1/1');
    assert.match(h.ecomsim_version, /^\d+\.\d+\.\d+/);
    assert.ok(!seen.has(i), `message ${i} twice`);
    seen.add(i);

    const where = `${topic}/${partition}`;
    const before = last.get(where) ?? { offset: -1n, i: -1, seq: -1 };
    assert.ok(BigInt(message.offset) > before.offset, `${where}: offsets in order`);
    assert.ok(i > before.i, `${where}: message ${i} after ${before.i}`);
    assert.equal(Number(h.seq), before.seq + 1, `${where}: seq numbers the partition's messages`);
    last.set(where, { offset: BigInt(message.offset), i, seq: Number(h.seq) });

    const keyWhere = `${topic}/${message.key}`;
    assert.equal(partitionOfKey.get(keyWhere) ?? partition, partition, `${keyWhere} in one partition`);
    partitionOfKey.set(keyWhere, partition);
  }
  assert.equal(seen.size, count);
});
