// eksplain end-to-end tests: the built site (dist/) served on 127.0.0.1 under a
// sub-path, driven in Debian's Chromium through playwright-core.
//
//   node tools/e2e/run.mjs DIST   (tools/e2e.sh sets EKSPLAIN_BIN, the native CLI)
//
// The page is checked against the CLI: every sample in static/samples/ must show
// the kind and findings `eksplain check --format json` reports for it. Every
// network request is recorded (in the browser and at the server): anything but
// the app's own files fails the run, and so does any request at all once the app
// has loaded and the user starts pasting. Screenshots for the README go to
// docs/screenshots/. Ends with `e2e: N passed, M failed`.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { run, test } from "./harness.mjs";
import {
  bigKubeconfig,
  launch,
  lineGeometry,
  open,
  paste,
  pasteInPage,
  pasteKeys,
  pasteViaClipboard,
  reportSummary,
  saveScreenshot,
  scrollEditor,
  waitForAnalysis,
  watch,
} from "./page.mjs";
import { serve } from "./server.mjs";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const DIST = resolve(process.argv[2] ?? join(ROOT, "dist"));
const BIN = process.env.EKSPLAIN_BIN ?? join(ROOT, "target/debug/eksplain");
const SAMPLES = join(ROOT, "static/samples");
const SHOTS = join(ROOT, "docs/screenshots");
// Served under a sub-path: the app must only use relative URLs.
const BASE = "/tools/eksplain/";

const sampleFiles = readdirSync(SAMPLES).sort();
const sample = (f) => readFileSync(join(SAMPLES, f), "utf8");
const distFiles = readdirSync(DIST, { recursive: true, withFileTypes: true })
  .filter((d) => d.isFile())
  .map((d) => join(d.parentPath ?? d.path, d.name).slice(DIST.length + 1));

/** What the CLI says about each sample: { file: { kind, findings } }. */
function cliReports() {
  const r = spawnSync(BIN, ["check", "--format", "json", ...sampleFiles.map((f) => join(SAMPLES, f))], {
    encoding: "utf8",
  });
  if (r.error) throw new Error(`cannot run ${BIN}: ${r.error.message}`);
  assert.ok(r.status === 0 || r.status === 1, `eksplain check failed (${r.status}): ${r.stderr}`);
  const out = {};
  for (const input of JSON.parse(r.stdout).inputs) out[input.path.split("/").pop()] = input;
  return out;
}

function countBy(findings) {
  const c = { error: 0, warning: 0, info: 0 };
  for (const f of findings) c[f.severity]++;
  return c;
}


const SECRET = "eyJhbGciOiJSUzI1NiJ9.ZTJlLXNlY3JldC10b2tlbg.c2lnbmF0dXJl";
const withSecret = sample("eks-v1alpha1.yaml").replace(
  "    exec:\n",
  `    token: ${SECRET}\n    exec:\n`,
);
// A line that is both broken and secret: the Markdown report quotes it.
const brokenSecretLine = `apiVersion: v1\nkind: Config\nusers:\n- name: a\n  user:\n    token: ${SECRET}      client-key-data: x\n`;

// ------------------------------------------------------------------ setup ---

// A broken set-up is a failed run with the usual closing line, not a crash.
let expected, server, browser;
try {
  expected = cliReports();
  server = await serve(DIST, BASE);
  browser = await launch();
} catch (err) {
  console.log(`FAIL  set-up\n${String(err?.stack ?? err).replace(/^/gm, "      ")}`);
  console.log("e2e: 0 passed, 1 failed");
  process.exit(1);
}
const allowed = new Set([BASE, ...distFiles.map((f) => BASE + f)]);
// The suite's own servers (the offline test starts a second one to stop it).
const origins = new Set([server.origin]);
const isAppFile = (url) => {
  if (url.startsWith("blob:") || url.startsWith("data:")) return true; // local, not network
  const u = new URL(url);
  return origins.has(u.origin) && allowed.has(u.pathname);
};
const logs = [];
const newContext = async (opts = {}) => {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, ...opts });
  logs.push({ log: watch(context), strict: !opts.bypassCSP });
  return context;
};

console.log(`e2e: ${DIST} served at ${server.url}; Chromium ${browser.version()}; ${sampleFiles.length} samples`);

// The main session: one tab, used like a user would. Its request log must go
// quiet once the app has loaded.
const session = await newContext();
await session.grantPermissions(["clipboard-read", "clipboard-write"], { origin: server.origin });
const sessionLog = logs.at(-1).log;
let page;
let quietFrom = { browser: 0, server: 0 };

// ------------------------------------------------------------------ tests ---

test("the app loads from a sub-path, requesting only its own files", async () => {
  page = await open(session, server.url);
  assert.match(await page.innerText(".welcome"), /Paste something/);
  assert.match(await page.innerText("#privacy"), /Nothing you paste is sent anywhere or stored/);
  // The service worker installs and caches the app, then nothing more is fetched.
  await page.evaluate(async () => {
    const reg = await navigator.serviceWorker.ready;
    return reg.active.state;
  });
  await page.waitForFunction(async () => {
    const keys = await caches.keys();
    return keys.some((k) => k.startsWith("eksplain-"));
  });
  // The analysis worker (static/worker.js) loads the glue JS once more, then is ready.
  await page.waitForSelector("html[data-eksplain-worker=ready]");
  await page.waitForTimeout(500);
  const foreign = sessionLog.requests.filter((r) => !isAppFile(r.url));
  assert.deepEqual(foreign, [], "requests for anything but the app's own files");
  const atServer = server.requests.filter((r) => !allowed.has(new URL(r.url, server.origin).pathname));
  assert.deepEqual(atServer, [], "the server saw requests for files that are not the app's");
  quietFrom = { browser: sessionLog.requests.length, server: server.requests.length };
});

test("before the wasm arrives the header is on screen; the app takes over without moving it", async () => {
  // Its own server: the main one's log must stay quiet after the first load.
  const own = await serve(DIST, BASE);
  origins.add(own.origin);
  // A slow network: the wasm is held back until the test lets it through.
  const context = await newContext();
  let release;
  const gate = new Promise((ok) => (release = ok));
  await context.route(/\.wasm$/, async (route) => {
    await gate;
    await route.continue();
  });
  const p = await context.newPage();
  await p.goto(own.url);
  // "Loading" shows 0.4 s after the first paint (style.css), only if the wasm is late.
  await p.waitForFunction(() => /Loading eksplain/.test(document.getElementById("boot-status")?.innerText ?? ""));
  assert.equal(await p.locator(".app").count(), 0, "the app is not there yet");
  const painted = await p.evaluate(() => performance.getEntriesByName("first-contentful-paint")[0]?.startTime);
  assert.ok(painted != null, "the shell was painted before the wasm arrived");
  const header = (root) =>
    p.evaluate((root) => ["brand", "tagline", "privacy"].map((c) => document.querySelector(`${root} .${c}`).innerText), root);
  const shellText = await header("#boot-shell");
  assert.match(shellText[2], /Nothing you paste is sent anywhere or stored/);
  const before = await p.locator("#boot-shell .privacy").boundingBox();
  release();
  await p.waitForSelector(".app");
  assert.equal(await p.locator("#boot-shell").count(), 0, "the shell is removed");
  assert.equal(await p.locator("h1").count(), 1);
  // The shell is a copy of the app's header: the same words, in the same place.
  assert.deepEqual(await header(".app"), shellText, "index.html's header says what the app's does");
  const after = await p.locator("#privacy").boundingBox();
  assert.deepEqual(after, before, "the header did not move");
  await context.close();

  // A wasm that cannot load: an alert says so, in place of "Loading".
  const failing = await browser.newContext();
  await failing.route(/\.wasm$/, (route) => route.abort());
  const f = await failing.newPage();
  await f.goto(own.url);
  await f.waitForSelector("html[data-eksplain-boot=failed]");
  assert.match(await f.innerText(".boot-status[role=alert]"), /could not start in this browser/);
  assert.equal(await f.locator("#boot-status").count(), 0, "the Loading line is gone");
  await failing.close();
  await own.close();
});

for (const file of sampleFiles) {
  test(`sample ${file}: the page shows what eksplain check reports`, async () => {
    const want = expected[file];
    assert.ok(want, `no CLI report for ${file}`);
    await paste(page, sample(file));
    const got = await reportSummary(page);
    assert.equal(got.kind, want.kind, "detected kind");
    assert.deepEqual(got.counts, countBy(want.findings), "counts per severity");
    assert.deepEqual([...got.codes].sort(), want.findings.map((f) => f.code).sort(), "finding codes");
    const firstError = want.findings.find((f) => f.severity === "error");
    if (firstError) assert.ok(got.headline.includes(firstError.code), `headline leads with ${firstError.code}`);
  });
}

test("the samples menu offers every sample and loads it", async () => {
  const options = await page.$$eval("select.samples option", (os) => os.map((o) => o.value).filter(Boolean));
  assert.equal(options.length, sampleFiles.length);
  const since = await page.evaluate(() => performance.now());
  await page.selectOption("select.samples", "irsa-policy");
  await waitForAnalysis(page, since);
  assert.equal(await page.inputValue("textarea.source"), sample("irsa-trust-policy.json"));
  assert.equal((await reportSummary(page)).kind, "trust-policy");
  assert.equal(await page.inputValue("select.samples"), "", "the menu resets, so the same sample can be picked again");
});

test("a real paste (clipboard, Ctrl+V) is analysed", async () => {
  await pasteViaClipboard(page, sample("eks-kubeconfig.yaml"));
  const got = await reportSummary(page);
  assert.equal(got.kind, "kubeconfig");
  assert.match(await page.innerText(".explanation.kubeconfig"), /Current context: arn:aws:eks:eu-west-1/);
});

test("acceptance: the v1alpha1 problem and its fix are on screen without a click", async () => {
  const ms = await paste(page, sample("eks-v1alpha1.yaml"));
  const headline = page.locator(".headline");
  const text = await headline.innerText();
  assert.match(text, /This will not work/);
  assert.match(text, /KC010/);
  assert.match(text, /v1alpha1/);
  assert.match(text, /Fix: Change it to client\.authentication\.k8s\.io\/v1beta1/);
  const box = await headline.boundingBox();
  assert.ok(box.y + box.height <= 900, `the fix is above the fold (bottom at ${box.y + box.height}px)`);
  assert.ok(ms < 5000, `report took ${ms} ms`);
  console.log(`      time to report (v1alpha1 sample): ${ms} ms`);
});

test("clicking a finding selects and highlights its line, aligned with the text", async () => {
  await page.click("li.finding[data-code=KC010] button.goto");
  const g = await lineGeometry(page, 19);
  for (const k of ["number", "marker", "band"]) {
    assert.ok(g[k] !== null, `${k} for line 19 exists`);
    assert.ok(Math.abs(g[k] - g.expected) <= 2, `${k} at ${g[k]}, line 19 at ${g.expected}`);
  }
  const selected = await page.evaluate(() => {
    const ta = document.querySelector("textarea.source");
    return ta.value.slice(ta.selectionStart, ta.selectionEnd);
  });
  assert.equal(selected.trim(), "apiVersion: client.authentication.k8s.io/v1alpha1");
});

test("markers, numbers and the band stay on their line at any scroll position", async () => {
  // 1,000 comment lines push the finding to line 1,019, in the gutter's third
  // block of 500 lines, and the long CA line gives the textarea a horizontal
  // scrollbar (the case a scroll-synced gutter gets wrong).
  const long = "# padding\n".repeat(1000) + sample("eks-v1alpha1.yaml");
  await paste(page, long);
  await page.click("li.finding[data-code=KC010] button.goto");
  for (const pos of [0, 3000, 9990, 14000, 20100, "max"]) {
    const top = await scrollEditor(page, pos);
    for (const line of [1019, 1031, 1, 150, 500, 501, 1001]) {
      const g = await lineGeometry(page, line);
      for (const k of ["number", "marker", "band"]) {
        if (g[k] === null) continue; // only line 319 has a marker and the band
        assert.ok(Math.abs(g[k] - g.expected) <= 2, `scrollTop ${top}: ${k} of line ${line} at ${g[k]}, text at ${g.expected}`);
      }
    }
  }
  const g = await lineGeometry(page, 1019);
  assert.ok(g.marker !== null && g.band !== null);
});

test("clicking a gutter marker brings its finding into view and focus", async () => {
  await paste(page, sample("eks-v1alpha1.yaml"));
  await page.evaluate(() => document.querySelector(".report-pane").scrollTo(0, 10_000));
  await page.click('.mark[data-line="19"]');
  await page.waitForFunction(() => document.activeElement?.matches?.("li.finding[data-code=KC010]"));
  const band = await lineGeometry(page, 19);
  assert.ok(band.band !== null, "the marker's line is highlighted");
});

test("hovering or putting the caret on a line highlights its findings", async () => {
  const g = await lineGeometry(page, 19);
  const ta = await page.locator("textarea.source").boundingBox();
  await page.mouse.move(ta.x + 200, g.expected);
  await page.waitForSelector('li.finding.linked[data-line="19"]');
  await page.mouse.move(ta.x + 200, g.expected - 10 * g.lineHeight);
  await page.waitForSelector("li.finding.linked", { state: "detached" });
  await page.mouse.move(5, 5); // off the editor
  // Keyboard: the caret on line 19.
  await page.evaluate(() => {
    const ta = document.querySelector("textarea.source");
    const at = ta.value.indexOf("apiVersion: client.authentication.k8s.io/v1alpha1");
    ta.focus();
    ta.setSelectionRange(at, at);
  });
  await page.keyboard.press("End");
  await page.waitForSelector('li.finding.linked[data-line="19"]');
  await page.keyboard.press("Control+Home");
  await page.waitForSelector("li.finding.linked", { state: "detached" });
});

test("rule docs open in place and Escape closes them", async () => {
  const item = page.locator("li.finding[data-code=KC010]");
  await item.locator("button.docs-toggle").click();
  assert.match(await item.locator(".rule-docs").innerText(), /What it does/);
  await page.keyboard.press("Escape");
  await item.locator(".rule-docs").waitFor({ state: "detached" });
  assert.equal(await item.locator("button.docs-toggle").getAttribute("aria-expanded"), "false");
  assert.ok(await page.evaluate(() => document.activeElement.classList.contains("docs-toggle")), "focus returns to the toggle");
});

test("the theme follows the system and can be set for the visit", async () => {
  const bg = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  const attr = () => page.evaluate(() => document.documentElement.getAttribute("data-theme"));
  assert.equal(await attr(), null);
  await page.emulateMedia({ colorScheme: "dark" });
  assert.equal(await bg(), "rgb(13, 17, 23)", "dark system → dark page");
  await page.click('[data-theme-option="light"]');
  assert.equal(await attr(), "light");
  assert.equal(await bg(), "rgb(247, 248, 250)", "Light wins over a dark system");
  await page.click('[data-theme-option="dark"]');
  assert.equal(await attr(), "dark");
  await page.emulateMedia({ colorScheme: "light" });
  assert.equal(await bg(), "rgb(13, 17, 23)", "Dark wins over a light system");
  await page.click('[data-theme-option="system"]');
  assert.equal(await attr(), null);
  assert.equal(await page.getAttribute('[data-theme-option="system"]', "aria-pressed"), "true");
  assert.match(await page.getAttribute(".theme-picker", "title"), /stores nothing/);
});

test("copy report: Markdown, redacted unless secrets are revealed", async () => {
  const secretPart = SECRET.split(".")[1];
  const copyReport = async () => {
    await page.locator("button.copy", { hasText: "Copy report" }).click();
    await page.locator("button.copy", { hasText: "Copied" }).waitFor();
    const md = await page.evaluate(() => navigator.clipboard.readText());
    await page.locator("button.copy", { hasText: "Copy report" }).waitFor(); // the feedback expires
    return md;
  };
  // A kubeconfig with a token: nothing of it in the report.
  await paste(page, withSecret);
  let md = await copyReport();
  assert.match(md, /^## eksplain: .* \(kubeconfig\)/);
  assert.match(md, /KC010/);
  assert.ok(!md.includes(secretPart), `the token leaked into the copied report:\n${md}`);
  // A finding on the token's own line: the quoted source line is redacted...
  await paste(page, brokenSecretLine);
  const quoted = (md) => md.split("\n").find((l) => l.startsWith("  `")) ?? "";
  md = await copyReport();
  assert.equal(quoted(md).trim(), "`token: REDACTED`", md);
  // ...until the user reveals secrets.
  await page.click("button.reveal");
  assert.equal(await page.getAttribute("button.reveal", "aria-pressed"), "true");
  await page.locator(".reveal-warning").waitFor();
  md = await copyReport();
  assert.equal(quoted(md).trim(), `\`token: ${SECRET}      client-key-data: x\``);
  await page.click("button.reveal");
  assert.equal(await page.getAttribute("button.reveal", "aria-pressed"), "false");
});

test("download JSON: the CLI's schema, the same findings", async () => {
  await paste(page, sample("eks-v1alpha1.yaml"));
  const [download] = await Promise.all([page.waitForEvent("download"), page.click("text=Download JSON")]);
  assert.equal(download.suggestedFilename(), "eksplain-report.json");
  const doc = JSON.parse(readFileSync(await download.path(), "utf8"));
  const want = expected["eks-v1alpha1.yaml"];
  assert.equal(doc.version, 1);
  assert.equal(doc.inputs.length, 1);
  assert.equal(doc.inputs[0].kind, want.kind);
  assert.deepEqual(doc.inputs[0].findings, want.findings);
});

test("tabs: several inputs, arrow keys, Delete", async () => {
  await page.click("button.tab-add");
  await paste(page, sample("irsa-trust-policy.json"));
  const tabs = page.locator('[role="tab"]');
  assert.equal(await tabs.count(), 2);
  assert.equal(await tabs.nth(1).getAttribute("aria-selected"), "true");
  await tabs.nth(1).focus();
  await page.keyboard.press("ArrowLeft");
  await page.waitForFunction(() => document.activeElement?.getAttribute("aria-selected") === "true" && document.activeElement.id === document.querySelector('[role="tab"]').id);
  assert.equal(await page.inputValue("textarea.source"), sample("eks-v1alpha1.yaml"), "each tab keeps its text");
  assert.equal((await reportSummary(page)).kind, "kubeconfig");
  const panel = await page.getAttribute('[role="tabpanel"]', "aria-labelledby");
  assert.equal(panel, await tabs.nth(0).getAttribute("id"));
  await page.keyboard.press("End");
  assert.equal(await tabs.nth(1).getAttribute("aria-selected"), "true");
  assert.equal((await reportSummary(page)).kind, "trust-policy");
  await page.keyboard.press("Delete");
  await page.waitForFunction(() => document.querySelectorAll('[role="tab"]').length === 1);
  assert.equal((await reportSummary(page)).kind, "kubeconfig");
  assert.equal(await page.getAttribute('[role="tab"]', "tabindex"), "0");
});

test("the rule reference lists every rule and searches them", async () => {
  const r = spawnSync(BIN, ["rules"], { encoding: "utf8" });
  const total = r.stdout.trim().split("\n").length;
  await page.click("button.rules-button");
  const dialog = page.locator("dialog.rules-dialog");
  await dialog.waitFor();
  assert.equal(await dialog.locator(".rule-list > li").count(), total);
  assert.equal(await dialog.locator(".rule-count").innerText(), `${total} of ${total} rules`);
  await dialog.locator("input[type=search]").fill("kc010");
  // Other rules may mention KC010; the rule with that code comes first.
  assert.equal(await dialog.locator(".rule-list > li").first().getAttribute("data-code"), "KC010");
  await dialog.locator("summary").first().click();
  assert.match(await dialog.locator("li[data-code=KC010] .rule-docs").innerText(), /Why it matters/);
  await page.keyboard.press("Escape");
  await dialog.waitFor({ state: "hidden" });
  assert.ok(await page.evaluate(() => document.activeElement.classList.contains("rules-button")), "focus returns to the Rules button");
});

/** Waits until the report has all its parts (a large one fills in over a few frames: src/ui/pace.rs). */
const filled = (p) => p.waitForSelector("html:not([data-eksplain-filling])", { state: "attached" });

test("typing in a 20 KB input stays cheap and leaves the gutter alone", async () => {
  const text = bigKubeconfig(20);
  await paste(page, text);
  await filled(page);
  // Watch the DOM while typing a letter on one line: nothing but the report's
  // stale marking may change (no gutter rebuild, no re-render of the findings).
  // On a loaded machine a keystroke can outlast the debounce, and then the
  // analysis runs and rightly re-renders the report: such keystrokes (and the
  // one after, in case its render lands there) are left out, by the
  // `eksplain-analyzed` mark. Its time is logged, not asserted: the 16 ms
  // budget is measured by `make bench`, not by a timed test.
  const result = await page.evaluate(async () => {
    const ta = document.querySelector("textarea.source");
    let changed = [];
    const mo = new MutationObserver((ms) => {
      for (const m of ms) changed.push(`${m.type} ${m.target.nodeName}.${m.target.className ?? ""} ${m.attributeName ?? ""}`);
    });
    mo.observe(document.querySelector(".app"), { subtree: true, childList: true, attributes: true, characterData: true });
    const analyses = () => performance.getEntriesByName("eksplain-analyzed").length;
    const times = [];
    const seen = new Set();
    let judged = 0;
    let skipNext = false;
    const macrotask = () => new Promise((r) => { const c = new MessageChannel(); c.port1.onmessage = r; c.port2.postMessage(0); });
    ta.focus();
    ta.setSelectionRange(20, 20);
    for (let i = 0; i < 20; i++) {
      changed = [];
      const before = analyses();
      const t0 = performance.now();
      ta.setRangeText("x", ta.selectionStart, ta.selectionStart, "end");
      ta.dispatchEvent(new InputEvent("input", { bubbles: true, inputType: "insertText", data: "x" }));
      await macrotask(); // Yew renders before the next task
      times.push(performance.now() - t0);
      const analysed = analyses() !== before;
      if (!analysed && !skipNext) {
        judged += 1;
        for (const c of changed) seen.add(c);
      }
      skipNext = analysed;
    }
    mo.disconnect();
    times.sort((a, b) => a - b);
    return { median: times[10], max: times[19], judged, changed: [...seen] };
  });
  console.log(`      keystroke on a 20 KB input: median ${result.median.toFixed(2)} ms, max ${result.max.toFixed(2)} ms (${result.judged} of 20 keystrokes judged)`);
  assert.ok(result.judged >= 5, `only ${result.judged} of 20 keystrokes ran without an analysis in between`);
  const unexpected = result.changed.filter((c) => !/^attributes DIV\.report.* (class|aria-busy)$/.test(c) && !/^attributes PRE\.marks.* class$/.test(c));
  assert.deepEqual(unexpected, [], "DOM changes while typing within a line");
  await waitForAnalysis(page, await page.evaluate(() => performance.now() - 10_000));
});

test("a large input shows progress while it is analysed", async () => {
  const text = bigKubeconfig(400);
  // The indication may be on screen for a frame only (analysis is fast): watch the DOM for it.
  await page.evaluate(() => {
    window.__progress = [];
    new MutationObserver(() => {
      const p = document.querySelector(".progress[role=status]");
      if (p) window.__progress.push(p.textContent);
    }).observe(document.querySelector(".report-pane"), { childList: true, subtree: true });
  });
  const start = Date.now();
  const since = await pasteKeys(page, text);
  const ms = await waitForAnalysis(page, since);
  const seen = await page.evaluate(() => window.__progress);
  assert.ok(seen.length > 0, "the progress indication was shown");
  // Its 11,136 warnings (the fake CA data) are listed 50 at a time (the first
  // 20 findings with the report, the rest of the page a frame later).
  await page.waitForFunction(() => document.querySelectorAll("section.finding-group.warning li.finding").length >= 50);
  assert.equal(await page.locator("section.finding-group.warning li.finding").count(), 50);
  assert.match(seen[0], /Analysing 4\d\d\.\d KB/);
  await page.waitForSelector(".progress", { state: "detached" });
  console.log(`      400 KB kubeconfig: analysis ${ms.toFixed(0)} ms, paste to report ${Date.now() - start} ms`);
  assert.equal((await reportSummary(page)).kind, "kubeconfig");
  // It is shown read-only: the textarea never held it.
  assert.equal(await page.locator("textarea.source").count(), 0);
  assert.match(await page.innerText(".large-input"), new RegExp(`${(text.split("\n").length).toLocaleString("en-US")} lines`));
  assert.equal(await page.getAttribute("html", "data-eksplain-analyzed-in"), "worker");
});

test("a paste over 200 KB is shown read-only; findings jump to its lines; small pastes go to the textarea", async () => {
  // The v1alpha1 sample with 20,000 comment lines before its exec apiVersion:
  // KC010 moves from line 19 to line 20,019.
  const lines = sample("eks-v1alpha1.yaml").split("\n");
  const text = [...lines.slice(0, 18), ...Array(20_000).fill("# padding line"), ...lines.slice(18)].join("\n");
  const kc010 = 20_019;
  await paste(page, sample("eks-kubeconfig.yaml"));
  await pasteViaClipboard(page, text);
  assert.equal(await page.locator("textarea.source").count(), 0, "the large paste never went into the textarea");
  const banner = await page.innerText(".large-input");
  assert.match(banner, /Large input \(\d+\.\d KB, 20,031 lines\)/);
  assert.match(banner, /read-only/);
  // A window of rows, not 20,031 of them.
  const rows = await page.locator(".vsource .vline").count();
  assert.ok(rows > 20 && rows < 400, `${rows} rows in the DOM`);
  assert.equal(await page.getAttribute(".vsource", "tabindex"), "0");
  // Clicking the finding's location scrolls its line into view and highlights it.
  await page.click(`li.finding[data-code=KC010] button.goto`);
  const row = page.locator(`.vsource .vline.highlighted[data-line="${kc010}"]`);
  await row.waitFor();
  const [view, box] = [await page.locator(".vsource").boundingBox(), await row.boundingBox()];
  assert.ok(box.y >= view.y && box.y + box.height <= view.y + view.height, `line ${kc010} at ${box.y}, view ${view.y}..${view.y + view.height}`);
  assert.equal(await row.locator(".vtext").innerText(), "      apiVersion: client.authentication.k8s.io/v1alpha1");
  // Its marker, like the gutter's, brings the finding into focus.
  await page.click(`.vsource .mark[data-line="${kc010}"]`);
  await page.waitForFunction(() => document.activeElement?.matches?.("li.finding[data-code=KC010]"));
  // The keyboard scrolls the view (the line is near the end: up, then back to the top).
  await page.focus(".vsource");
  const top = await page.evaluate(() => document.querySelector(".vsource").scrollTop);
  await page.keyboard.press("PageUp");
  await page.waitForFunction((top) => document.querySelector(".vsource").scrollTop < top, top);
  await page.keyboard.press("Home");
  await page.waitForSelector('.vsource .vline[data-line="1"]');
  // A small paste is the textarea's, as before.
  await paste(page, sample("eks-v1alpha1.yaml"));
  assert.equal(await page.locator(".vsource").count(), 0);
  assert.equal(await page.inputValue("textarea.source"), sample("eks-v1alpha1.yaml"));
});

/** Pastes `text` as Ctrl+V delivers it ([`pasteInPage`]); returns the time before, for `waitForAnalysis`. */
async function setText(p, text) {
  const since = await p.evaluate(() => performance.now());
  await p.evaluate(pasteInPage, text);
  return since;
}

test("a large input is analysed in the worker; without one, the page shows the same report", async () => {
  const text = bigKubeconfig(300);
  const shown = async (p) => ({
    summary: await reportSummary(p),
    explanation: await p.innerText(".explanation"),
    where: await p.getAttribute("html", "data-eksplain-analyzed-in"),
  });
  await waitForAnalysis(page, await setText(page, text));
  await filled(page);
  const inWorker = await shown(page);
  assert.equal(inWorker.where, "worker");
  // A worker that starts, then fails on every input (as a panic in it would):
  // the page analyses the input itself, quietly. (Its own server: the main one
  // must see no request after the first test.)
  const own = await serve(DIST, BASE);
  origins.add(own.origin);
  const context = await newContext();
  await context.addInitScript(() => {
    window.Worker = class {
      postMessage(msg) {
        const reply = msg.type === "init" ? { type: "ready" } : { type: "failed", message: "simulated" };
        setTimeout(() => this.onmessage?.({ data: reply }), 0);
      }
      terminate() {}
    };
  });
  const p = await open(context, own.url);
  await p.waitForSelector("html[data-eksplain-worker=ready]");
  await waitForAnalysis(p, await setText(p, text));
  await filled(p);
  const onPage = await shown(p);
  assert.equal(onPage.where, "page");
  assert.equal(await p.getAttribute("html", "data-eksplain-worker"), "failed");
  assert.deepEqual({ ...onPage, where: "" }, { ...inWorker, where: "" });
  assert.equal(await p.locator(".panic-banner").count(), 0);
  await context.close();
  await own.close();
});

test("an edit while the worker is busy: the report is the newer text's", async () => {
  // Two large kubeconfigs with different numbers of contexts; the second arrives while
  // the worker is (most likely) still on the first, whose report must not be shown.
  const first = bigKubeconfig(450);
  const second = bigKubeconfig(260);
  const contexts = (text) => text.split("\n- context:").length - 1;
  await setText(page, first);
  await page.waitForTimeout(250); // past the debounce: the first is with the worker
  const since = await setText(page, second);
  await waitForAnalysis(page, since);
  await page.waitForTimeout(1000); // a late report on the first text would land here
  const shown = await page.evaluate(() => {
    const rows = document.querySelectorAll("table.contexts tbody tr").length;
    const hidden = Number(document.querySelector(".explanation .show-more")?.dataset.hidden ?? 0);
    return rows + hidden;
  });
  assert.equal(shown, contexts(second));
  assert.notEqual(contexts(first), contexts(second));
  assert.equal(await page.getAttribute("html", "data-eksplain-analyzed-in"), "worker");
  assert.equal(await page.locator(".progress").count(), 0);
});

test("a 1,000-context kubeconfig: progress shows, the report is capped, long tasks are measured", async () => {
  // The benchmark's input (tools/gen-bench-inputs, deterministic): 2.1 MB, 1,000 EKS contexts.
  const dir = join(ROOT, "target/e2e-inputs");
  const gen = spawnSync("python3", [join(ROOT, "tools/gen-bench-inputs"), dir], { encoding: "utf8" });
  assert.equal(gen.status, 0, `gen-bench-inputs: ${gen.stderr}`);
  const text = readFileSync(join(dir, "kubeconfig-1000.yaml"), "utf8");
  await paste(page, sample("eks-kubeconfig.yaml")); // a textarea to paste into
  const r = await page.evaluate(async (text) => {
    const tasks = [];
    const po = new PerformanceObserver((l) => { for (const e of l.getEntries()) tasks.push(e.duration); });
    po.observe({ type: "longtask" });
    let progress = false;
    // The worker's preview (the first 50 flows, stories and certificates) shows
    // before the whole report; while it does, Copy and Download wait.
    let preview = false;
    let copyWaited = false;
    const mo = new MutationObserver(() => {
      progress ||= !!document.querySelector(".progress[role=status]");
      if (document.querySelector(".show-more.pending")) {
        preview = true;
        copyWaited ||= [...document.querySelectorAll(".report-head .actions button")].some((b) => b.disabled && /Copy report/.test(b.textContent));
      }
    });
    mo.observe(document.querySelector(".report-pane"), { childList: true, subtree: true });
    const before = performance.getEntriesByName("eksplain-analyze", "measure")[0]?.startTime ?? -1;
    // A paste, as Ctrl+V delivers it (the clipboard itself is not the point here).
    const ta = document.querySelector("textarea.source");
    ta.select();
    const clipboardData = new DataTransfer();
    clipboardData.setData("text/plain", text);
    const taken = !ta.dispatchEvent(new ClipboardEvent("paste", { clipboardData, bubbles: true, cancelable: true }));
    await new Promise((ok) => {
      const poll = () => {
        const m = performance.getEntriesByName("eksplain-analyze", "measure")[0];
        m && m.startTime > before ? ok() : setTimeout(poll, 10);
      };
      poll();
    });
    const analyze = performance.getEntriesByName("eksplain-analyze", "measure")[0];
    // Read now: the whole report, when it replaces the preview, marks again.
    const analyzed = performance.getEntriesByName("eksplain-analyzed", "mark")[0];
    await new Promise((ok) => setTimeout(ok, 200)); // long tasks are reported after they end
    po.disconnect();
    mo.disconnect();
    return {
      progress,
      preview,
      copyWaited,
      maxTask: Math.max(0, ...tasks),
      analysis: analyzed.startTime - analyze.startTime,
      render: analyze.startTime + analyze.duration - analyzed.startTime,
      shown: document.querySelectorAll("table.contexts tbody tr").length,
      more: document.querySelector(".show-more")?.dataset.hidden ?? null,
      taken,
      textarea: !!document.querySelector("textarea.source"),
      banner: document.querySelector(".large-input")?.innerText ?? "",
    };
  }, text);
  console.log(
    `      1,000 contexts: analysis ${r.analysis.toFixed(0)} ms, render ${r.render.toFixed(0)} ms, longest task ${r.maxTask.toFixed(0)} ms (budget 50 ms)`,
  );
  assert.ok(r.progress, "the progress indication was shown");
  assert.ok(r.preview, "the worker's preview was shown first");
  assert.ok(r.copyWaited, "Copy report waited for the whole report");
  // Then the whole report: every list offers its other 950 items, and Copy works.
  await page.waitForSelector("html:not([data-eksplain-filling])", { state: "attached" });
  assert.equal(await page.locator(".show-more.pending").count(), 0);
  const lists = await page.$$eval(".explanation .show-more[data-hidden]", (ps) => ps.map((p) => p.dataset.hidden));
  assert.deepEqual(lists, ["950", "950", "950", "950", "950", "950"], "contexts, clusters, flows, stories, certificates, users");
  assert.equal(await page.locator(".report-head .actions button:disabled").count(), 0);
  assert.equal((await reportSummary(page)).kind, "kubeconfig");
  // The page took the paste for its read-only view: no textarea to lay out.
  assert.ok(r.taken && !r.textarea, "the 2.1 MB paste went to the read-only view");
  assert.match(r.banner, /Large input \(2\.\d MB, 23,508 lines\)/);
  // The report shows the first 50 contexts and offers the rest.
  assert.equal(r.shown, 50);
  assert.equal(r.more, "950");
  await page.locator(".explanation .show-more button", { hasText: "Show 50 more" }).first().click();
  assert.equal(await page.locator("table.contexts tbody tr").count(), 100);
  // Analysed in the worker; what is left on the main thread is decoding and
  // rendering the report (docs/performance.md). This is a ceiling that
  // catches a return of the old multi-second freeze, not the 50 ms budget.
  assert.equal(await page.getAttribute("html", "data-eksplain-analyzed-in"), "worker");
  assert.ok(r.maxTask < 3000, `longest task ${r.maxTask} ms`);
  // "Edit as text" puts the 2.1 MB into the textarea (slow, as its button says); then empty it.
  await paste(page, "");
  assert.equal(await page.inputValue("textarea.source"), "");
}, { timeout: 180_000 });

test("pasted secrets are not stored, put in the URL or logged", async () => {
  await paste(page, withSecret);
  const secretPart = SECRET.split(".")[1];
  const stored = await page.evaluate(async () => {
    const dbs = indexedDB.databases ? await indexedDB.databases() : [];
    const cached = [];
    for (const name of await caches.keys()) {
      const cache = await caches.open(name);
      for (const req of await cache.keys()) cached.push({ url: req.url, body: await (await cache.match(req)).text() });
    }
    return {
      local: localStorage.length,
      session: sessionStorage.length,
      dbs: dbs.map((d) => d.name),
      cookie: document.cookie,
      href: location.href,
      cached,
    };
  });
  assert.equal(stored.local, 0, "localStorage");
  assert.equal(stored.session, 0, "sessionStorage");
  assert.deepEqual(stored.dbs, [], "IndexedDB");
  assert.equal(stored.cookie, "", "cookies");
  assert.deepEqual(await session.cookies(), []);
  assert.equal(stored.href, server.url, "the URL is unchanged");
  for (const c of stored.cached) {
    assert.ok(isAppFile(c.url), `only app files are cached: ${c.url}`);
    assert.ok(!c.body.includes(secretPart), `the pasted token is not in the cache (${c.url})`);
  }
  for (const m of sessionLog.console) assert.ok(!m.text.includes(secretPart), `console: ${m.text}`);
  assert.ok(!(await page.innerText(".report-pane")).includes(secretPart), "the report does not show the token");
});

test("no request at all once the app had loaded", async () => {
  const late = sessionLog.requests.slice(quietFrom.browser).filter((r) => !r.url.startsWith("blob:"));
  assert.deepEqual(late, [], "browser requests after load");
  // Except the browser's own check for a new service worker script (the spec's
  // "soft update"): Chromium makes it ~30 s after the analysis worker has run, in a
  // page the service worker controls (probed: never without a worker job). It
  // carries nothing of the page; anything else is a failure.
  const swCheck = (r) => r.method === "GET" && r.url === BASE + "sw.js";
  assert.deepEqual(server.requests.slice(quietFrom.server).filter((r) => !swCheck(r)), [], "server saw requests after load");
  const csp = await page.evaluate(() => window.__csp);
  assert.deepEqual(csp, [], "CSP violations");
});

test("screenshots for the README (light and dark)", async () => {
  mkdirSync(SHOTS, { recursive: true });
  for (const scheme of ["light", "dark"]) {
    const context = await newContext({ colorScheme: scheme, viewport: { width: 1280, height: 800 } });
    const p = await open(context, server.url);
    await paste(p, sample("eks-v1alpha1.yaml"));
    await scrollEditor(p, 0);
    await p.evaluate(() => document.activeElement?.blur());
    await p.mouse.move(0, 0);
    await saveScreenshot(p, join(SHOTS, `report-${scheme}.png`));
    if (scheme === "light") {
      await p.click("button.rules-button");
      await p.locator("dialog.rules-dialog input[type=search]").fill("exec");
      await saveScreenshot(p, join(SHOTS, `rules-${scheme}.png`));
    }
    await context.close();
  }
});

test("screenshot of the EKS token view for the README", async () => {
  const context = await newContext({ colorScheme: "light", viewport: { width: 1280, height: 1100 } });
  // The clock starts five minutes after the sample token was signed and runs
  // from there: the picture (relative times, the expiry check) is the same on
  // every run. (Faked time also fakes performance.now, so wait for the view
  // itself rather than for the analysis measure.)
  await context.clock.install({ time: new Date("2026-11-25T19:47:32Z") });
  const p = await open(context, server.url);
  await p.fill("textarea.source", sample("exec-credential.json"));
  await p.waitForSelector("table.token-url");
  assert.ok(await p.locator("table.token-url tr.withheld[data-label=Signature]").count(), "the signature is hidden");
  await p.evaluate(() => document.querySelector(".explanation.token")?.scrollIntoView());
  await p.evaluate(() => document.activeElement?.blur());
  await p.mouse.move(0, 0);
  await saveScreenshot(p, join(SHOTS, "token-light.png"));
  await context.close();
});

test("narrow screens stack the report under the input", async () => {
  const context = await newContext({ viewport: { width: 600, height: 900 } });
  const p = await open(context, server.url);
  await paste(p, sample("eks-v1alpha1.yaml"));
  const input = await p.locator(".input-pane").boundingBox();
  const report = await p.locator(".report-pane").boundingBox();
  assert.ok(report.y >= input.y + input.height - 1, `report at y=${report.y}, input ends at ${input.y + input.height}`);
  assert.ok(report.width > 500, "the report gets the full width");
  await context.close();
});

test("accessibility: no serious or critical axe-core violations (light and dark)", async () => {
  // axe-core is injected as a script, which the page's CSP (script-src 'self')
  // rightly refuses; this context alone bypasses the CSP, for axe's sake only.
  const axePath = join(ROOT, "tools/node_modules/axe-core/axe.min.js");
  const context = await newContext({ bypassCSP: true });
  const p = await open(context, server.url);
  const check = async (state) => {
    await p.addScriptTag({ path: axePath });
    const res = await p.evaluate(() =>
      axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"] } }),
    );
    const bad = res.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
    for (const v of res.violations.filter((v) => !bad.includes(v))) {
      console.log(`      axe (${state}, ${v.impact}): ${v.id} — ${v.help} (${v.nodes.length}×)`);
    }
    assert.deepEqual(
      bad.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", ")}`),
      [],
      `axe violations in state "${state}"`,
    );
  };
  await check("welcome");
  await paste(p, sample("eks-v1alpha1.yaml"));
  await p.locator("li.finding button.docs-toggle").first().click();
  await check("report, light");
  await p.click('[data-theme-option="dark"]');
  await check("report, dark");
  await p.click("button.reveal");
  await check("secrets shown, dark");
  // A large input's read-only view, with a highlighted line, in both themes.
  await paste(p, bigKubeconfig(300));
  await p.locator("li.finding button.goto").first().click();
  await p.waitForSelector(".vsource .vline.highlighted");
  await check("large input, read-only view, dark");
  await p.click('[data-theme-option="light"]');
  await check("large input, read-only view, light");
  await p.click('[data-theme-option="dark"]');
  await p.click("button.rules-button");
  await p.locator("dialog.rules-dialog details summary").first().click();
  await check("rule reference, dark");
  await context.close();
});

test("offline: after the first load the app works with the network cut", async () => {
  const own = await serve(DIST, BASE);
  origins.add(own.origin);
  const context = await newContext();
  const log = logs.at(-1).log;
  const p = await open(context, own.url);
  await p.evaluate(() => navigator.serviceWorker.ready);
  await p.waitForFunction(() => navigator.serviceWorker.controller !== null);
  // Cut the network: the server is gone and the browser is offline.
  await own.close();
  await context.setOffline(true);
  const before = log.requests.length;
  await p.reload();
  await p.waitForSelector("html[data-eksplain-boot=started]");
  await paste(p, sample("eks-v1alpha1.yaml"));
  assert.ok((await reportSummary(p)).codes.includes("KC010"));
  // The worker's script came from the cache too, and it analyses large inputs.
  await p.waitForSelector("html[data-eksplain-worker=ready]");
  await waitForAnalysis(p, await setText(p, bigKubeconfig(250)));
  assert.equal(await p.getAttribute("html", "data-eksplain-analyzed-in"), "worker");
  assert.equal((await reportSummary(p)).kind, "kubeconfig");
  const served = log.requests.slice(before).map((r) => new URL(r.url).pathname);
  assert.ok(served.some((u) => u.endsWith(".wasm")), "the reload asked for the app (and the worker answered)");
  await context.close();
});

test("the console stayed clean (no errors, no CSP reports)", async () => {
  for (const { log, strict } of logs) {
    if (!strict) continue;
    const bad = log.console.filter((m) => m.type === "error" || /Content Security Policy|Refused to/i.test(m.text));
    assert.deepEqual(bad, [], "console errors");
    assert.deepEqual(log.errors, [], "page errors");
    const foreign = log.requests.filter((r) => !isAppFile(r.url));
    assert.deepEqual(foreign, [], "requests for anything but the app's own files");
  }
});

// -------------------------------------------------------------------- run ---

const { passed, failed } = await run({ only: process.env.E2E_ONLY });
await browser.close();
await server.close();
console.log(`e2e: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
