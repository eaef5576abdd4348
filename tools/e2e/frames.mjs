// Every long animation frame and long task of one paste, including the frames
// that finish the report after it is first on screen (a deferred list or
// explanation), which bench.mjs's window (paste → `eksplain-analyze-end`)
// leaves out. Each run is a fresh page, as in profile.mjs.
//
//   RUNS=5 node tools/e2e/frames.mjs DIST FILE...
//
// Prints per run and the medians per file: analysis and render (the page's
// marks), when the report had all its parts (`data-eksplain-filling` gone from
// <html>), the longest animation frame and task from the paste until 1 s after
// the report, the frames after the report (the deferred parts), and how many
// elements the report holds at its first frame and once settled.
import { readFileSync } from "node:fs";
import { basename, resolve } from "node:path";
import { launch, pasteInPage } from "./page.mjs";
import { serve } from "./server.mjs";

const [distArg, ...files] = process.argv.slice(2);
const RUNS = Number(process.env.RUNS ?? 5);
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const server = await serve(resolve(distArg), "/eksplain/");
const browser = await launch();
try {
  for (const file of files) {
    const text = readFileSync(file, "utf8");
    const runs = [];
    for (let i = 0; i < RUNS; i++) {
      const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
      const page = await context.newPage();
      await page.addInitScript(() => {
        window.__frames = [];
        window.__tasks = [];
        new PerformanceObserver((l) => window.__frames.push(...l.getEntries().map((e) => e.toJSON()))).observe({ type: "long-animation-frame", buffered: true });
        new PerformanceObserver((l) => window.__tasks.push(...l.getEntries().map((e) => e.toJSON()))).observe({ type: "longtask", buffered: true });
        // When the report last got all its parts (src/ui/pace.rs).
        window.__filledAt = null;
        new MutationObserver(() => {
          if (!document.documentElement.hasAttribute("data-eksplain-filling")) window.__filledAt = performance.now();
        }).observe(document, { attributes: true, subtree: true, attributeFilter: ["data-eksplain-filling"] });
      });
      await page.goto(server.url);
      await page.waitForSelector("html[data-eksplain-boot=started]");
      await page.waitForSelector(".app");
      // A large input goes to the worker: wait until it can take it.
      await page.waitForSelector("html[data-eksplain-worker=ready]", { timeout: 10_000 }).catch(() => {});
      await page.waitForTimeout(300);
      // Count the report's elements when the report is first committed.
      await page.evaluate(() => {
        window.__firstCount = null;
        new PerformanceObserver((l, o) => {
          if (l.getEntries().some((e) => e.name === "eksplain-analyze")) {
            window.__firstCount = document.querySelectorAll(".report *").length;
            o.disconnect();
          }
        }).observe({ type: "measure" });
      });
      const t0 = await page.evaluate(() => performance.now());
      await page.evaluate(pasteInPage, text);
      await page.waitForFunction((t0) => performance.getEntriesByName("eksplain-analyze", "measure").some((m) => m.startTime > t0), t0, { timeout: 120_000, polling: 10 });
      await page.waitForTimeout(1000);
      const r = await page.evaluate((t0) => {
        const m = performance.getEntriesByName("eksplain-analyze", "measure").at(-1);
        const a = performance.getEntriesByName("eksplain-analyzed", "mark").at(-1);
        const received = performance.getEntriesByName("eksplain-report-received", "mark").at(-1);
        const end = m.startTime + m.duration;
        const frames = window.__frames.filter((f) => f.startTime + f.duration >= t0);
        const tasks = window.__tasks.filter((f) => f.startTime + f.duration >= t0);
        return {
          analysis: a.startTime - m.startTime,
          render: end - a.startTime,
          // The analysis start → the report's last part in the page (its first
          // frame's end when it came in one).
          complete: Math.max(end, window.__filledAt ?? 0) - m.startTime,
          // A worker's report: decoding it on the page (received → analysed).
          decode: received && received.startTime >= m.startTime ? a.startTime - received.startTime : 0,
          frame: Math.max(0, ...frames.map((f) => f.duration)),
          task: Math.max(0, ...tasks.map((f) => f.duration)),
          // Frames that start after the report is on screen: the deferred parts.
          after: frames.filter((f) => f.startTime >= end - 1).map((f) => Math.round(f.duration)),
          all: frames.map((f) => `${Math.round(f.duration)}@${Math.round(f.startTime - m.startTime)}`),
          first: window.__firstCount,
          settled: document.querySelectorAll(".report *").length,
        };
      }, t0);
      runs.push(r);
      console.log(`${basename(file)} run ${i + 1}: analysis ${r.analysis.toFixed(0)} (decode ${r.decode.toFixed(0)}) render ${r.render.toFixed(0)} complete ${r.complete.toFixed(0)} frame ${r.frame.toFixed(0)} task ${r.task.toFixed(0)} | frames ${r.all.join(" ")} | elements ${r.first} → ${r.settled}`);
      await context.close();
    }
    const md = (k) => median(runs.map((r) => r[k])).toFixed(0);
    console.log(`${basename(file)} MEDIAN analysis ${md("analysis")} (decode ${md("decode")}) render ${md("render")} complete ${md("complete")} frame ${md("frame")} (max ${Math.max(...runs.map((r) => r.frame)).toFixed(0)}) task ${md("task")} | elements ${md("first")} → ${md("settled")}`);
  }
} finally {
  await browser.close();
  await server.close?.();
}
