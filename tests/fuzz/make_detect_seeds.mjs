// Seeds of the detect fuzz target from `ecomsim stream --to stdout` (read on stdin): for
// the payers (by visitor_id) with the most payments, customers and guests (COUNT - 2 of
// the one, 2 of the other), a short stream of what the detector reads of them (their
// customers message if any, the sessions that placed their orders, the orders' items and
// the payments; the first 16 messages, to keep seeds small), and for each of the four
// tables its first message alone; one message a line as detect_fuzz.cc reads it:
//   <table> <timestamp in ms> <value>
// Usage: node make_detect_seeds.mjs OUT_DIR COUNT < stream.jsonl
import { mkdirSync, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';

const [outDir, countArg] = process.argv.slice(2);
const count = Number(countArg ?? 8);
const tables = new Set(['customers', 'order_items', 'payments', 'sessions']);
const maxLines = 16;
const line = (m) => `${m.table} ${m.ms} ${m.text}\n`;

// The value exactly as sent: the text after "value": up to the envelope's closing brace.
function valueText(line) {
  const at = line.indexOf('"value":');
  return line.slice(at + '"value":'.length, line.length - 1);
}

const messages = [];
for await (const text of createInterface({ input: process.stdin })) {
  if (!text.startsWith('{')) continue;
  const m = JSON.parse(text);
  const table = m.topic.replace(/^ecomsim\./, '');
  if (!tables.has(table)) continue;
  messages.push({ table, ms: Date.parse(m.timestamp), value: m.value, text: valueText(text) });
}

// Payments per payer, apart for payers who have an account and guests (customer_id null).
const paymentsOf = [new Map(), new Map()];
for (const m of messages) {
  if (m.table !== 'payments') continue;
  const byGuest = paymentsOf[m.value.customer_id === null ? 1 : 0];
  const v = m.value.visitor_id;
  byGuest.set(v, (byGuest.get(v) ?? 0) + 1);
}
const most = (counts, n) => [...counts.entries()]
  .sort((a, b) => b[1] - a[1] || a[0] - b[0])
  .slice(0, n)
  .map(([v]) => v);
const guests = most(paymentsOf[1], 2);
const chosen = [...most(paymentsOf[0], count - guests.length), ...guests];

mkdirSync(outDir, { recursive: true });
for (const v of chosen) {
  const orders = new Set(
    messages.filter((m) => m.table === 'payments' && m.value.visitor_id === v)
      .map((m) => m.value.order_id));
  const mine = messages.filter((m) =>
    (m.table === 'customers' && m.value.customer_id === v) ||
    (m.table === 'payments' && m.value.visitor_id === v) ||
    (m.table === 'sessions' && orders.has(m.value.session_id)) ||
    (m.table === 'order_items' && orders.has(m.value.order_id)));
  writeFileSync(`${outDir}/visitor_${v}.txt`, mine.slice(0, maxLines).map(line).join(''));
}
for (const t of tables) {
  const first = messages.find((m) => m.table === t);
  if (first) writeFileSync(`${outDir}/${t}.txt`, line(first));
}
