// A headless Chromium driven over the DevTools protocol through a pipe
// (--remote-debugging-pipe: commands on fd 3, events and replies on fd 4, each message
// JSON ending in a NUL byte), so that a test can open a page, read what its console and
// network saw, query its DOM and take screenshots without any npm package.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// The Chromium binary: $CHROMIUM, else `chromium` on the PATH (Debian's package), or
// null when there is none.
export function chromiumPath() {
  if (process.env.CHROMIUM) return process.env.CHROMIUM;
  for (const name of ['chromium', 'chromium-browser', 'google-chrome']) {
    try {
      return execFileSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).trim();
    } catch {
      // not this one
    }
  }
  return null;
}

export class Browser {
  static async launch() {
    const bin = chromiumPath();
    if (!bin) throw new Error('no chromium (scripts/deps.sh --test installs it)');
    const profile = mkdtempSync(join(tmpdir(), 'ecomsim-chromium-'));
    const child = spawn(bin, [
      '--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--no-default-browser-check',
      '--disable-extensions', '--disable-background-networking', '--disable-sync',
      '--hide-scrollbars', '--mute-audio', '--remote-debugging-pipe', `--user-data-dir=${profile}`,
    ], { stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'] });
    const b = new Browser(child, profile);
    await b.call('Target.setDiscoverTargets', { discover: true });
    return b;
  }

  constructor(child, profile) {
    this.child = child;
    this.profile = profile;
    this.nextId = 1;
    this.pending = new Map();
    this.listeners = [];
    this.stderr = '';
    child.stderr.on('data', (d) => { this.stderr += d; });
    let buffer = Buffer.alloc(0);
    child.stdio[4].on('data', (chunk) => {
      buffer = Buffer.concat([buffer, chunk]);
      let end;
      while ((end = buffer.indexOf(0)) >= 0) {
        const message = JSON.parse(buffer.subarray(0, end).toString('utf8'));
        buffer = buffer.subarray(end + 1);
        this.dispatch(message);
      }
    });
    this.exited = new Promise((resolve) => child.on('exit', resolve));
  }

  dispatch(m) {
    if (m.id !== undefined && this.pending.has(m.id)) {
      const { resolve, reject, method } = this.pending.get(m.id);
      this.pending.delete(m.id);
      if (m.error) reject(new Error(`${method}: ${m.error.message}`));
      else resolve(m.result);
      return;
    }
    for (const l of this.listeners) l(m);
  }

  call(method, params = {}, sessionId = undefined) {
    const id = this.nextId++;
    const message = { id, method, params };
    if (sessionId) message.sessionId = sessionId;
    this.child.stdio[3].write(JSON.stringify(message) + '\0');
    return new Promise((resolve, reject) => this.pending.set(id, { resolve, reject, method }));
  }

  // Opens a new tab on `url` and waits for its load event. Returns a Page that has
  // recorded every console message, exception, log entry and request since it opened.
  async open(url, { width = 1280, height = 900 } = {}) {
    const { targetId } = await this.call('Target.createTarget', { url: 'about:blank' });
    const { sessionId } = await this.call('Target.attachToTarget', { targetId, flatten: true });
    const page = new Page(this, sessionId);
    this.listeners.push((m) => { if (m.sessionId === sessionId) page.record(m); });
    for (const domain of ['Page', 'Runtime', 'Log', 'Network']) {
      await page.call(`${domain}.enable`);
    }
    await page.call('Emulation.setDeviceMetricsOverride',
      { width, height, deviceScaleFactor: 1, mobile: false });
    const loaded = page.waitFor('Page.loadEventFired');
    await page.call('Page.navigate', { url });
    await loaded;
    return page;
  }

  async close() {
    try {
      await Promise.race([this.call('Browser.close'), new Promise((r) => setTimeout(r, 3000))]);
    } catch {
      // already gone
    }
    this.child.kill('SIGKILL');
    await this.exited;
    // Its helper processes may still be writing into the profile for a moment.
    rmSync(this.profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
  }
}

export class Page {
  constructor(browser, sessionId) {
    this.browser = browser;
    this.sessionId = sessionId;
    this.console = [];     // {type, text}
    this.exceptions = [];  // text
    this.log = [];         // {level, source, text, url}
    this.requests = [];    // urls
    this.waiters = [];
  }

  call(method, params = {}) { return this.browser.call(method, params, this.sessionId); }

  record(m) {
    const p = m.params ?? {};
    if (m.method === 'Runtime.consoleAPICalled') {
      this.console.push({ type: p.type, text: (p.args ?? []).map((a) => a.value ?? a.description).join(' ') });
    } else if (m.method === 'Runtime.exceptionThrown') {
      this.exceptions.push(p.exceptionDetails?.exception?.description ?? p.exceptionDetails?.text);
    } else if (m.method === 'Log.entryAdded') {
      this.log.push({ level: p.entry.level, source: p.entry.source, text: p.entry.text, url: p.entry.url });
    } else if (m.method === 'Network.requestWillBeSent') {
      this.requests.push(p.request.url);
    }
    this.waiters = this.waiters.filter((w) => {
      if (w.method !== m.method) return true;
      w.resolve(p);
      return false;
    });
  }

  waitFor(method) { return new Promise((resolve) => this.waiters.push({ method, resolve })); }

  // The value of a JavaScript expression evaluated in the page (JSON-serializable).
  async evaluate(expression) {
    const r = await this.call('Runtime.evaluate', { expression, returnByValue: true });
    if (r.exceptionDetails) throw new Error(`evaluate: ${r.exceptionDetails.text}`);
    return r.result.value;
  }

  // Errors the page produced: console errors, uncaught exceptions, error log entries.
  errors() {
    return [
      ...this.console.filter((c) => c.type === 'error' || c.type === 'assert').map((c) => `console: ${c.text}`),
      ...this.exceptions.map((e) => `exception: ${e}`),
      ...this.log.filter((l) => l.level === 'error').map((l) => `${l.source}: ${l.text} ${l.url ?? ''}`),
    ];
  }

  // A PNG of the region {x, y, width, height} of the page (CSS pixels), beyond the
  // viewport if need be.
  async screenshot(clip) {
    const r = await this.call('Page.captureScreenshot',
      { format: 'png', captureBeyondViewport: true, clip: { ...clip, scale: 1 } });
    return Buffer.from(r.data, 'base64');
  }
}
