// Shared by the specs that drive java-cached in headless Chromium (tests/browser/notebook.spec.mjs,
// tests/jupyterlab/lab.spec.mjs): their command line, time limits, the test list, and the runner
// that launches the system Chromium, runs the tests in order on one page and writes the result
// file run.sh reads. playwright-core is the spec's own dependency (Node resolves it from the
// spec's folder), so the spec passes its `chromium` in.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const KERNEL_START_MS = 120_000;  // JVM start + first compile on a loaded 2-core machine
export const CELL_MS = 60_000;
export const INTERRUPT_MS = 20_000;

/** `--url URL --result FILE --out DIR` from the command line; exits with usage when one is missing. */
export function specOptions(specName) {
  const opts = {};
  for (let i = 2; i < process.argv.length; i += 2) opts[process.argv[i].replace(/^--/, '')] = process.argv[i + 1];
  if (!opts.url || !opts.result || !opts.out) {
    console.error(`usage: node ${specName} --url URL --result FILE --out DIR`);
    process.exit(2);
  }
  return opts;
}

/** The tests of one spec, run in the order they are declared: `test(name, async (page) => ...)`. */
export function testList() {
  const tests = [];
  return { tests, test: (name, fn) => tests.push({ name, fn }) };
}

export function expectText(actual, pattern, what) {
  if (!pattern.test(actual)) throw new Error(`${what}: ${JSON.stringify(actual)} does not match ${pattern}`);
}

/**
 * Opens `url` in headless Chromium and runs `tests` in order on that one page; when the first
 * test (the kernel coming up) fails, the others are reported as not run because of
 * `notReadyReason`. `afterTest(page, index, test, ok)` runs after each test that ran,
 * `afterAll(page)` after the last. Writes {passed, failed, tests} to `result` and exits (1 on
 * any failure).
 */
export async function runInChromium({ chromium, url, tests, result, notReadyReason, afterTest, afterAll }) {
  const userDataDir = mkdtempSync(join(tmpdir(), 'java-cached-chromium-'));
  const results = [];
  let context;
  try {
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: '/usr/bin/chromium',
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
        '--disable-component-update', '--disable-sync', '--no-first-run'],
      viewport: { width: 1200, height: 1000 },
    });
    const page = context.pages()[0] ?? await context.newPage();
    page.on('pageerror', (e) => console.log(`  [page error] ${e.message}`));
    await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 60_000 });
    let up = true;
    for (const [i, t] of tests.entries()) {
      const started = Date.now();
      if (!up) {
        results.push({ name: t.name, ok: false, error: `not run: ${notReadyReason}`, ms: 0 });
        console.log(`FAIL ${t.name} (not run: ${notReadyReason})`);
        continue;
      }
      let ok = false;
      try {
        await t.fn(page);
        ok = true;
        results.push({ name: t.name, ok: true, ms: Date.now() - started });
        console.log(`PASS ${t.name} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
      } catch (e) {
        const error = String(e?.message ?? e).split('\n').slice(0, 6).join('\n');
        results.push({ name: t.name, ok: false, error, ms: Date.now() - started });
        console.log(`FAIL ${t.name}\n  ${error.replace(/\n/g, '\n  ')}`);
        if (i === 0) up = false;
      }
      if (afterTest) await afterTest(page, i, t, ok);
    }
    if (afterAll) await afterAll(page);
  } catch (e) {
    console.log(`FAIL browser set-up: ${e?.message ?? e}`);
    results.push({ name: 'browser set-up', ok: false, error: String(e?.message ?? e) });
  } finally {
    await context?.close().catch(() => {});
    rmSync(userDataDir, { recursive: true, force: true });
  }

  const passed = results.filter((r) => r.ok).length;
  const failed = results.length - passed;
  writeFileSync(result, JSON.stringify({ passed, failed, tests: results }, null, 1));
  process.exit(failed ? 1 : 0);
}
