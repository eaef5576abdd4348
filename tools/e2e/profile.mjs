// A CPU profile of one paste: where the main thread's time goes between the
// paste and the report on screen, by function (self and total time).
//
//   node tools/e2e/profile.mjs DIST FILE [TOP]
//
// Function names need a wasm with its name section (a release build keeps it
// only without wasm-opt; see docs/performance.md, "The report's first render").
// Prints the analysis and render times (the page's marks), the long animation
// frames from the paste on with their scripts, the DOM's size, then the top
// functions: over the whole paste by self and total time; under Yew's scheduler
// by innermost eksplain frame, by browser call and by self time; and in the
// render window alone (`eksplain-analyzed` → `eksplain-analyze-end`).
// NOPROF=1 skips the profiler (true timings); FOCUS=name shows where the time
// in that function comes from; PROFILE_OUT=FILE saves the raw CPU profile.
import { readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { launch, pasteInPage, stageText } from "./page.mjs";
import { serve } from "./server.mjs";

const [distArg, file, topArg] = process.argv.slice(2);
const TOP = Number(topArg ?? 40);
const BASE = "/eksplain/";
const server = await serve(resolve(distArg), BASE);
const browser = await launch();
try {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  // Long animation frames, with the scripts that ran in them.
  await page.addInitScript(() => {
    window.__frames = [];
    new PerformanceObserver((l) => window.__frames.push(...l.getEntries().map((e) => e.toJSON()))).observe({ type: "long-animation-frame", buffered: true });
  });
  await page.goto(`${server.url}`);
  await page.waitForSelector("html[data-eksplain-boot=started]");
  await page.waitForSelector(".app");
  const text = readFileSync(file, "utf8");
  await page.evaluate(stageText, text);
  await page.waitForTimeout(100);
  const cdp = await context.newCDPSession(page);
  await cdp.send("Profiler.enable");
  await cdp.send("Profiler.setSamplingInterval", { interval: 100 });
  // NOPROF=1: only the marks and frames, without the profiler's overhead.
  if (!process.env.NOPROF) await cdp.send("Profiler.start");
  const t0 = await page.evaluate(() => performance.now());
  await page.evaluate(pasteInPage, null);
  await page.waitForFunction((t0) => performance.getEntriesByName("eksplain-analyze", "measure").some((m) => m.startTime > t0), t0, { timeout: 120_000, polling: 10 });
  const { profile } = process.env.NOPROF ? { profile: { nodes: [], samples: [], timeDeltas: [] } } : await cdp.send("Profiler.stop");
  // PROFILE_OUT=file.cpuprofile: the raw profile, for DevTools or a script.
  if (process.env.PROFILE_OUT) writeFileSync(process.env.PROFILE_OUT, JSON.stringify(profile));
  const marks = await page.evaluate(() => {
    const m = performance.getEntriesByName("eksplain-analyze", "measure")[0];
    const a = performance.getEntriesByName("eksplain-analyzed", "mark").at(-1);
    return { start: m.startTime, analyzed: a?.startTime, end: m.startTime + m.duration, pasteAt: window.__pasteAt };
  });
  console.log(`analysis ${(marks.analyzed - marks.start).toFixed(1)} ms, render ${(marks.end - marks.analyzed).toFixed(1)} ms`);
  await page.waitForTimeout(200);
  const frames = await page.evaluate((t0) => window.__frames.filter((f) => f.startTime + f.duration >= t0), t0);
  for (const f of frames) {
    const layout = f.styleAndLayoutStart ? f.startTime + f.duration - f.styleAndLayoutStart : 0;
    console.log(`frame at ${(f.startTime - marks.start).toFixed(0)} ms from analyze-start: ${f.duration.toFixed(0)} ms (style+layout+paint ${layout.toFixed(0)} ms)`);
    for (const sc of f.scripts) console.log(`    script ${sc.invoker} ${sc.duration.toFixed(0)} ms at ${(sc.startTime - marks.start).toFixed(0)}`);
  }
  // Self and total time per function name over all samples.
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map();
  const total = new Map();
  const name = (n) => n.callFrame.functionName || `(${n.callFrame.url.split("/").pop() || "anonymous"}:${n.callFrame.lineNumber})`;
  for (let i = 0; i < profile.samples.length; i++) {
    const dt = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    let id = profile.samples[i];
    const n0 = byId.get(id);
    self.set(name(n0), (self.get(name(n0)) ?? 0) + dt);
    const seen = new Set();
    while (id != null) {
      const nm = name(byId.get(id));
      if (!seen.has(nm)) {
        total.set(nm, (total.get(nm) ?? 0) + dt);
        seen.add(nm);
      }
      id = parent.get(id);
    }
  }
  // Under Yew's scheduler (the render): by the innermost eksplain frame, and by
  // the innermost browser call (wasm-bindgen's __wbg_ glue).
  const inRender = new Map();
  const glue = new Map();
  const renderSelf = new Map();
  for (let i = 0; i < profile.samples.length; i++) {
    const dt = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    const stack = [];
    for (let id = profile.samples[i]; id != null; id = parent.get(id)) stack.push(name(byId.get(id)));
    if (!stack.some((n) => n.includes("run_scheduler"))) continue;
    renderSelf.set(stack[0], (renderSelf.get(stack[0]) ?? 0) + dt);
    const own = stack.find((n) => n.includes("eksplain::")) ?? "(yew, no eksplain frame)";
    const key = own.replace(/::h[0-9a-f]{16}$/, "");
    inRender.set(key, (inRender.get(key) ?? 0) + dt);
    const g = stack.find((n) => n.startsWith("__wbg_")) ?? "(wasm)";
    glue.set(g.replace(/_[0-9a-f]{16}$/, ""), (glue.get(g.replace(/_[0-9a-f]{16}$/, "")) ?? 0) + dt);
  }
  const counts = await page.evaluate(() => {
    const n = (sel) => document.querySelectorAll(sel).length;
    return { page: n("*"), report: n(".report-pane *"), source: n(".vsource *"), flows: n(".exec-flow *"), stories: n(".story *"), certs: n(".cert-card *"), findings: n(".finding-groups *"), kubeconfig: n(".explanation.kubeconfig *") };
  });
  console.log("DOM elements", JSON.stringify(counts));
  // FOCUS=name: the stacks (5 frames up) that time in that function comes from.
  const focus = new Map();
  if (process.env.FOCUS) {
    for (let i = 0; i < profile.samples.length; i++) {
      const dt = (profile.timeDeltas[i + 1] ?? 0) / 1000;
      const stack = [];
      for (let id = profile.samples[i]; id != null; id = parent.get(id)) stack.push(name(byId.get(id)).replace(/::h[0-9a-f]{16}$/, "").slice(0, 90));
      const at = stack.findIndex((n) => n.includes(process.env.FOCUS));
      if (at < 0) continue;
      const key = stack.slice(at, at + 6).join(" < ");
      focus.set(key, (focus.get(key) ?? 0) + dt);
    }
  }
  // The render alone (eksplain-analyzed → eksplain-analyze-end): sample times
  // mapped to the page's clock at the first sample inside pasteInPage.
  const renderOnly = new Map();
  const renderOwn = new Map();
  const renderTotal = new Map();
  {
    let ts = profile.startTime;
    let offset = null;
    const stamps = profile.samples.map((id, i) => (ts += profile.timeDeltas[i] ?? 0));
    for (let i = 0; i < profile.samples.length && offset == null; i++) {
      for (let id = profile.samples[i]; id != null; id = parent.get(id)) {
        if (name(byId.get(id)) === "pasteInPage") {
          offset = stamps[i] / 1000 - marks.pasteAt;
          break;
        }
      }
    }
    for (let i = 0; offset != null && i < profile.samples.length; i++) {
      const t = stamps[i] / 1000 - offset;
      if (t < marks.analyzed || t > marks.end) continue;
      const dt = (profile.timeDeltas[i + 1] ?? 0) / 1000;
      const stack = [];
      for (let id = profile.samples[i]; id != null; id = parent.get(id)) stack.push(name(byId.get(id)).replace(/::h[0-9a-f]{16}$/, ""));
      renderOnly.set(stack[0], (renderOnly.get(stack[0]) ?? 0) + dt);
      const own = stack.find((n) => n.includes("eksplain::")) ?? "(no eksplain frame)";
      renderOwn.set(own, (renderOwn.get(own) ?? 0) + dt);
      for (const n of new Set(stack.filter((n) => n.includes("eksplain::") || n.includes("RenderRunner") || n.includes("RenderedRunner") || n.includes("attach") || n === "(program)" || n === "(garbage collector)"))) renderTotal.set(n, (renderTotal.get(n) ?? 0) + dt);
    }
  }
  const top = (m) => [...m].sort((a, b) => b[1] - a[1]).slice(0, TOP).map(([k, v]) => `${v.toFixed(1).padStart(8)} ms  ${k.slice(0, 150)}`).join("\n");
  console.log("--- self\n" + top(self));
  console.log("--- total\n" + top(total));
  console.log("--- render, by innermost eksplain frame\n" + top(inRender));
  console.log("--- render, by browser call\n" + top(glue));
  console.log("--- render, self\n" + top(renderSelf));
  console.log("--- analyzed → analyze-end only, self\n" + top(renderOnly));
  console.log("--- analyzed → analyze-end only, by innermost eksplain frame\n" + top(renderOwn));
  console.log("--- analyzed → analyze-end only, total (eksplain frames, Yew's runners)\n" + top(renderTotal));
  if (process.env.FOCUS) console.log(`--- ${process.env.FOCUS}, from\n` + top(focus));
} finally {
  await browser.close();
  server.close();
}
