// End-to-end checks of the built site (dist/) in Firefox, for what only a real
// browser shows and differs between engines: the module Web Worker that analyses
// large inputs (Firefox loads the page's own wasm into it), a real paste into the
// read-only view, and the request log. Playwright cannot drive Debian's firefox-esr (it needs its
// own patched build), so this speaks WebDriver to geckodriver directly: no
// dependencies beyond Node.
//
//   node tools/e2e/firefox.mjs DIST
//
// Needs `geckodriver` and `firefox-esr` (or `firefox`) on PATH, as the wasm
// browser tests do. Ends with `e2e: N passed, M failed` (tools/test-summary.sh).
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { createServer } from "node:net";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { run, test } from "./harness.mjs";
import { bigKubeconfig } from "./page.mjs";
import { serve } from "./server.mjs";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const DIST = resolve(process.argv[2] ?? join(ROOT, "dist"));
const BASE = "/eksplain/";
// The native CLI (tools/e2e.sh builds it and sets this): the page must report what it does.
const BIN = process.env.EKSPLAIN_BIN ?? join(ROOT, "target/debug/eksplain");

const which = (cmd) => spawnSync("sh", ["-c", `command -v ${cmd}`], { encoding: "utf8" }).stdout.trim();
const firefox = which("firefox-esr") || which("firefox");
const geckodriver = process.env.GECKODRIVER || which("geckodriver");
if (!firefox || !geckodriver) {
  console.error("firefox e2e: needs firefox-esr (or firefox) and geckodriver on PATH: run 'tools/setup.sh test'");
  process.exit(1);
}

async function freePort() {
  const s = createServer();
  await new Promise((ok) => s.listen(0, "127.0.0.1", ok));
  const { port } = s.address();
  await new Promise((ok) => s.close(ok));
  return port;
}

let driverLog = "";

/** A WebDriver session: just the commands these checks use. */
async function session() {
  const port = await freePort();
  // Firefox's own chatter ("running in headless mode", chrome-script errors) goes
  // to geckodriver's output: kept, and printed only when a check fails.
  const driver = spawn(geckodriver, ["--port", String(port), "--log", "error"], { stdio: ["ignore", "pipe", "pipe"] });
  driverLog = "";
  driver.stdout.on("data", (d) => (driverLog += d));
  driver.stderr.on("data", (d) => (driverLog += d));
  const url = `http://127.0.0.1:${port}`;
  const call = async (method, path, body) => {
    const r = await fetch(url + path, {
      method,
      headers: { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = await r.json();
    if (!r.ok) throw new Error(`WebDriver ${path}: ${json.value?.message ?? r.status}`);
    return json.value;
  };
  for (let i = 0; ; i++) {
    try {
      await call("GET", "/status");
      break;
    } catch (err) {
      if (i > 100) throw err;
      await new Promise((ok) => setTimeout(ok, 100));
    }
  }
  const { sessionId } = await call("POST", "/session", {
    capabilities: {
      alwaysMatch: {
        browserName: "firefox",
        "moz:firefoxOptions": { binary: firefox, args: ["-headless"], prefs: { "browser.shell.checkDefaultBrowser": false } },
      },
    },
  });
  const s = `/session/${sessionId}`;
  return {
    goto: (to) => call("POST", `${s}/url`, { url: to }),
    /** Runs `fn` (a function's source) in the page with `args`; awaits a returned promise. */
    eval: (fn, ...args) => call("POST", `${s}/execute/async`, {
      script: `const done = arguments[arguments.length - 1];
        Promise.resolve((${fn}).apply(null, Array.from(arguments).slice(0, -1)))
          .then(done, (e) => done({ __error: String(e && e.stack || e) }));`,
      args,
    }).then((v) => {
      if (v && v.__error) throw new Error(v.__error);
      return v;
    }),
    /** Polls `fn` in the page until it returns something truthy. */
    async waitFor(fn, what, ms = 60_000, ...args) {
      const end = Date.now() + ms;
      for (;;) {
        const v = await this.eval(fn, ...args);
        if (v) return v;
        if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
        await new Promise((ok) => setTimeout(ok, 100));
      }
    },
    /** Presses `key` with Control held (trusted key events: a real copy or paste). */
    ctrl: (key) => call("POST", `${s}/actions`, {
      actions: [{
        type: "key",
        id: "keyboard",
        actions: [
          { type: "keyDown", value: "\uE009" },
          { type: "keyDown", value: key },
          { type: "keyUp", value: key },
          { type: "keyUp", value: "\uE009" },
        ],
      }],
    }),
    async close() {
      await call("DELETE", s).catch(() => {});
      driver.kill();
    },
  };
}

/** Sets the editor's text as an edit does (value + `input` event); the page's time before. */
const setText = (text) => {
  const since = performance.now();
  const ta = document.querySelector("textarea.source");
  ta.value = text;
  ta.dispatchEvent(new InputEvent("input", { bubbles: true, inputType: "insertFromPaste" }));
  return since;
};
/** True once a report made after `since` is on screen. */
const analyzedSince = (since) => {
  const m = performance.getEntriesByName("eksplain-analyze", "measure").at(-1);
  return !!m && m.startTime >= since && !document.querySelector(".progress");
};
const summary = () => ({
  where: document.documentElement.dataset.eksplainAnalyzedIn ?? null,
  rows: document.querySelectorAll("table.contexts tbody tr").length,
  hidden: Number(document.querySelector(".explanation .show-more")?.dataset.hidden ?? 0),
});

const server = await serve(DIST, BASE);
const page = await session();
const version = spawnSync(firefox, ["--version"], { encoding: "utf8" }).stdout.trim();
console.log(`e2e (Firefox): ${DIST} served at ${server.origin}${BASE}; ${version}`);
let quietFrom = 0;

test("the app and its analysis worker start, requesting only the app's files", async () => {
  await page.goto(server.origin + BASE);
  await page.waitFor(() => document.querySelector(".welcome"), "the welcome screen");
  const worker = await page.waitFor(
    () => ["ready", "failed"].includes(document.documentElement.dataset.eksplainWorker) && document.documentElement.dataset.eksplainWorker,
    "the worker to start",
  );
  assert.equal(worker, "ready");
  await new Promise((ok) => setTimeout(ok, 500));
  const own = new Set(["", "index.html", ...readdirNames(DIST)]);
  const foreign = server.requests.filter((r) => !r.url.startsWith(BASE) || !own.has(r.url.slice(BASE.length).split("?")[0]));
  assert.deepEqual(foreign, [], "requests for anything but the app's own files");
  quietFrom = server.requests.length;
});

test("a small input is analysed on the page", async () => {
  const sample = readFileSync(join(ROOT, "static/samples/eks-v1alpha1.yaml"), "utf8");
  const since = await page.eval(setText, sample);
  await page.waitFor(analyzedSince, "the report", 30_000, since);
  const s = await page.eval(summary);
  assert.equal(s.where, "page");
  const codes = await page.eval(() => [...document.querySelectorAll("li.finding")].map((li) => li.dataset.code));
  assert.ok(codes.includes("KC010"), `findings: ${codes}`);
});

test("a large input is analysed in the worker and shows what eksplain check reports", async () => {
  const contexts = (text) => text.split("\n- context:").length - 1;
  const text = bigKubeconfig(300);
  const since = await page.eval(setText, text);
  await page.waitFor(analyzedSince, "the worker's report", 60_000, since);
  const s = await page.eval(summary);
  assert.equal(s.where, "worker");
  assert.equal(s.rows, 50, "the first 50 contexts");
  assert.equal(s.rows + s.hidden, contexts(text));
  // The report that crossed from the worker is the CLI's: kind and counts per severity.
  const file = join(mkdtempSync(join(tmpdir(), "eksplain-ff-")), "big.yaml");
  writeFileSync(file, text);
  const cli = spawnSync(BIN, ["check", "--format", "json", file], { encoding: "utf8", maxBuffer: 1 << 28 });
  assert.ok(cli.status === 0 || cli.status === 1, `eksplain check failed (${cli.status}): ${cli.stderr}`);
  const want = JSON.parse(cli.stdout).inputs[0];
  const counts = { error: 0, warning: 0, info: 0 };
  for (const f of want.findings) counts[f.severity]++;
  const got = await page.eval(() => {
    const counts = {};
    for (const c of document.querySelectorAll(".report-head .count")) counts[c.dataset.severity] = Number(c.dataset.count);
    return { kind: document.querySelector(".kind-label")?.dataset.kind ?? null, counts };
  });
  assert.deepEqual(got, { kind: want.kind, counts });
});

test("a real paste over 200 KB goes to the read-only view, not the textarea", async () => {
  // Firefox gives a synthetic ClipboardEvent no data, so this goes through the
  // clipboard: copy from a scratch textarea, then Ctrl+V into the editor.
  const text = bigKubeconfig(250);
  await page.eval(setText, "");
  await page.eval((text) => {
    const scratch = document.createElement("textarea");
    scratch.id = "scratch";
    scratch.value = text;
    document.body.append(scratch);
    scratch.focus();
    scratch.select();
  }, text);
  await page.ctrl("c");
  await page.eval(() => {
    document.getElementById("scratch").remove();
    document.querySelector("textarea.source").focus();
  });
  const since = await page.eval(() => performance.now());
  await page.ctrl("v");
  await page.waitFor(analyzedSince, "the report", 60_000, since);
  const got = await page.eval(() => ({
    textarea: document.querySelectorAll("textarea.source").length,
    rows: document.querySelectorAll(".vsource .vline").length,
    banner: document.querySelector(".large-input")?.innerText ?? "",
    where: document.documentElement.dataset.eksplainAnalyzedIn,
  }));
  assert.equal(got.textarea, 0, "the textarea never held the paste");
  assert.ok(got.rows > 20 && got.rows < 400, `${got.rows} rows in the DOM`);
  assert.match(got.banner, new RegExp(`${text.split("\n").length.toLocaleString("en-US")} lines`));
  assert.equal(got.where, "worker");
});

test("no request once the app had loaded", async () => {
  assert.deepEqual(server.requests.slice(quietFrom).filter((r) => !r.url.endsWith("/sw.js")), [], "requests after load");
});

function readdirNames(dir) {
  return spawnSync("find", [dir, "-type", "f", "-printf", "%P\\n"], { encoding: "utf8" }).stdout.split("\n").filter(Boolean);
}

const { passed, failed } = await run({ only: process.env.E2E_ONLY });
await page.close();
await server.close();
if (failed) console.log(`geckodriver and Firefox said:\n${driverLog.replace(/^/gm, "      ")}`);
console.log(`e2e: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
