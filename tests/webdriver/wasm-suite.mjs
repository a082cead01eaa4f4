// The wasm-bindgen-test suite (tests/web.rs) in WebKitGTK's MiniBrowser, driven over W3C WebDriver
// by Debian's WebKitWebDriver. wasm-bindgen-test-runner 0.2.129 cannot start a WebKitGTK session
// itself (its Safari driver sends no capabilities, and MiniBrowser needs its binary and flags in
// `webkitgtk:browserOptions`), so for each batch of tests the runner only serves the page
// (`NO_HEADLESS=1`, `--exact --skip` for every test outside the batch) and this script opens
// wasm-suite.html on it in a fresh browser session and reads the harness's results from the page.
//
// When a batch's session dies (the web process crashed or deadlocked, the driver gone), the tests it
// gave no result for run in a new session, up to ATTEMPTS sessions in all; a test that fails, or
// gives no result, fails the run.
//
//   make test-webkit            (installs what it needs, builds, runs this under xvfb-run)
//   xvfb-run -a -s "-screen 0 1280x1024x24" node tests/webdriver/wasm-suite.mjs [web-*.wasm]
//
// Environment: WASM_SUITE_BATCH (tests per session, 7), WASM_SUITE_ATTEMPTS (sessions per batch, 3),
// WASM_SUITE_FILTER (a regular expression: only the tests whose names match),
// MINIBROWSER (the browser binary; else found with dpkg -L libwebkit2gtk-4.1-0).

import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, '../..');
const BATCH = Number(process.env.WASM_SUITE_BATCH || 7);
/**
 * Sessions a batch may use. WebKitGTK's web process dies now and then in GLib ("getauxval () failed:
 * Interrupted system call": GLib 2.74's set-uid check finds errno set, most likely by JavaScriptCore's
 * thread-suspension signal, SIGUSR1, which the page's thread gets about 30 times a second). Measured
 * here: about one crash in two runs of the suite, one in ten batches. With one rerun about one run in
 * 15 would still fail; with two, fewer than one in 100.
 */
const ATTEMPTS = Number(process.env.WASM_SUITE_ATTEMPTS || 3);
/** Session start and navigation, which a loaded machine slows. */
const REQUEST_MS = 120_000;
/** A poll of the page's text, which answers in milliseconds unless the page's thread is stuck:
 * WebKitGTK 2.50's web process deadlocks now and then (the main thread in a GStreamer state change,
 * a demuxer's streaming thread waiting for the main thread in WebKit's sync bus handler). */
const POLL_MS = 30_000;
/** What a batch may take: an allowance for the browser and the 40 MB module, and a share per test
 * far above what the slowest takes here (a batch of 7 runs in 10 to 20 s). */
const BATCH_BASE_MS = 60_000;
const PER_TEST_MS = 30_000;

/** Tests that cannot run in WebKitGTK, each with the reason printed beside its name. */
const HANGS =
  "WebKitGTK 2.50's web process deadlocks in this test on a loaded machine, often enough that three sessions did not get past it (main thread in a GStreamer state change, a matroskademux thread waiting for it in WebKit's sync bus handler: gdb); rarer elsewhere, where the reruns absorb it; issue 13";
const SKIP = new Map([
  ['a_locked_episode_does_not_play_and_its_html_title_is_text', HANGS],
  ['progress_is_saved_as_the_viewer_watches_and_a_new_player_resumes_there', HANGS],
  [
    'an_ending_card_rewinds_or_moves_on',
    "WebKitGTK 2.50's GStreamer player does not run a video that is not visible in the viewport, and one shown and played in the same task stays at 0 s (a frame later it plays); the rewind shows a hidden slot and plays it at once (issue 13: the player needs the fix, not the test)",
  ],
]);

const log = (line) => process.stdout.write(`${line}\n`);

/** The test binary: the argument, or the one `cargo test --no-run` reports. */
function testWasm() {
  if (process.argv[2]) return resolve(process.argv[2]);
  const out = execFileSync(
    'cargo',
    ['test', '--target', 'wasm32-unknown-unknown', '--test', 'web', '--no-run', '--message-format=json'],
    { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
  );
  for (const line of out.split('\n')) {
    if (!line.startsWith('{')) continue;
    const message = JSON.parse(line);
    if (message.reason === 'compiler-artifact' && message.target?.name === 'web' && message.executable) {
      return message.executable;
    }
  }
  throw new Error('cargo test --no-run named no executable for tests/web.rs');
}

function miniBrowser() {
  if (process.env.MINIBROWSER) return process.env.MINIBROWSER;
  const files = execFileSync('dpkg', ['-L', 'libwebkit2gtk-4.1-0'], { encoding: 'utf8' }).split('\n');
  const found = files.find((f) => f.endsWith('/MiniBrowser'));
  if (!found) throw new Error('no MiniBrowser in libwebkit2gtk-4.1-0 (apt-get install webkit2gtk-driver)');
  return found;
}

function freePort() {
  return new Promise((ok, fail) => {
    const server = createServer();
    server.on('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => ok(port));
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** A child process whose output is kept (the last 64 KB) for a report. */
function start(command, args, options = {}) {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], ...options });
  child.output = '';
  const keep = (chunk) => {
    child.output = (child.output + chunk).slice(-65536);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  child.exited = new Promise((r) => child.on('exit', (code, signal) => r(signal || code)));
  return child;
}

async function stop(child) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const gone = await Promise.race([child.exited.then(() => true), sleep(3000).then(() => false)]);
  if (!gone) child.kill('SIGKILL');
}

/** The runner serving `names` alone on a free port; resolves to it and its page's address. */
async function serveBatch(wasm, names, all) {
  const skip = all.filter((n) => !names.includes(n)).flatMap((n) => ['--skip', n]);
  const runner = start('wasm-bindgen-test-runner', [wasm, '--exact', ...skip], {
    cwd: HERE,
    env: { ...process.env, NO_HEADLESS: '1', WASM_BINDGEN_TEST_ADDRESS: '127.0.0.1:0' },
  });
  const deadline = Date.now() + 120_000;
  for (;;) {
    const at = runner.output.match(/available at (http:\/\/[0-9.:]+)/);
    if (at) return { runner, url: `${at[1]}/wasm-suite.html` };
    if (runner.exitCode !== null || Date.now() > deadline) {
      await stop(runner);
      throw new Error(`wasm-bindgen-test-runner did not serve the batch:\n${runner.output}`);
    }
    await sleep(100);
  }
}

/**
 * A private D-Bus session bus for the browser. Without one, WebKitGTK's web process asks for the
 * session bus's address each time a video plays (its MPRIS media session), and GLib spawns
 * dbus-launch (not installed) and warns each time. The bus activates no services (no portals, no
 * accessibility bus), so nothing else starts and nothing prints. (The GLib crash under ATTEMPTS is
 * in the same lookup and happens with or without a bus.)
 */
async function sessionBus() {
  const dir = mkdtempSync(join(tmpdir(), 'wasm-suite-dbus-'));
  const config = join(dir, 'session.conf');
  writeFileSync(
    config,
    `<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:dir=${dir}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
`,
  );
  const daemon = start('dbus-daemon', [`--config-file=${config}`, '--nofork', '--print-address=1']);
  const until = Date.now() + 10_000;
  for (;;) {
    const address = daemon.output.match(/^unix:\S+/m);
    if (address) {
      daemon.address = address[0];
      daemon.cleanup = async () => {
        await stop(daemon);
        rmSync(dir, { recursive: true, force: true });
      };
      return daemon;
    }
    if (daemon.exitCode !== null || Date.now() > until) {
      throw new Error(`dbus-daemon did not start (apt-get install dbus-daemon): ${daemon.output}`);
    }
    await sleep(50);
  }
}

/** The browser session is gone or broken (not a test failing): the batch runs again in a new one. */
class SessionDied extends Error {}

/** One WebKitWebDriver and one MiniBrowser session over raw W3C WebDriver HTTP. */
class Session {
  static async open(binary, bus) {
    const port = await freePort();
    const driver = start('WebKitWebDriver', [`--port=${port}`], {
      // NO_AT_BRIDGE: GTK would ask the bus for an accessibility bus it does not have.
      env: { ...process.env, DBUS_SESSION_BUS_ADDRESS: bus.address, NO_AT_BRIDGE: '1' },
    });
    const session = new Session(driver, `http://127.0.0.1:${port}`);
    const until = Date.now() + 20_000;
    while (!(await session.ready())) {
      if (driver.exitCode !== null || Date.now() > until) {
        await stop(driver);
        throw new SessionDied(`WebKitWebDriver did not start: ${driver.output}`);
      }
      await sleep(100);
    }
    const created = await session.send('POST', '/session', {
      capabilities: {
        alwaysMatch: {
          browserName: 'MiniBrowser',
          'webkitgtk:browserOptions': {
            binary,
            // Muted autoplay as in Chromium's and Firefox's test profiles (webdriver.json).
            args: ['--automation', '--autoplay-policy=allow-without-sound'],
          },
        },
      },
    });
    session.id = created.sessionId;
    await session.send('POST', session.path('/timeouts'), { script: REQUEST_MS, pageLoad: REQUEST_MS });
    return session;
  }

  constructor(driver, base) {
    this.driver = driver;
    this.base = base;
    this.id = null;
  }

  async ready() {
    try {
      const response = await fetch(`${this.base}/status`, { signal: AbortSignal.timeout(2000) });
      return response.ok;
    } catch {
      return false;
    }
  }

  path(suffix) {
    return `/session/${this.id}${suffix}`;
  }

  async send(method, path, body, timeoutMs = REQUEST_MS + 10_000) {
    let response;
    try {
      response = await fetch(this.base + path, {
        method,
        headers: { 'content-type': 'application/json; charset=utf-8' },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      // The driver is gone, or does not answer: either way this session can do no more.
      throw new SessionDied(`${method} ${path}: ${error.cause?.code || error.name}: ${error.message}`);
    }
    const text = await response.text();
    let value;
    try {
      ({ value } = JSON.parse(text));
    } catch {
      throw new SessionDied(`${method} ${path}: HTTP ${response.status}, not JSON: ${text.slice(0, 200)}`);
    }
    if (!response.ok) {
      // NoSuchSession once the web process crashed, or "Could not parse script result" from the
      // crash page: the tests report only through the page's text, so any WebDriver error is the
      // browser's, never a test's.
      throw new SessionDied(`${method} ${path}: ${value?.error}: ${value?.message}`);
    }
    return value;
  }

  /** The text of `#id` from `offset` on, and its whole length. */
  async text(id, offset) {
    const script =
      'const el = document.getElementById(arguments[0]);' +
      'return el && [el.textContent.slice(arguments[1]), el.textContent.length];';
    const value = await this.send('POST', this.path('/execute/sync'), { script, args: [id, offset] }, POLL_MS);
    // Not wasm-suite.html any more: the web process crashed and a blank or error page replaced it.
    if (!value) throw new SessionDied(`no #${id} on the page`);
    return value;
  }

  async close() {
    if (this.id) {
      await this.send('DELETE', this.path(''), undefined, 10_000).catch(() => {});
      this.id = null;
    }
    await stop(this.driver);
  }
}

/**
 * Runs one batch in a new session; resolves to the harness's output, or throws SessionDied with the
 * output read before the session died.
 */
async function runBatch(binary, bus, url, names, label) {
  const session = await Session.open(binary, bus);
  let output = '';
  try {
    await session.send('POST', session.path('/url'), { url });
    const allowMs = BATCH_BASE_MS + PER_TEST_MS * names.length;
    const deadline = Date.now() + allowMs;
    let printed = 0;
    for (;;) {
      const [chunk, length] = await session.text('output', output.length);
      if (length < output.length) throw new SessionDied('the page reloaded');
      output += chunk;
      // Stream whole result lines as they come.
      const lines = output.slice(printed).split('\n');
      for (const line of lines.slice(0, -1)) {
        if (/^test .* \.\.\. /.test(line)) log(`${label} ${line}`);
        printed += line.length + 1;
      }
      if (output.includes('test result: ')) break;
      if (Date.now() > deadline) {
        output += `\n(no "test result" line after ${allowMs / 1000} s)\n`;
        const [console] = await session.text('console_output', 0).catch(() => ['']);
        return { output, console, timedOut: true };
      }
      await sleep(250);
    }
    const [console] = await session.text('console_output', 0);
    return { output, console, timedOut: false };
  } catch (error) {
    if (error instanceof SessionDied) {
      const exit = session.driver.exitCode ?? session.driver.signalCode;
      error.message += exit === null ? '' : ` (WebKitWebDriver exited: ${exit})`;
      error.driverLog = session.driver.output;
      error.output = output;
    }
    throw error;
  } finally {
    await session.close();
  }
}

/** name → 'ok' | 'FAIL' | 'ignored' from the harness's `test NAME ... RESULT` lines. */
function results(output) {
  const found = new Map();
  for (const [, name, result] of output.matchAll(/^test (\S+) \.\.\. (ok|FAIL|ignored)/gm)) {
    found.set(name, result);
  }
  return found;
}

/**
 * Runs `names` in a new session; when the session dies, the tests it gave no result for run in
 * another (a new runner serves just them), ATTEMPTS sessions in all. A test that hung the page
 * thus starts the next session on a fresh page, not after the test it followed. Resolves to the
 * harness's output of every session, joined, and `died` when the last one died too;
 * `counts.restarts` counts the sessions after the first.
 */
async function runWithRetry(wasm, all, binary, bus, names, label, counts) {
  const outputs = [];
  let remaining = names;
  for (let attempt = 1; ; attempt++) {
    const { runner, url } = await serveBatch(wasm, remaining, all);
    try {
      const batch = await runBatch(binary, bus, url, remaining, label);
      outputs.push(batch.output);
      return { ...batch, output: outputs.join('\n') };
    } catch (error) {
      if (!(error instanceof SessionDied)) throw error;
      log(`${label} the browser session died: ${error.message}`);
      if (error.driverLog) log(error.driverLog.trim().split('\n').slice(-15).join('\n'));
      // What the session gave before it died counts.
      outputs.push(error.output ?? '');
      const done = results(outputs.join('\n'));
      remaining = remaining.filter((n) => !done.has(n));
      if (remaining.length === 0) return { output: outputs.join('\n'), console: '', timedOut: false };
      if (attempt === ATTEMPTS) return { output: outputs.join('\n'), console: '', timedOut: false, died: true };
      counts.restarts++;
      log(`${label} running the ${remaining.length} tests without a result in a new session`);
    } finally {
      await stop(runner);
    }
  }
}

/** The harness's report of its failures in `output`: each session's, from "failures:" to its result line. */
function failureReports(output) {
  return [...output.matchAll(/\nfailures:\n[\s\S]*?\ntest result: .*/g)].map((m) => m[0].trim());
}

async function main() {
  const started = Date.now();
  const wasm = testWasm();
  const binary = miniBrowser();
  if (!existsSync(binary)) throw new Error(`no browser at ${binary}`);
  const all = execFileSync('wasm-bindgen-test-runner', [wasm, '--list'], { encoding: 'utf8' })
    .split('\n')
    .filter((l) => l.endsWith(': test'))
    .map((l) => l.slice(0, -': test'.length));
  if (all.length === 0) throw new Error(`no tests listed in ${wasm}`);
  for (const name of SKIP.keys()) {
    if (!all.includes(name)) throw new Error(`SKIP names ${name}, which is not a test`);
  }
  const filter = process.env.WASM_SUITE_FILTER || '';
  const chosen = all.filter((n) => new RegExp(filter).test(n));
  const skipped = chosen.filter((n) => SKIP.has(n));
  for (const name of skipped) log(`skip ${name}: ${SKIP.get(name)}`);
  const run = chosen.filter((n) => !SKIP.has(n));
  const batches = [];
  for (let i = 0; i < run.length; i += BATCH) batches.push(run.slice(i, i + BATCH));
  log(`webkit: ${run.length} tests in ${batches.length} batches of up to ${BATCH}, ${skipped.length} skipped (${binary})`);

  const passed = [];
  const failed = [];
  const ignored = [];
  const counts = { restarts: 0 };
  const bus = await sessionBus();
  try {
    for (const [i, names] of batches.entries()) {
      const label = `[${i + 1}/${batches.length}]`;
      const batchStarted = Date.now();
      const batch = await runWithRetry(wasm, all, binary, bus, names, label, counts);
      const found = results(batch.output);
      let ok = 0;
      for (const name of names) {
        const result = found.get(name);
        if (result === 'ok') passed.push(name);
        else if (result === 'ignored') ignored.push(name);
        else failed.push(name);
        if (result === 'ok') ok++;
        if (!result) log(`${label} test ${name} ... no result${batch.died ? ` (${ATTEMPTS} sessions died)` : ''}`);
      }
      log(`${label} ${ok}/${names.length} ok in ${((Date.now() - batchStarted) / 1000).toFixed(0)} s`);
      // A failure's report holds its own console output; a batch cut short has only the page's.
      for (const report of failureReports(batch.output)) log(report);
      if (batch.timedOut) {
        log(batch.output.slice(batch.output.lastIndexOf('\n(no "test result"')).trim());
        if (batch.console.trim()) log(`console:\n${batch.console.trimEnd()}`);
      }
    }
  } finally {
    await bus.cleanup();
  }
  const seconds = ((Date.now() - started) / 1000).toFixed(0);
  log(
    `webkit: ${passed.length} passed, ${failed.length} failed, ${skipped.length} skipped, ` +
      `${ignored.length} ignored ` +
      `(of ${all.length}${filter ? `, filter "${filter}"` : ''}); ${counts.restarts} session restarts; ${seconds} s`,
  );
  if (failed.length) {
    log(`failed: ${failed.join(' ')}`);
    process.exitCode = 1;
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
