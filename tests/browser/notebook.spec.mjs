// Real-browser test of java-cached in the classic Jupyter Notebook, driven by playwright-core
// with the system Chromium. Started by run.sh, which owns the notebook server:
//   node notebook.spec.mjs --url <notebook url with token> --result <result.json> --out <dir>
// The notebook holds one empty code cell and asks for the "java-cached" kernel. Every step
// types real keystrokes into the cell editor (CodeMirror), runs the cell with Shift+Enter and
// waits on the page itself (prompt number, output element), never on fixed sleeps.
import { chromium } from 'playwright-core';
import { join } from 'node:path';
import {
  CELL_MS, INTERRUPT_MS, KERNEL_START_MS, expectText, runInChromium, specOptions, testList,
} from '../lib/browser-spec.mjs';

const opts = specOptions('notebook.spec.mjs');
const { tests, test } = testList();

// ---- helpers -------------------------------------------------------------------------------
const codeCells = (page) => page.locator('#notebook-container .cell.code_cell');
const kernelIdle = (page) => page.locator('#kernel_indicator_icon.kernel_idle_icon');

/** Types `code` into the last (empty) code cell, runs it with Shift+Enter and waits until the
 *  cell has its execution number. Returns the executed cell's locator. */
async function runCell(page, code, { waitDone = true } = {}) {
  const count = await codeCells(page).count();
  const cell = codeCells(page).nth(count - 1);
  const editor = cell.locator('.CodeMirror');
  await editor.click();
  await page.keyboard.type(code);
  // Auto-closed brackets and quotes must have been typed over, not doubled.
  const typed = await editor.evaluate((el) => el.CodeMirror.getValue());
  if (typed !== code) throw new Error(`cell editor holds ${JSON.stringify(typed)}, typed ${JSON.stringify(code)}`);
  await page.keyboard.press('Shift+Enter');
  // Shift+Enter on the last cell appends a new empty cell below it.
  await codeCells(page).nth(count).waitFor({ state: 'attached', timeout: 10_000 });
  if (waitDone) await waitExecuted(cell, CELL_MS);
  return cell;
}

async function waitExecuted(cell, timeout) {
  await cell.locator('.input_prompt', { hasText: /In\s*\[\d+\]/ }).waitFor({ timeout });
}

// ---- the tests (in order, one notebook, one kernel) ---------------------------------------
test('kernel "Java (cached)" starts and goes idle', async (page) => {
  await page.locator('#kernel_indicator .kernel_indicator_name', { hasText: 'Java (cached)' })
    .waitFor({ timeout: KERNEL_START_MS });
  await kernelIdle(page).waitFor({ timeout: KERNEL_START_MS });
});

test('int x = 6; then x * 7 shows 42', async (page) => {
  const decl = await runCell(page, 'int x = 6;');
  const declErrors = await decl.locator('.output_error').count();
  if (declErrors) throw new Error(`declaration failed: ${await decl.locator('.output_area').innerText()}`);
  const cell = await runCell(page, 'x * 7');
  const result = cell.locator('.output_area .output_result');
  await result.waitFor({ timeout: CELL_MS });
  expectText((await result.innerText()).trim(), /^42$/, 'result of x * 7');
  // The result is the cell's Out[n], numbered like its In[n].
  const inPrompt = await cell.locator('.input_prompt').innerText();
  const outPrompt = await cell.locator('.output_area .output_prompt').first().innerText();
  expectText(outPrompt, new RegExp(`Out\\s*\\[${inPrompt.match(/\[(\d+)\]/)[1]}\\]`), 'output prompt');
});

test('display("<b>bold</b>", "text/html") renders a <b> element', async (page) => {
  const cell = await runCell(page, 'display("<b>bold</b>", "text/html");');
  const bold = cell.locator('.output_area .output_html b');
  await bold.waitFor({ timeout: CELL_MS });
  expectText(await bold.innerText(), /^bold$/, '<b> text');
  // Rendered as HTML, not shown as the literal markup.
  const shown = await cell.locator('.output_area').innerText();
  if (shown.includes('<b>')) throw new Error(`HTML shown as text: ${JSON.stringify(shown)}`);
});

test('a cell that throws shows the exception name in an error output', async (page) => {
  const cell = await runCell(page, 'Integer.parseInt("forty-two")');
  const error = cell.locator('.output_area .output_error');
  await error.first().waitFor({ timeout: CELL_MS });
  expectText(await error.first().innerText(), /NumberFormatException/, 'error output');
  // The failing cell must not have left the kernel busy.
  await kernelIdle(page).waitFor({ timeout: CELL_MS });
});

test('Kernel > Interrupt stops while (true) {} and the next cell still runs', async (page) => {
  const loop = await runCell(page, 'while (true) {}', { waitDone: false });
  // Really running: the prompt shows In [*] and the kernel indicator is busy.
  await loop.locator('.input_prompt', { hasText: /In\s*\[\*\]/ }).waitFor({ timeout: CELL_MS });
  await page.locator('#kernel_indicator_icon.kernel_busy_icon').waitFor({ timeout: CELL_MS });
  await page.locator('#kernellink').click();
  await page.locator('#int_kernel > a').click();
  await waitExecuted(loop, INTERRUPT_MS);
  await kernelIdle(page).waitFor({ timeout: INTERRUPT_MS });
  expectText(await loop.locator('.output_area').innerText(), /Interrupted/, 'output of the interrupted cell');
  const after = await runCell(page, 'x + 1');
  const result = after.locator('.output_area .output_result');
  await result.waitFor({ timeout: CELL_MS });
  expectText((await result.innerText()).trim(), /^7$/, 'x + 1 after the interrupt');
});

// ---- runner ---------------------------------------------------------------------------------
await runInChromium({
  chromium, url: opts.url, tests, result: opts.result,
  notReadyReason: 'the kernel never became idle',
  afterTest: async (page, i, t, ok) => {
    if (!ok) await page.screenshot({ path: join(opts.out, `failure-${i + 1}.png`), fullPage: true }).catch(() => {});
  },
  afterAll: async (page) => {
    // Scroll back to the top so the screenshot shows the whole notebook from its first cell.
    await page.locator('#notebook-container .cell').first().scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(opts.out, 'notebook.png'), fullPage: true });
  },
});
