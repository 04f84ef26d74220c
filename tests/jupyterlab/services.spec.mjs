// java-cached driven from Node by @jupyterlab/services, the client code inside JupyterLab:
// ServerConnection settings, a SessionManager session (REST) whose kernel connection speaks the
// Jupyter protocol over Jupyter Server's websocket, interrupt and restart over REST.
// Started by run.sh, which owns Debian's Jupyter Server (127.0.0.1, token):
//   node services.spec.mjs --url http://127.0.0.1:PORT/ --token TOKEN --result <result.json>
// Every check reads the messages the kernel sent (iopub, stdin, shell replies); nothing sleeps.
import { KernelManager, ServerConnection, SessionManager } from '@jupyterlab/services';
import WebSocket from 'ws';
import { writeFileSync } from 'node:fs';

const opts = {};
for (let i = 2; i < process.argv.length; i += 2) opts[process.argv[i].replace(/^--/, '')] = process.argv[i + 1];
if (!opts.url || !opts.token || !opts.result) {
  console.error('usage: node services.spec.mjs --url URL --token TOKEN --result FILE');
  process.exit(2);
}

const KERNEL_START_MS = 120_000;  // JVM start + first compile on a loaded 2-core machine
const CELL_MS = 60_000;
const INTERRUPT_MS = 20_000;
const HEAVY_MS = 1500;            // compute() below sleeps this long; the cache threshold is 100 ms

const serverSettings = ServerConnection.makeSettings({
  baseUrl: opts.url,
  wsUrl: opts.url.replace(/^http/, 'ws'),
  token: opts.token,
  appendToken: true,   // the websocket carries the token in its URL (no Authorization header there)
  WebSocket,           // Node 20 has no global WebSocket
});
const kernelManager = new KernelManager({ serverSettings });
const sessionManager = new SessionManager({ serverSettings, kernelManager });

/** Rejects with a message naming `what` when `promise` takes longer than `ms`. */
function within(ms, promise, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms / 1000} s`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Resolves when the kernel connection reports `status` (or is already in it). */
function untilStatus(kernel, status, ms, what) {
  if (kernel.status === status) return Promise.resolve();
  return within(ms, new Promise((resolve) => {
    const onStatus = (_, s) => {
      if (s === status) { kernel.statusChanged.disconnect(onStatus); resolve(); }
    };
    kernel.statusChanged.connect(onStatus);
  }), what);
}

/**
 * Runs `code` as JupyterLab's output area runs a cell: an execute_request whose iopub messages
 * are collected in order, on a future kept after the reply (disposeOnDone false, as the output
 * area does) so that a later cell's update_display_data for one of its displays still reaches
 * it. `input` answers input_requests (allow_stdin is on only then).
 * Returns { reply (content), metadata (of the reply), outputs, stdin, ms, future }.
 */
const liveFutures = [];
async function execute(kernel, code, { input, timeout = CELL_MS } = {}) {
  const started = Date.now();
  const future = kernel.requestExecute({ code, allow_stdin: input !== undefined, stop_on_error: true }, false);
  liveFutures.push(future);
  const outputs = [];
  const stdin = [];
  future.onIOPub = (msg) => {
    const type = msg.header.msg_type;
    if (['stream', 'execute_result', 'display_data', 'update_display_data', 'error', 'clear_output'].includes(type)) {
      outputs.push({ type, ...msg.content });
    }
  };
  future.onStdin = (msg) => {
    if (msg.header.msg_type !== 'input_request') return;
    stdin.push(msg.content);
    kernel.sendInputReply({ status: 'ok', value: input(msg.content.prompt) }, msg.header);
  };
  const reply = await within(timeout, future.done, `execute ${JSON.stringify(code.slice(0, 40))}`);
  return { reply: reply.content, metadata: reply.metadata, outputs, stdin, ms: Date.now() - started };
}

const text = (outputs) => outputs.map((o) => o.text ?? o.data?.['text/plain'] ?? '').join('');
const results = (outputs) => outputs.filter((o) => o.type === 'execute_result');

function check(condition, message, detail) {
  if (!condition) throw new Error(`${message}${detail === undefined ? '' : `: ${JSON.stringify(detail).slice(0, 600)}`}`);
}

/** Runs code that must succeed; returns what execute returns. */
async function ok(kernel, code, options) {
  const r = await execute(kernel, code, options);
  check(r.reply.status === 'ok', `${JSON.stringify(code)} failed`, { reply: r.reply, outputs: r.outputs });
  return r;
}

/** The single execute_result's text/plain of running `code`. */
async function value(kernel, code) {
  const r = await ok(kernel, code);
  const res = results(r.outputs);
  check(res.length === 1, `${JSON.stringify(code)}: one execute_result expected`, r.outputs);
  return res[0].data['text/plain'];
}

// ---- the tests (in order, one session, one kernel) ------------------------------------------
const tests = [];
const test = (name, fn) => tests.push({ name, fn });
let session;
let kernel;

test('a session on java-cached starts (POST /api/sessions) and its kernel goes idle', async () => {
  session = await within(KERNEL_START_MS, sessionManager.startNew({
    path: 'services-test.ipynb', name: 'services-test.ipynb', type: 'notebook', kernel: { name: 'java-cached' },
  }), 'start session');
  kernel = session.kernel;
  check(kernel && kernel.name === 'java-cached', 'session kernel is java-cached', kernel?.name);
  const info = await within(KERNEL_START_MS, kernel.info, 'kernel_info');
  check(info.language_info.name === 'java', 'kernel_info language is java', info.language_info);
  await untilStatus(kernel, 'idle', KERNEL_START_MS, 'kernel idle');
});

test('int x = 6; then x * 7 gives 42', async () => {
  await ok(kernel, 'int x = 6;');
  const r = await ok(kernel, 'x * 7');
  const res = results(r.outputs);
  check(res.length === 1 && res[0].data['text/plain'] === '42', 'x * 7 is 42', r.outputs);
  check(res[0].execution_count === r.reply.execution_count, 'result numbered like the cell', [res[0], r.reply]);
});

test('HTML and PNG display_data', async () => {
  const html = await ok(kernel, 'display("<b>bold</b>", "text/html");');
  const shown = html.outputs.filter((o) => o.type === 'display_data');
  check(shown.length === 1 && shown[0].data['text/html'] === '<b>bold</b>', 'one text/html display_data', html.outputs);

  const png = await ok(kernel, [
    'var img = new java.awt.image.BufferedImage(40, 20, java.awt.image.BufferedImage.TYPE_INT_RGB);',
    'var g = img.createGraphics(); g.setColor(java.awt.Color.ORANGE); g.fillRect(0, 0, 40, 20); g.dispose();',
    'display(img);',
  ].join('\n'));
  const images = png.outputs.filter((o) => o.type === 'display_data' && o.data['image/png']);
  check(images.length === 1, 'one image/png display_data', png.outputs);
  const bytes = Buffer.from(images[0].data['image/png'], 'base64');
  check(bytes.subarray(1, 4).toString('latin1') === 'PNG', 'base64 of a PNG file', bytes.subarray(0, 8).toString('hex'));
  check(bytes.readUInt32BE(16) === 40 && bytes.readUInt32BE(20) === 20, 'PNG header says 40 x 20',
    [bytes.readUInt32BE(16), bytes.readUInt32BE(20)]);
});

test('display(...) then updateDisplay(id, ...) from a later cell updates the first cell', async () => {
  const first = await ok(kernel, 'String shownId = display("<i>first</i>", "text/html");');
  const shown = first.outputs.filter((o) => o.type === 'display_data');
  check(shown.length === 1, 'one display_data', first.outputs);
  const id = shown[0].transient?.display_id;
  check(typeof id === 'string' && id.length > 0, 'the display_data carries transient.display_id', shown[0]);
  check((await value(kernel, 'shownId')).includes(id), 'display(...) returned that id');

  const second = await ok(kernel, 'updateDisplay(shownId, "<i>second</i>", "text/html");');
  // The kernel connection routes an update by its display_id to the cells that showed it, as
  // JupyterLab does: the first cell's future gets it, the updating cell shows nothing new.
  const updates = first.outputs.filter((o) => o.type === 'update_display_data');
  check(updates.length === 1, 'the first cell got one update_display_data', first.outputs);
  check(second.outputs.length === 0, 'the updating cell has no output of its own', second.outputs);
  check(updates[0].transient?.display_id === id, 'the update names the first display', updates[0]);
  check(updates[0].data['text/html'] === '<i>second</i>', 'the update carries the new HTML', updates[0]);
});

test('an exception becomes an error reply and error output with its traceback', async () => {
  await ok(kernel, 'int parse(String s) { return Integer.parseInt(s); }');
  const r = await execute(kernel, 'parse("forty-two")');
  check(r.reply.status === 'error', 'reply status error', r.reply);
  const errors = r.outputs.filter((o) => o.type === 'error');
  check(errors.length === 1, 'one error output', r.outputs);
  const e = errors[0];
  check(/NumberFormatException/.test(e.ename), 'ename names the exception', e);
  check(/forty-two/.test(e.evalue), 'evalue has the message', e);
  check(Array.isArray(e.traceback) && e.traceback.length > 1, 'traceback has lines', e.traceback);
  const tb = e.traceback.join('\n');
  check(/NumberFormatException/.test(tb) && /\bparse\b/.test(tb), 'traceback shows the exception and parse(...)', tb);
  check(r.reply.ename === e.ename, 'the reply names the same exception', r.reply);
  await untilStatus(kernel, 'idle', CELL_MS, 'idle after the error');
});

test('System.in asks through input_request; sendInputReply answers it', async () => {
  const r = await ok(kernel, 'System.out.print("Name? ");\nnew java.util.Scanner(System.in).nextLine().toUpperCase()',
    { input: () => 'duke' });
  check(r.stdin.length === 1, 'exactly one input_request', r.stdin);
  check(r.stdin[0].password === false, 'not a password prompt', r.stdin[0]);
  const res = results(r.outputs);
  check(res.length === 1 && res[0].data['text/plain'] === '"DUKE"', 'the typed line came back upper-cased', r.outputs);
  // The prompt printed before reading reaches the client before the kernel waits for input.
  check(/Name\? /.test(text(r.outputs.filter((o) => o.type === 'stream'))) || /Name\? /.test(r.stdin[0].prompt),
    'the prompt was shown', { outputs: r.outputs, stdin: r.stdin });
});

test('interrupt (POST /api/kernels/ID/interrupt) stops while (true) {}; the next cell runs', async () => {
  const started = Date.now();
  // The cell prints before it spins, and the interrupt is sent once that line arrived: the kernel
  // drops an interrupt_request that comes while it is still compiling the cell (after it said
  // busy), and the loop would then run on until a second interrupt.
  const future = kernel.requestExecute({ code: 'System.out.println("spinning");\nwhile (true) {}', stop_on_error: true });
  const outputs = [];
  let spinning;
  const spins = new Promise((resolve) => { spinning = resolve; });
  future.onIOPub = (msg) => {
    if (msg.header.msg_type === 'error' || msg.header.msg_type === 'stream') outputs.push(msg.content);
    if (/spinning/.test(msg.content.text ?? '')) spinning();
  };
  await within(CELL_MS, spins, 'the loop cell started');
  await within(INTERRUPT_MS, kernel.interrupt(), 'interrupt');
  const reply = await within(INTERRUPT_MS, future.done, 'reply of the interrupted cell');
  check(reply.content.status === 'error', 'the interrupted cell ends in error', reply.content);
  check(/Interrupt/.test(reply.content.ename ?? '') || /Interrupt/.test(JSON.stringify(outputs)),
    'the error says interrupted', { reply: reply.content, outputs });
  console.log(`  interrupted after ${((Date.now() - started) / 1000).toFixed(1)} s`);
  check(await value(kernel, 'x + 1') === '7', 'x + 1 after the interrupt is 7');
});

const HEAVY_DEF = `long compute() {
    System.out.println("computing...");
    System.setProperty("compute.calls", String.valueOf(Integer.getInteger("compute.calls", 0) + 1));
    try { Thread.sleep(${HEAVY_MS}); } catch (InterruptedException e) { throw new RuntimeException(e); }
    return 6L * 7;
}`;
let firstHeavyMs;

test(`a heavy cell (compute() sleeps ${HEAVY_MS} ms) computes its value`, async () => {
  await ok(kernel, HEAVY_DEF);
  const r = await ok(kernel, 'var heavy = compute();');
  firstHeavyMs = r.ms;
  check(r.ms >= HEAVY_MS, `took at least ${HEAVY_MS} ms`, r.ms);
  check(/computing\.\.\./.test(text(r.outputs)), 'compute() ran', r.outputs);
  check(!/restored/.test(text(r.outputs)), 'nothing restored the first time', r.outputs);
  check(await value(kernel, 'heavy') === '42', 'heavy is 42');
  check(await value(kernel, 'System.getProperty("compute.calls")') === '"1"', 'compute() ran once');
});

test('restart (POST /api/kernels/ID/restart), then the heavy cell is restored with the same value', async () => {
  const before = await value(kernel, 'heavy');
  await within(KERNEL_START_MS, kernel.restart(), 'restart');
  await untilStatus(kernel, 'idle', KERNEL_START_MS, 'idle after restart');
  // A new kernel process: what the old one declared is gone.
  const gone = await execute(kernel, 'x');
  check(gone.reply.status === 'error', 'x is undefined after the restart', gone.outputs);

  await ok(kernel, HEAVY_DEF);
  const r = await ok(kernel, 'var heavy = compute();');
  const restoreLine = r.outputs.find((o) => o.type === 'display_data' && /restored/.test(o.data['text/plain'] ?? ''));
  check(restoreLine, 'a display_data says the value was restored', r.outputs);
  check(/\bheavy\b/.test(restoreLine.data['text/plain']) && /from cache/.test(restoreLine.data['text/plain']),
    'the restore line names heavy and the cache', restoreLine.data);
  check(/<code>heavy<\/code>/.test(restoreLine.data['text/html'] ?? ''), 'the restore line has an HTML form', restoreLine.data);
  check(r.outputs[0]?.type === 'stream' && r.outputs[0].text === 'computing...\n',
    'the output of the first run is shown again', r.outputs);
  check(await value(kernel, 'System.getProperty("compute.calls")') === 'null', 'compute() did not run again');
  console.log(`  heavy cell: ${firstHeavyMs} ms computed, ${r.ms} ms restored — ${restoreLine.data['text/plain']}`);
  check(await value(kernel, 'heavy') === before, 'heavy has the same value as before the restart', before);
  check(r.metadata?.java_cached?.restored?.includes('heavy'), 'reply metadata lists heavy as restored',
    r.metadata);
});

test('complete_request on "greeting.toUpp" offers toUpperCase', async () => {
  await ok(kernel, 'String greeting = "hello";');
  const code = 'greeting.toUpp';
  const reply = await within(CELL_MS, kernel.requestComplete({ code, cursor_pos: code.length }), 'complete');
  const c = reply.content;
  check(c.status === 'ok', 'complete_reply ok', c);
  check(c.matches.some((m) => m.startsWith('toUpperCase')), 'toUpperCase offered', c.matches);
  check(c.cursor_start === 'greeting.'.length && c.cursor_end === code.length, 'replaces the typed "toUpp"',
    [c.cursor_start, c.cursor_end]);
});

test('%cache list returns an HTML table listing heavy', async () => {
  const r = await ok(kernel, '%cache list');
  const html = r.outputs.map((o) => o.data?.['text/html']).filter(Boolean).join('');
  check(/<table[\s>]/.test(html) && /<\/table>/.test(html), 'a text/html table', r.outputs);
  check(/<td[^>]*>\s*(<code>)?heavy\b/.test(html), 'a row for heavy', html);
  check(/\bheavy\b/.test(text(r.outputs)), 'text/plain lists heavy too', r.outputs);
});

// ---- runner -----------------------------------------------------------------------------------
const outcome = [];
let up = true;
for (const [i, t] of tests.entries()) {
  const started = Date.now();
  if (!up) {
    outcome.push({ name: t.name, ok: false, error: 'not run: no kernel', ms: 0 });
    console.log(`FAIL ${t.name} (not run: no kernel)`);
    continue;
  }
  try {
    await t.fn();
    outcome.push({ name: t.name, ok: true, ms: Date.now() - started });
    console.log(`PASS ${t.name} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  } catch (e) {
    const error = String(e?.stack ?? e).split('\n').slice(0, 6).join('\n');
    outcome.push({ name: t.name, ok: false, error, ms: Date.now() - started });
    console.log(`FAIL ${t.name}\n  ${error.replace(/\n/g, '\n  ')}`);
    if (i === 0) up = false;
  }
}
for (const future of liveFutures) future.dispose();
try {
  // DELETE /api/sessions/ID: the server stops the kernel.
  if (session) await within(30_000, session.shutdown(), 'session shutdown');
} catch (e) {
  console.log(`  (session shutdown: ${e?.message ?? e})`);
}
sessionManager.dispose();
kernelManager.dispose();
const passed = outcome.filter((r) => r.ok).length;
const failed = outcome.length - passed;
writeFileSync(opts.result, JSON.stringify({ passed, failed, tests: outcome }, null, 1));
process.exit(failed ? 1 : 0);
