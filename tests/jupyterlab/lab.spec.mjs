// java-cached in JupyterLab's notebook (app/, built from @jupyterlab/* 4.x), in headless
// Chromium driven by playwright-core. Started by run.sh, which owns the server (lab_app.py):
//   node lab.spec.mjs --url <page url with token> --result <result.json> --out <screenshot dir>
// The notebook holds one empty code cell and asks for the "java-cached" kernel. Cells are typed
// into JupyterLab's CodeMirror editors, run with Shift+Enter, and every check waits on what the
// page shows (execution prompt, rendered output), never on fixed sleeps. A screenshot of the
// notebook is saved after each step.
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  CELL_MS, INTERRUPT_MS, KERNEL_START_MS, expectText, runInChromium, specOptions, testList,
} from '../lib/browser-spec.mjs';

const opts = specOptions('lab.spec.mjs');
mkdirSync(opts.out, { recursive: true });
const { tests, test } = testList();

// ---- helpers -------------------------------------------------------------------------------
const codeCells = (page) => page.locator('.jp-Notebook .jp-CodeCell');
const prompt = (cell) => cell.locator('.jp-InputArea-prompt');
/** The code cells whose source matches `pattern`. */
const cellsWithSource = (page, pattern) =>
  codeCells(page).filter({ has: page.locator('.jp-InputArea-editor .cm-content', { hasText: pattern }) });

/** Puts `code` into the last (empty) cell's editor, runs it with Shift+Enter; waits for [n]. */
async function runCell(page, code, { waitDone = true, type = false } = {}) {
  const count = await codeCells(page).count();
  const cell = codeCells(page).nth(count - 1);
  await cell.locator('.cm-content').click();
  // insertText is one input event (no auto-indent or auto-closed brackets on the way);
  // `type` sends key by key, as for completion.
  if (type) await page.keyboard.type(code); else await page.keyboard.insertText(code);
  const source = await cell.locator('.cm-content').innerText();
  if (source.replace(/\u200b/g, '').trim() !== code.trim()) {
    throw new Error(`cell editor holds ${JSON.stringify(source)}, typed ${JSON.stringify(code)}`);
  }
  await page.keyboard.press('Shift+Enter');
  await codeCells(page).nth(count).waitFor({ state: 'attached', timeout: 10_000 });
  if (waitDone) await waitExecuted(cell, CELL_MS);
  return cell;
}

async function waitExecuted(cell, timeout) {
  await prompt(cell).filter({ hasText: /\[\d+\]/ }).waitFor({ timeout });
}

async function noError(cell, what) {
  if (await cell.locator('[data-mime-type="application/vnd.jupyter.stderr"]').count()) {
    throw new Error(`${what} failed: ${await cell.locator('.jp-OutputArea').innerText()}`);
  }
}

async function kernelMenu(page, item) {
  await page.locator('.lm-MenuBar-item', { hasText: 'Kernel' }).click();
  await page.locator('.lm-Menu-item', { hasText: item }).click();
}

const HEAVY_DEF = `long compute() {
    System.out.println("computing...");
    try { Thread.sleep(1500); } catch (InterruptedException e) { throw new RuntimeException(e); }
    return 6L * 7;
}`;
const before = {};  // outputs of the cells before Restart and Run All

// ---- the tests (in order, one notebook, one kernel) ---------------------------------------
test('the notebook opens on "java-cached" and the kernel is ready', async (page) => {
  await page.waitForFunction(() => window.javaCachedLab?.ready, null, { timeout: KERNEL_START_MS });
  const name = await page.evaluate(() => window.javaCachedLab.panel.sessionContext.kernelDisplayName);
  expectText(name, /^Java \(cached\)$/, 'kernel display name');
  await codeCells(page).first().waitFor({ timeout: 10_000 });
});

test('int x = 6; then x * 7 shows Out 42', async (page) => {
  const decl = await runCell(page, 'int x = 6;');
  await noError(decl, 'int x = 6;');
  const cell = await runCell(page, 'x * 7');
  const result = cell.locator('.jp-OutputArea-executeResult .jp-RenderedText');
  await result.waitFor({ timeout: CELL_MS });
  expectText((await result.innerText()).trim(), /^42$/, 'result of x * 7');
  before.result = (await result.innerText()).trim();
});

test('HTML and PNG display render; updateDisplay from a later cell changes the first', async (page) => {
  const html = await runCell(page, 'display("<b>bold</b>", "text/html");');
  const bold = html.locator('.jp-RenderedHTMLCommon b');
  await bold.waitFor({ timeout: CELL_MS });
  expectText(await bold.innerText(), /^bold$/, '<b> text');
  const png = await runCell(page, [
    'var img = new java.awt.image.BufferedImage(40, 20, java.awt.image.BufferedImage.TYPE_INT_RGB);',
    'var g = img.createGraphics(); g.setColor(java.awt.Color.ORANGE); g.fillRect(0, 0, 40, 20); g.dispose();',
    'display(img);',
  ].join('\n'));
  const img = png.locator('.jp-RenderedImage img');
  await img.waitFor({ timeout: CELL_MS });
  const size = await img.evaluate((el) => [el.complete, el.naturalWidth, el.naturalHeight, el.src.slice(0, 22)]);
  if (!(size[0] && size[1] === 40 && size[2] === 20 && size[3] === 'data:image/png;base64,')) {
    throw new Error(`image not shown as a 40 x 20 PNG: ${JSON.stringify(size)}`);
  }
  const shown = await runCell(page, 'String shownId = display("<i>first</i>", "text/html");');
  await shown.locator('.jp-RenderedHTMLCommon i', { hasText: 'first' }).waitFor({ timeout: CELL_MS });
  const update = await runCell(page, 'updateDisplay(shownId, "<i>second</i>", "text/html");');
  await noError(update, 'updateDisplay');
  await shown.locator('.jp-RenderedHTMLCommon i', { hasText: 'second' }).waitFor({ timeout: CELL_MS });
  expectText(await shown.locator('.jp-OutputArea').innerText(), /^\s*second\s*$/, 'first cell after the update');
});

test('a heavy cell computes (1.5 s) and shows its output', async (page) => {
  await noError(await runCell(page, HEAVY_DEF), 'compute()');
  const heavy = await runCell(page, 'var heavy = compute();');
  await noError(heavy, 'var heavy = compute();');
  before.heavy = (await heavy.locator('.jp-OutputArea').innerText()).trim();
  expectText(before.heavy, /^computing\.\.\.$/, 'output of the heavy cell');
  const value = await runCell(page, 'heavy');
  expectText((await value.locator('.jp-OutputArea-executeResult').innerText()).trim(), /42$/, 'heavy');
});

test('Kernel > Restart Kernel and Run All Cells: the heavy cell is restored, outputs as before', async (page) => {
  // The last cell is the empty one Shift+Enter added; Run All runs it too (no output).
  await kernelMenu(page, 'Restart Kernel and Run All Cells');
  await page.locator('.jp-Dialog .jp-mod-accept', { hasText: 'Restart' }).click();
  const heavy = cellsWithSource(page, /^var heavy = compute\(\);$/);
  const restoreLine = heavy.locator('.jp-RenderedHTMLCommon .java-cached-feedback');
  await restoreLine.waitFor({ timeout: KERNEL_START_MS });
  expectText(await restoreLine.innerText(), /restored heavy from cache/, 'restore line');
  const last = cellsWithSource(page, /^heavy$/);
  await waitExecuted(last, CELL_MS);
  const shown = (await heavy.locator('.jp-OutputArea-output').first().innerText()).trim();
  expectText(shown, /^computing\.\.\.$/, 'the heavy cell shows its output again');
  expectText((await last.locator('.jp-OutputArea-executeResult').innerText()).trim(), /42$/, 'heavy after restart');
  const result = cellsWithSource(page, /^x \* 7$/).locator('.jp-OutputArea-executeResult .jp-RenderedText');
  expectText((await result.innerText()).trim(), new RegExp(`^${before.result}$`), 'x * 7 after restart');
  // The update reached the display cell again during Run All.
  const shownCell = cellsWithSource(page, /^String shownId/);
  await shownCell.locator('.jp-RenderedHTMLCommon i', { hasText: 'second' }).waitFor({ timeout: CELL_MS });
});

test('a cell that throws shows the exception and its traceback', async (page) => {
  await noError(await runCell(page, 'int parse(String s) { return Integer.parseInt(s); }'), 'parse');
  const cell = await runCell(page, 'parse("forty-two")');
  const error = cell.locator('[data-mime-type="application/vnd.jupyter.stderr"]');
  await error.first().waitFor({ timeout: CELL_MS });
  const shown = await error.first().innerText();
  expectText(shown, /NumberFormatException/, 'error output');
  expectText(shown, /forty-two/, 'error message');
  expectText(shown, /\bparse\b/, 'traceback frame of parse(...)');
});

test('System.in: JupyterLab\'s input box takes the line', async (page) => {
  const cell = await runCell(page,
    'System.out.print("Name? ");\nnew java.util.Scanner(System.in).nextLine().toUpperCase()', { waitDone: false });
  const box = cell.locator('.jp-Stdin-input');
  await box.waitFor({ timeout: CELL_MS });
  await box.fill('duke');
  await box.press('Enter');
  await waitExecuted(cell, CELL_MS);
  expectText((await cell.locator('.jp-OutputArea-executeResult').innerText()).trim(), /"DUKE"$/, 'upper-cased line');
  expectText(await cell.locator('.jp-OutputArea').innerText(), /Name\?/, 'prompt shown');
});

test('Kernel > Interrupt Kernel stops while (true) {}; the next cell runs', async (page) => {
  // Interrupt once the loop's first line is on the page (see services.spec.mjs: an interrupt
  // sent while the kernel still compiles the cell is dropped).
  const loop = await runCell(page, 'System.out.println("spinning");\nwhile (true) {}', { waitDone: false });
  await loop.locator('.jp-OutputArea', { hasText: 'spinning' }).waitFor({ timeout: CELL_MS });
  expectText(await prompt(loop).innerText(), /\[\*\]/, 'prompt while running');
  await kernelMenu(page, 'Interrupt Kernel');
  await waitExecuted(loop, INTERRUPT_MS);
  expectText(await loop.locator('.jp-OutputArea').innerText(), /Interrupted/, 'output of the interrupted cell');
  const after = await runCell(page, 'x + 1');
  expectText((await after.locator('.jp-OutputArea-executeResult').innerText()).trim(), /7$/, 'x + 1');
});

test('Tab completion offers toUpperCase', async (page) => {
  await noError(await runCell(page, 'String greeting = "hello";'), 'greeting');
  const count = await codeCells(page).count();
  const cell = codeCells(page).nth(count - 1);
  await cell.locator('.cm-content').click();
  await page.keyboard.type('greeting.toUpp');
  await page.keyboard.press('Tab');
  const item = page.locator('.jp-Completer .jp-Completer-item', { hasText: 'toUpperCase' });
  await item.first().waitFor({ timeout: CELL_MS });
  await page.screenshot({ path: join(opts.out, 'completer.png') });
  await page.keyboard.press('Enter');
  expectText(await cell.locator('.cm-content').innerText(), /greeting\.toUpperCase/, 'editor after choosing');
  // Leave the cell empty again for the next step.
  await page.keyboard.press('Control+a');
  await page.keyboard.press('Delete');
});

test('%cache list renders as an HTML table with a row for heavy', async (page) => {
  const cell = await runCell(page, '%cache list');
  const table = cell.locator('.jp-RenderedHTMLCommon table');
  await table.waitFor({ timeout: CELL_MS });
  const rows = table.locator('tbody tr');
  if (await rows.count() < 1) throw new Error('no rows');
  await table.locator('td', { hasText: /^heavy$/ }).first().waitFor({ timeout: 5_000 });
});

// ---- runner ---------------------------------------------------------------------------------
await runInChromium({
  chromium, url: opts.url, tests, result: opts.result,
  notReadyReason: 'the kernel never became ready',
  afterTest: async (page, i, t) => {
    const shot = join(opts.out, `${String(i + 1).padStart(2, '0')}-${t.name.replace(/[^A-Za-z0-9]+/g, '-').slice(0, 50)}.png`);
    await page.screenshot({ path: shot, fullPage: true }).catch(() => {});
  },
});
