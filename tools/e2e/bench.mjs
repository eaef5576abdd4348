// Browser timings for `make bench` (tools/bench.sh): the built site (dist/) in
// Debian's headless Chromium through playwright-core, on the same generated
// inputs as the native table.
//
//   node tools/e2e/bench.mjs DIST INPUT_DIR FILE... > timings.json
//
// For each FILE: the text is pasted (a `paste` event, as Ctrl+V delivers it: the
// page shows a large input read-only, a small one goes into the textarea) and
// the page's own Performance API marks say when the report was on screen. Prints one JSON object:
//   inputs[FILE]   { ms, complete_ms, total_ms, analysis_ms, render_ms, decode_ms, longtask_max_ms,
//                    frame_max_ms, frame_layout_ms, analyzed_in, runs }
//                  ms:        analysis + render (the page's `eksplain-analyze`
//                             measure: the debounce timer fired → the report was
//                             committed to the DOM), median of the runs
//                  first_ms:  the same as ms for the first paste into a fresh page
//                             (loaded, its worker ready), median of BENCH_FIRST_RUNS
//                             (3) pages; the other runs share one page
//                  total_ms:  paste → report committed, debounce included
//                  complete_ms: the debounce timer fired → the report is all in the
//                             page (the last `eksplain-filled` mark: no paced part
//                             to come, no preview waiting for its whole report)
//                  analysis_ms / render_ms: the split at `eksplain-analyzed` (the
//                             reducer finished analysing), when the build has it
//                  decode_ms: for a report from the analysis worker, the page's
//                             share of it (message received → report in the state)
//                  longtask_max_ms: the longest main-thread task (PerformanceObserver
//                             'longtask') from the paste to the report, all of it
//                             (a large one fills in over a few frames after the
//                             measure: until <html data-eksplain-filling> is gone)
//                  frame_max_ms: the longest animation frame ('long-animation-frame':
//                             a task plus the style, layout and paint after it,
//                             which 'longtask' leaves out), worst of the runs;
//                             frame_layout_ms: that frame's style + layout + paint
//                  analyzed_in: "worker" or "page" (`<html data-eksplain-analyzed-in>`)
//   keystroke      { median_ms, max_ms }   typing a letter into a 20 KB kubeconfig
//   first_render   { median_ms, fcp_ms }   navigation → the app's first render is
//                                          in the DOM (its `eksplain-first-render`
//                                          mark), and first contentful paint; a
//                                          fresh profile each time (nothing cached)
//
// BENCH_NO_WORKER=1 takes the Web Worker away (`new Worker` throws), so the same
// build analyses every input on the page: the before/after of the worker.
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { bigKubeconfig, launch, pasteInPage, stageText } from "./page.mjs";
import { serve } from "./server.mjs";

const [distArg, inputDir, ...files] = process.argv.slice(2);
const DIST = resolve(distArg ?? "dist");
const RUNS = Number(process.env.BENCH_BROWSER_RUNS ?? 5);
const BASE = "/eksplain/";
const NO_WORKER = process.env.BENCH_NO_WORKER === "1";
// Fresh pages per input for `first_ms` (each loads the app and its worker again).
const COLD_RUNS = Number(process.env.BENCH_FIRST_RUNS ?? 3);

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const round = (x) => (x == null ? null : Math.round(x * 10) / 10);

// Before any script of the page runs: collect long tasks and note when the app's
// DOM first appears.
function instrument() {
  window.__longtasks = [];
  try {
    new PerformanceObserver((l) => {
      for (const e of l.getEntries()) window.__longtasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: "longtask", buffered: true });
  } catch {}
  // Long animation frames: a task and the rendering after it (style, layout,
  // paint), which `longtask` leaves out. A textarea's layout shows up only here.
  window.__frames = [];
  try {
    new PerformanceObserver((l) => {
      for (const e of l.getEntries()) {
        const layout = e.styleAndLayoutStart ? e.startTime + e.duration - e.styleAndLayoutStart : 0;
        window.__frames.push({ start: e.startTime, duration: e.duration, layout });
      }
    }).observe({ type: "long-animation-frame", buffered: true });
  } catch {}
  window.__appAt = null;
  new MutationObserver((_, mo) => {
    if (document.querySelector(".app")) {
      window.__appAt = performance.now();
      mo.disconnect();
    }
  }).observe(document, { childList: true, subtree: true });
}

async function openPage(browser, url) {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  await page.addInitScript(instrument);
  if (NO_WORKER) {
    await page.addInitScript(() => {
      window.Worker = class {
        constructor() {
          throw new Error("no workers in this run");
        }
      };
    });
  }
  await page.goto(url);
  await page.waitForSelector("html[data-eksplain-boot=started]");
  await page.waitForSelector(".app");
  if (!NO_WORKER) await page.waitForSelector("html[data-eksplain-worker=ready]");
  return { context, page };
}

/**
 * Pastes `text` as the page receives a paste ([`pasteInPage`]: a `paste` event
 * the page may take for its read-only view, else the textarea's text replaced)
 * and waits for the report; returns the page's timings.
 */
async function setInput(page, text) {
  const before = await page.evaluate(() => performance.getEntriesByName("eksplain-analyze", "measure")[0]?.startTime ?? -1);
  await page.evaluate(stageText, text);
  await page.evaluate(pasteInPage, null);
  return page.evaluate(async (before) => {
    const t0 = window.__pasteAt;
    const m = await new Promise((ok, fail) => {
      const deadline = t0 + 120_000;
      const poll = () => {
        const m = performance.getEntriesByName("eksplain-analyze", "measure")[0];
        if (m && m.startTime > before) return ok(m);
        if (performance.now() > deadline) return fail(new Error("no report within 120 s"));
        setTimeout(poll, 5);
      };
      poll();
    });
    const end = m.startTime + m.duration;
    // Read now: a preview's whole report, when it lands, sets these marks again.
    const analyzed = performance.getEntriesByName("eksplain-analyzed", "mark").filter((e) => e.startTime >= m.startTime && e.startTime <= end);
    const received = performance.getEntriesByName("eksplain-report-received", "mark").filter((e) => e.startTime >= m.startTime && e.startTime <= end);
    // A large report fills in over a few frames after that (src/ui/pace.rs): its
    // frames count too, until <html data-eksplain-filling> is gone.
    while (document.documentElement.hasAttribute("data-eksplain-filling")) await new Promise((r) => setTimeout(r, 5));
    const filled = performance.now();
    const fills = performance.getEntriesByName("eksplain-filled", "mark").filter((e) => e.startTime >= m.startTime);
    const complete = Math.max(end, fills.length ? fills[fills.length - 1].startTime : end) - m.startTime;
    // Long tasks are reported shortly after they end.
    await new Promise((r) => setTimeout(r, 100));
    const tasks = window.__longtasks.filter((t) => t.start + t.duration >= t0 && t.start <= filled);
    const frames = window.__frames.filter((f) => f.start + f.duration >= t0 && f.start <= filled);
    const longest = frames.reduce((a, f) => (f.duration > a.duration ? f : a), { duration: 0, layout: 0 });
    const split = analyzed.length ? analyzed[analyzed.length - 1].startTime : null;
    const decode = split != null && received.length ? split - received[received.length - 1].startTime : null;
    return {
      decode_ms: decode,
      analyzed_in: document.documentElement.dataset.eksplainAnalyzedIn ?? null,
      ms: m.duration,
      complete_ms: complete,
      total_ms: end - t0,
      analysis_ms: split == null ? null : split - m.startTime,
      render_ms: split == null ? null : end - split,
      longtask_max_ms: tasks.reduce((a, t) => Math.max(a, t.duration), 0),
      frame_max_ms: longest.duration,
      frame_layout_ms: longest.layout,
    };
  }, before);
}

/** Types 20 letters into line 1 of the text; each is timed to the next task (Yew has rendered). */
async function keystrokes(page) {
  return page.evaluate(async () => {
    const ta = document.querySelector("textarea.source");
    const macrotask = () => new Promise((r) => { const c = new MessageChannel(); c.port1.onmessage = r; c.port2.postMessage(0); });
    ta.focus();
    ta.setSelectionRange(20, 20);
    const times = [];
    for (let i = 0; i < 20; i++) {
      const t0 = performance.now();
      ta.setRangeText("x", ta.selectionStart, ta.selectionStart, "end");
      ta.dispatchEvent(new InputEvent("input", { bubbles: true, inputType: "insertText", data: "x" }));
      await macrotask();
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    return { median_ms: (times[9] + times[10]) / 2, max_ms: times[19] };
  });
}

const server = await serve(DIST, BASE);
const browser = await launch();
const out = { chromium: browser.version(), runs: RUNS, worker: !NO_WORKER, inputs: {} };
try {
  // First render: a fresh profile each time (no HTTP or service-worker cache).
  const first = [];
  const fcp = [];
  for (let i = 0; i < RUNS; i++) {
    const { context, page } = await openPage(browser, server.url);
    // The app's own mark (its first render's effects ran), else when its DOM appeared.
    first.push(await page.evaluate(() => performance.getEntriesByName("eksplain-first-render", "mark")[0]?.startTime ?? window.__appAt));
    fcp.push(await page.evaluate(() => performance.getEntriesByName("first-contentful-paint")[0]?.startTime ?? null));
    await context.close();
  }
  out.first_render = { median_ms: round(median(first)), fcp_ms: round(median(fcp.filter((x) => x != null))) };

  const { context, page } = await openPage(browser, server.url);
  await setInput(page, bigKubeconfig(20));
  out.keystroke = Object.fromEntries(Object.entries(await keystrokes(page)).map(([k, v]) => [k, round(v)]));

  for (const file of files) {
    const text = readFileSync(join(inputDir, file), "utf8");
    const runs = [];
    for (let i = 0; i < RUNS; i++) {
      // A small text in between (pasted into the read-only view, it replaces the input).
      await setInput(page, "# next run\n");
      runs.push(await setInput(page, text));
      process.stderr.write(`  browser ${file} run ${i + 1}: ${runs.at(-1).ms.toFixed(1)} ms\n`);
    }
    // The first paste into a fresh page (code not yet compiled or optimised
    // where the worker's warm-up did not reach): what a user sees first.
    const firsts = [];
    for (let i = 0; i < COLD_RUNS; i++) {
      const fresh = await openPage(browser, server.url);
      const r = await setInput(fresh.page, text);
      firsts.push(r.ms);
      await fresh.context.close();
      process.stderr.write(`  browser ${file} first paste ${i + 1}: ${r.ms.toFixed(1)} ms (analysis ${r.analysis_ms?.toFixed(1)}, render ${r.render_ms?.toFixed(1)})\n`);
    }
    // A split can be missing from a run (a preview's whole report, landing
    // before the page was read, replaced its marks): the median of the rest.
    const pick = (k) => {
      const xs = runs.map((r) => r[k]).filter((x) => x != null);
      return xs.length ? round(median(xs)) : null;
    };
    out.inputs[file] = {
      ms: pick("ms"),
      first_ms: round(median(firsts)),
      complete_ms: pick("complete_ms"),
      total_ms: pick("total_ms"),
      analysis_ms: pick("analysis_ms"),
      render_ms: pick("render_ms"),
      decode_ms: pick("decode_ms"),
      longtask_max_ms: round(Math.max(...runs.map((r) => r.longtask_max_ms))),
      frame_max_ms: round(Math.max(...runs.map((r) => r.frame_max_ms))),
      frame_layout_ms: round(runs.reduce((a, r) => (r.frame_max_ms > a.frame_max_ms ? r : a)).frame_layout_ms),
      analyzed_in: runs.at(-1).analyzed_in,
      runs: RUNS,
    };
  }
  await context.close();
} finally {
  await browser.close();
  await server.close();
}
console.log(JSON.stringify(out, null, 2));
