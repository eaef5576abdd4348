// Where a keystroke's main-thread time goes, from a Chromium trace: the
// browser's own editing of the textarea against eksplain's input handler and
// Yew's render (FunctionCall), on the 20 KB kubeconfig the bench types into.
//
//   node tools/e2e/keys-trace.mjs DIST [KEYS]
//
// Types 10 letters to warm up, then KEYS (30) letters 40 ms apart under the
// tracer, and prints the mean per keystroke of the main thread's top-level
// tasks and of the phases inside them. CSS='…' adds a style sheet first (the
// page's CSP is bypassed for it), to try a rule without a rebuild.
import { resolve } from "node:path";
import { readFileSync, rmSync } from "node:fs";
import { bigKubeconfig, launch, pasteInPage, stageText } from "./page.mjs";
import { serve } from "./server.mjs";

const [distArg, keysArg] = process.argv.slice(2);
const N = Number(keysArg ?? 30);
const PHASES = [
  ["RunTask", "all main-thread tasks"],
  ["TypingCommand::InsertText", "the browser inserts the letter"],
  ["Blink.ForcedStyleAndLayout.UpdateTime", "style + layout forced while editing"],
  ["FrameSelection::SetSelection", "the caret moved"],
  ["FunctionCall", "script: eksplain's handler, Yew's render"],
  ["WebFrameWidgetImpl::UpdateLifecycle", "the frame: style, layout, paint"],
  ["Commit", "handing the frame to the compositor"],
];
const server = await serve(resolve(distArg), "/");
const browser = await launch();
const trace = "/tmp/eksplain-keys-trace.json";
try {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, bypassCSP: true });
  const page = await context.newPage();
  await page.goto(server.url);
  await page.waitForSelector(".app");
  await page.waitForSelector("html[data-eksplain-worker=ready]");
  await page.evaluate(stageText, bigKubeconfig(20));
  await page.evaluate(pasteInPage, null);
  await page.waitForTimeout(1500);
  if (process.env.CSS) await page.addStyleTag({ content: process.env.CSS });
  await page.evaluate(() => {
    const ta = document.querySelector("textarea.source");
    ta.focus();
    ta.setSelectionRange(20, 20);
  });
  for (let i = 0; i < 10; i++) {
    await page.keyboard.type("y");
    await page.waitForTimeout(20);
  }
  await page.waitForTimeout(400);
  await browser.startTracing(page, { path: trace, categories: ["devtools.timeline", "disabled-by-default-devtools.timeline", "blink"] });
  for (let i = 0; i < N; i++) {
    await page.keyboard.type("x");
    await page.waitForTimeout(40);
  }
  await browser.stopTracing();
  const parsed = JSON.parse(readFileSync(trace, "utf8"));
  const events = parsed.traceEvents ?? parsed;
  const main = events.find((e) => e.name === "thread_name" && e.args?.name === "CrRendererMain");
  const sum = new Map();
  for (const e of events) {
    if (e.ph === "X" && e.dur && e.tid === main?.tid && e.pid === main?.pid) sum.set(e.name, (sum.get(e.name) ?? 0) + e.dur / 1000);
  }
  for (const [name, what] of PHASES) console.log(`${((sum.get(name) ?? 0) / N).toFixed(2).padStart(7)} ms/key  ${name} (${what})`);
} finally {
  rmSync(trace, { force: true });
  await browser.close();
  server.close();
}
