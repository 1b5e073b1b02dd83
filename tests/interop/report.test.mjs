// The figures `ecomsim report` puts on its page equal the same figures computed
// independently in DuckDB over the same files: a sample of numbers (read from the page's
// data-figure/data-value attributes), of chart values (from the JSON, which holds every
// figure of the page), a calibration and five realism rows. Run on a Parquet dataset
// partitioned by day (DuckDB reads it as a Hive-partitioned table) and on a CSV one.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ECOMSIM, generate, duckdb } from './helpers.mjs';

const WORLD = ['--scale', '0.05', '--set', 'world.duration=14d', '--seed', '11'];
const db = await duckdb();
const datasets = [];
after(() => {
  db.close();
  for (const d of datasets) d.cleanup();
});

// Equal up to the last bits of a double (sums of decimals read as doubles by DuckDB).
function near(actual, expected, what) {
  const a = Number(actual);
  const e = Number(expected);
  const tolerance = 1e-9 * Math.max(1, Math.abs(a), Math.abs(e));
  assert.ok(Math.abs(a - e) <= tolerance, `${what}: page ${a}, DuckDB ${e}`);
}

// The numbers of the page: data-figure="id" data-value="v".
function pageFigures(html) {
  const out = {};
  for (const m of html.matchAll(/data-figure="([^"]+)" data-value="([^"]+)"/g)) out[m[1]] = Number(m[2]);
  return out;
}

for (const layout of [
  { name: 'parquet, partitioned by day', args: ['--format', 'parquet', '--partition-by', 'day'],
    table: (dir, t) => `read_parquet('${join(dir, t, '**', '*.parquet')}', hive_partitioning=true)` },
  { name: 'csv', args: ['--format', 'csv'],
    table: (dir, t) => `read_csv('${join(dir, t, '*.csv')}', header=true)` },
]) {
  test(`report figures equal DuckDB's: ${layout.name}`, { timeout: 300_000 }, async () => {
    const data = generate(['baseline', ...layout.args, ...WORLD]);
    datasets.push(data);
    const jsonPath = join(data.out, '..', 'report.json');
    execFileSync(ECOMSIM, ['report', data.out, '--json', jsonPath, '-q',
      '--set', 'world.duration=14d']);
    const page = pageFigures(readFileSync(join(data.out, 'report.html'), 'utf8'));
    const json = JSON.parse(readFileSync(jsonPath, 'utf8')).report;
    const values = json.values;
    const T = (t) => layout.table(data.out, t);
    const one = async (sql) => Object.values(await db.one(sql))[0];

    // Plain figures, as the page shows them.
    const figures = {
      'traffic.sessions': `SELECT count(*)::DOUBLE FROM ${T('sessions')}`,
      'traffic.events': `SELECT count(*)::DOUBLE FROM ${T('events')}`,
      'traffic.bounce_rate': `SELECT avg(bounce::INT) FROM ${T('sessions')}`,
      'traffic.mean_duration_s': `SELECT avg(duration_s::DOUBLE) FROM ${T('sessions')} WHERE end_at IS NOT NULL`,
      'traffic.campaign_share': `SELECT avg((campaign_id IS NOT NULL)::INT) FROM ${T('sessions')}`,
      'funnel.view_rate': `SELECT (SELECT count(DISTINCT session_id) FROM ${T('events')} WHERE event_type = 'product_view')
                                  / (SELECT count(*) FROM ${T('sessions')})`,
      'funnel.cart_rate': `SELECT count(DISTINCT session_id) FILTER (event_type = 'add_to_cart')
                                  / count(DISTINCT session_id) FILTER (event_type = 'product_view') FROM ${T('events')}`,
      'funnel.checkout_rate': `SELECT count(DISTINCT session_id) FILTER (event_type = 'checkout_initiated')
                                  / count(DISTINCT session_id) FILTER (event_type = 'add_to_cart') FROM ${T('events')}`,
      'funnel.purchase_rate': `SELECT count(DISTINCT session_id) FILTER (event_type = 'purchase')
                                  / count(DISTINCT session_id) FILTER (event_type = 'checkout_initiated') FROM ${T('events')}`,
      'orders.placed': `SELECT count(*)::DOUBLE FROM ${T('orders')} WHERE status <> 'failed'`,
      'orders.revenue': `SELECT sum(total::DOUBLE) FROM ${T('orders')} WHERE status <> 'failed'`,
      'orders.fraud_share': `SELECT avg(is_fraud::INT) FROM ${T('orders')}`,
      'payments.failure_share': `SELECT avg((status IN ('declined', 'failed'))::INT) FROM ${T('payments')}`,
      'fraud.mean_score_fraud': `SELECT avg(fraud_score) FROM ${T('payments')} WHERE is_fraud`,
      'fraud.mean_score_legit': `SELECT avg(fraud_score) FROM ${T('payments')} WHERE NOT is_fraud`,
      'shipments.late_share': `SELECT count(*) FILTER (delay_days > 0) / count(delivered_at) FROM ${T('shipments')}`,
      'tickets.mean_resolution_hours': `SELECT avg(epoch_us(resolved_at) - epoch_us(created_at)) / 3600e6
                                        FROM ${T('support_tickets')} WHERE resolved_at IS NOT NULL`,
      'returns.refunds': `SELECT sum(refund_amount::DOUBLE) FROM ${T('returns')}`,
      'carts.recovered_share': `SELECT avg((recovered_order_id IS NOT NULL)::INT) FROM ${T('abandoned_carts')}`,
      'catalog.discounted_share': `SELECT avg((discount_pct > 0)::INT) FROM ${T('products')}`,
      'segments.moves': `SELECT (count(*) - count(DISTINCT customer_id))::DOUBLE FROM ${T('customer_history')}`,
      'system.peak_requests_per_minute': `SELECT max(requests)::DOUBLE FROM ${T('system_metrics')}`,
      'system.mean_p95_ms': `SELECT avg(p95_latency_ms) FROM ${T('system_metrics')}`,
      // Sessions starting 00:00-05:59 in the person's local time: of everyone with a
      // customers row (their visitor_id is their customer_id), signed in or not.
      'time.night_share': `SELECT avg(((epoch_us(s.start_at) + c.utc_offset_minutes::BIGINT * 60000000) % 86400000000
                                       < 6 * 3600000000)::INT)
                           FROM ${T('sessions')} s JOIN ${T('customers')} c ON s.visitor_id = c.customer_id`,
    };
    // Nearest-rank percentiles: the smallest value with at least q of the values at or below.
    const rank = (table, column, where, q) => `
      SELECT v FROM (SELECT ${column}::DOUBLE AS v, row_number() OVER (ORDER BY ${column}) AS i,
                            count(*) OVER () AS n FROM ${T(table)} ${where})
      WHERE i = ceil(${q} * n)`;
    Object.assign(figures, {
      'orders.value_p50': rank('orders', 'total', "WHERE status <> 'failed'", 0.5),
      'orders.value_p90': rank('orders', 'total', "WHERE status <> 'failed'", 0.9),
      'orders.value_p99': rank('orders', 'total', "WHERE status <> 'failed'", 0.99),
      'carts.value_p50': rank('abandoned_carts', 'cart_value', '', 0.5),
      'catalog.price_p50': rank('products', 'current_price', '', 0.5),
    });
    for (const [id, sql] of Object.entries(figures)) {
      assert.ok(id in page, `${id} is on the page`);
      near(page[id], await one(sql), id);
    }

    // Chart values, from the JSON.
    const groups = async (sql) => Object.fromEntries((await db.all(sql)).map((r) => [r.k, Number(r.v)]));
    const charts = [
      ['funnel.event_mix:events', `SELECT event_type AS k, count(*) / sum(count(*)) OVER () AS v FROM ${T('events')} GROUP BY 1`],
      ['funnel.conversion_by_device:conversion', `SELECT device_type AS k, avg(converted::INT) AS v FROM ${T('sessions')} GROUP BY 1`],
      ['funnel.conversion_by_persona:conversion', `SELECT c.persona AS k, avg(s.converted::INT) AS v
          FROM ${T('sessions')} s JOIN ${T('customers')} c ON s.visitor_id = c.customer_id GROUP BY 1`],
      ['time.session_hour_local:sessions', `SELECT lpad((((epoch_us(s.start_at) + c.utc_offset_minutes::BIGINT * 60000000) % 86400000000)
            // 3600000000)::VARCHAR, 2, '0') AS k, count(*) / sum(count(*)) OVER () AS v
          FROM ${T('sessions')} s JOIN ${T('customers')} c ON s.visitor_id = c.customer_id GROUP BY 1`],
      ['payments.failure_reasons:attempts', `SELECT failure_reason AS k, count(*)::DOUBLE AS v FROM ${T('payments')}
          WHERE failure_reason IS NOT NULL GROUP BY 1`],
      ['fraud.by_pattern:payments', `SELECT fraud_type AS k, count(*)::DOUBLE AS v FROM ${T('payments')} WHERE is_fraud GROUP BY 1`],
      ['returns.by_reason:returns', `SELECT reason AS k, count(*)::DOUBLE AS v FROM ${T('returns')} GROUP BY 1`],
      ['carts.by_stage:carts', `SELECT stage AS k, count(*) / sum(count(*)) OVER () AS v FROM ${T('abandoned_carts')} GROUP BY 1`],
      ['shipments.late_by_carrier:late', `SELECT carrier AS k, count(*) FILTER (delay_days > 0) / count(delivered_at) AS v
          FROM ${T('shipments')} GROUP BY 1 HAVING count(delivered_at) > 0`],
      ['orders.by_status:orders', `SELECT status AS k, count(*) / sum(count(*)) OVER () AS v FROM ${T('orders')} GROUP BY 1`],
    ];
    let compared = 0;
    for (const [chart, sql] of charts) {
      const want = await groups(sql);
      assert.ok(Object.keys(want).length > 0, `${chart}: DuckDB finds values`);
      for (const [k, v] of Object.entries(want)) {
        const id = `chart:${chart.split(':')[0]}:${chart.split(':')[1]}:${k}`;
        assert.ok(id in values, `${id} in the report`);
        near(values[id], v, id);
        compared++;
      }
    }
    assert.ok(compared > 60, `${compared} chart values compared`);

    // A time chart: sessions per UTC day.
    const daily = json.sections.find((s) => s.id === 'traffic').charts.find((c) => c.id === 'traffic.sessions_per_day');
    const perDay = await groups(`SELECT strftime(make_timestamp((epoch_us(start_at) // 86400000000) * 86400000000), '%Y-%m-%d') AS k,
                                        count(*)::DOUBLE AS v FROM ${T('sessions')} GROUP BY 1`);
    daily.x.forEach((x, i) => near(daily.series[0].values[i], perDay[x.slice(0, 10)] ?? 0, `sessions on ${x}`));

    // Calibration: first attempts of legitimate payments declined or failed (no effect
    // changes the rate in the baseline).
    const failure = json.calibration.find((c) => c.id === 'payment_failure');
    near(failure.realized, await one(`SELECT avg((status IN ('declined', 'failed'))::INT) FROM ${T('payments')}
                                      WHERE attempt = 1 AND NOT is_fraud`), 'calibration payment_failure');
    near(failure.n, await one(`SELECT count(*)::DOUBLE FROM ${T('payments')} WHERE attempt = 1 AND NOT is_fraud`),
      'calibration payment_failure n');
    // Realism (a 14-day window: the statistics per month and per year are left out).
    const realism = Object.fromEntries(json.realism.map((r) => [r.id, r.ours]));
    near(realism.lines_per_order, await one(`SELECT (SELECT count(*) FROM ${T('order_items')})::DOUBLE
        / count(*) FROM ${T('orders')}`), 'realism lines_per_order');
    near(realism.order_cancellation, await one(`SELECT avg((status = 'cancelled')::INT) FROM ${T('orders')}`),
      'realism order_cancellation');
    near(realism.payments_per_order, await one(`SELECT (SELECT count(*) FROM ${T('payments')})::DOUBLE
        / count(*) FROM ${T('orders')}`), 'realism payments_per_order');
    near(realism.sessions_with_cart, await one(`SELECT count(DISTINCT session_id) FILTER (event_type = 'add_to_cart')::DOUBLE
        / count(DISTINCT session_id) FILTER (event_type = 'product_view') FROM ${T('events')}`),
      'realism sessions_with_cart');
    near(realism.events_per_session, await one(`SELECT count(*) FILTER (event_type NOT IN ('session_start', 'session_end'))::DOUBLE
        / (SELECT count(*) FROM ${T('sessions')}) FROM ${T('events')}`), 'realism events_per_session');
    assert.equal(realism.sessions_per_active_customer, undefined, 'no statistic per month on 14 days');
  });
}
