// `ecomsim report` opened in headless Chromium (Debian's package, driven over the DevTools
// protocol): the page loads with no console error and no request beyond its own file,
// every chart of the JSON report is on the page as an <svg data-chart> with axes and marks
// whose labels stay inside the chart and do not overlap, and every figure is there.
// Screenshots of the page and of each section go to $REPORT_OUTPUT_DIR (the build
// directory's tests/report) for a person to look at.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ECOMSIM, generate } from './helpers.mjs';
import { Browser, chromiumPath } from './chromium.mjs';

const OUT = process.env.REPORT_OUTPUT_DIR ??
  new URL('../../build/release/tests/report', import.meta.url).pathname;
// Chromium captures at most this many pixels in one screenshot.
const MAX_CAPTURE_HEIGHT = 16000;
// "A few MB whatever the dataset's size."
const MAX_PAGE_BYTES = 3_000_000;

function report(dir, args) {
  return execFileSync(ECOMSIM, ['report', dir, ...args, '-q'], { encoding: 'utf8' });
}

// What the page shows, collected in the page: its charts with their geometry problems, its
// figures and sections.
const INSPECT = `(() => {
  // A text's outline on the screen: the four corners of its box, rotation included.
  const corners = (t) => {
    const b = t.getBBox();
    const m = t.getScreenCTM();
    return [[b.x, b.y], [b.x + b.width, b.y], [b.x + b.width, b.y + b.height], [b.x, b.y + b.height]]
      .map(([x, y]) => [m.a * x + m.c * y + m.e, m.b * x + m.d * y + m.f]);
  };
  // Convex quadrilaterals intersect unless an edge's normal separates them (by > 1 px).
  const separated = (p, q) => {
    for (const poly of [p, q]) {
      for (let i = 0; i < 4; i++) {
        const [x1, y1] = poly[i];
        const [x2, y2] = poly[(i + 1) % 4];
        const n = [y2 - y1, x1 - x2];
        const len = Math.hypot(n[0], n[1]) || 1;
        const proj = (pts) => pts.map(([x, y]) => (x * n[0] + y * n[1]) / len);
        const a = proj(p), b = proj(q);
        if (Math.max(...a) < Math.min(...b) + 1 || Math.max(...b) < Math.min(...a) + 1) return true;
      }
    }
    return false;
  };
  const charts = [...document.querySelectorAll('svg[data-chart]')].map((svg) => {
    const box = svg.getBoundingClientRect();
    const texts = [...svg.querySelectorAll('text')];
    const outside = texts.filter((t) => corners(t).some(([x, y]) =>
      x < box.left - 1 || x > box.right + 1 || y < box.top - 1 || y > box.bottom + 1)).map((t) => t.textContent);
    // Axis labels (not band labels, which may sit over a line) must not overlap.
    const labels = texts.filter((t) => !t.classList.contains('band-label'))
                        .map((t) => ({ text: t.textContent, poly: corners(t) }));
    const overlapping = [];
    for (let i = 0; i < labels.length; i++)
      for (let j = i + 1; j < labels.length; j++)
        if (!separated(labels[i].poly, labels[j].poly)) overlapping.push(labels[i].text + ' / ' + labels[j].text);
    return {
      id: svg.dataset.chart, width: box.width, height: box.height, texts: texts.length,
      marks: svg.querySelectorAll('rect.bar, path.line').length,
      yTicks: svg.querySelectorAll('.axis.y text').length,
      hasXTitle: [...svg.querySelectorAll('text.axis-title')].length >= 2,
      outside, overlapping,
    };
  });
  const figures = [...document.querySelectorAll('[data-figure][data-value]')].map((e) => e.dataset.figure);
  const missing = [...document.querySelectorAll('[data-missing]')].map((e) => e.dataset.missing);
  const sections = [...document.querySelectorAll('section')].map((s) => {
    const r = s.getBoundingClientRect();
    return { id: s.id, x: r.x, y: r.y + window.scrollY, width: r.width, height: r.height };
  });
  return { charts, figures, missing, sections, height: document.documentElement.scrollHeight,
           scripts: document.scripts.length, external: [...document.querySelectorAll('[src], link[href]')].length };
})()`;

async function checkPage(t, page, json, name) {
  assert.deepEqual(page.errors(), [], 'no console error, exception or failed load');
  const elsewhere = page.requests.filter((u) => !u.startsWith('file:'));
  assert.deepEqual(elsewhere, [], 'nothing loaded from the network');
  const seen = await page.evaluate(INSPECT);
  assert.equal(seen.scripts, 0, 'no script');
  assert.equal(seen.external, 0, 'no external resource');

  const expected = json.report.sections.flatMap((s) => s.charts.map((c) => c.id));
  assert.ok(expected.length >= 40, `the JSON lists ${expected.length} charts`);
  assert.deepEqual(seen.charts.map((c) => c.id), expected, 'every chart, in order');
  for (const c of seen.charts) {
    assert.ok(c.width > 300 && c.height > 120, `${c.id} is drawn at a readable size (${c.width}x${c.height})`);
    assert.ok(c.marks > 0, `${c.id} has bars or lines`);
    assert.ok(c.yTicks >= 3, `${c.id} has a y axis with ticks`);
    assert.ok(c.hasXTitle, `${c.id} has both axis titles`);
    assert.deepEqual(c.outside, [], `${c.id}: labels inside the chart`);
    assert.deepEqual(c.overlapping, [], `${c.id}: labels do not overlap`);
  }
  const figures = json.report.sections.flatMap((s) => s.figures.map((f) => f.id));
  for (const id of figures) assert.ok(seen.figures.includes(id), `figure ${id} on the page`);

  // Screenshots for a person: the whole page, and each section on its own.
  mkdirSync(OUT, { recursive: true });
  const width = 1280;
  const full = await page.screenshot({ x: 0, y: 0, width, height: Math.min(seen.height, MAX_CAPTURE_HEIGHT) });
  writeFileSync(join(OUT, `${name}.png`), full);
  for (const s of seen.sections) {
    const png = await page.screenshot({ x: s.x, y: s.y, width: s.width, height: Math.min(s.height, MAX_CAPTURE_HEIGHT) });
    writeFileSync(join(OUT, `${name}-${s.id}.png`), png);
  }
  t.diagnostic(`screenshots in ${OUT}/${name}*.png`);
  return seen;
}

test('the report page opens in headless Chromium with every chart and no error',
  { skip: chromiumPath() ? false : 'chromium not installed (scripts/deps.sh --test)', timeout: 300_000 },
  async (t) => {
    const base = generate(['baseline', '--scale', '0.05', '--set', 'world.duration=14d', '--format', 'parquet']);
    const flash = generate(['flash_sale', '--scale', '0.05', '--format', 'csv']);
    const browser = await Browser.launch();
    try {
      await t.test('one dataset', async (t) => {
        const html = join(base.out, 'report.html');
        const jsonPath = join(base.out, '..', 'report.json');
        report(base.out, ['--json', jsonPath, '--set', 'world.duration=14d']);
        assert.ok(statSync(html).size < MAX_PAGE_BYTES, 'the page is small');
        const json = JSON.parse(readFileSync(jsonPath, 'utf8'));
        const page = await browser.open('file://' + html, { width: 1280, height: 900 });
        const seen = await checkPage(t, page, json, 'report');
        assert.deepEqual(seen.missing, [], 'every section shown');
      });
      await t.test('two datasets compared', async (t) => {
        const html = join(flash.out, '..', 'compare.html');
        const jsonPath = join(flash.out, '..', 'compare.json');
        report(flash.out, ['--compare', base.out, '--compare-set', 'world.duration=14d', '--html', html, '--json', jsonPath]);
        const json = JSON.parse(readFileSync(jsonPath, 'utf8'));
        assert.ok(json.differences.length >= 10, 'a table of the largest differences');
        const page = await browser.open('file://' + html, { width: 1280, height: 900 });
        await checkPage(t, page, json, 'compare');
        const rows = await page.evaluate(
          "document.querySelectorAll('table[data-table=differences] tbody tr').length");
        assert.equal(rows, json.differences.length);
        const overlaid = await page.evaluate(
          "document.querySelectorAll('svg[data-chart] path.line[stroke-dasharray], svg[data-chart] rect.bar[fill-opacity]').length");
        assert.ok(overlaid > 0, 'the compared dataset is drawn on the charts');
      });
    } finally {
      await browser.close();
      base.cleanup();
      flash.cleanup();
    }
  });
