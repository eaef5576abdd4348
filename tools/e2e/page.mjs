// Helpers that drive the eksplain page: start a browser, paste and wait for the
// report, read the editor's geometry, watch network and console.
import { chromium } from "playwright-core";

// Debian's Chromium (Playwright's own browsers cannot be downloaded here), with
// everything that could phone home switched off: any request the suite sees is
// one the page made.
export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--no-first-run",
  "--disable-sync",
  "--disable-quic",
  "--disable-extensions",
  "--disable-default-apps",
  "--no-default-browser-check",
];

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: CHROMIUM_ARGS,
    headless: true,
  });
}

/**
 * Records what a context does: every request (page, worker, service worker),
 * every console message and page error, and CSP violations the page reports.
 */
export function watch(context) {
  const log = { requests: [], console: [], errors: [] };
  context.on("request", (r) => {
    log.requests.push({ url: r.url(), type: r.resourceType(), sw: !!r.serviceWorker(), at: Date.now() });
  });
  context.on("console", (m) => log.console.push({ type: m.type(), text: m.text() }));
  context.on("weberror", (e) => log.errors.push(String(e.error())));
  return log;
}

/** Opens the app and waits until the wasm has started and rendered. */
export async function open(context, url) {
  const page = await context.newPage();
  // Collects CSP violations as the page sees them (init scripts are not subject to the CSP).
  await page.addInitScript(() => {
    window.__csp = [];
    document.addEventListener("securitypolicyviolation", (e) =>
      window.__csp.push(`${e.violatedDirective}: ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`),
    );
  });
  await page.goto(url);
  await page.waitForSelector("html[data-eksplain-boot=started]");
  await page.waitForSelector(".app");
  return page;
}

/** The start time of the latest analysis measure, or -1. */
async function lastAnalysis(page) {
  return page.evaluate(() => {
    const m = performance.getEntriesByName("eksplain-analyze", "measure")[0];
    return m ? m.startTime : -1;
  });
}

/** Waits until an analysis that started after `since` has rendered; returns its duration (ms). */
export async function waitForAnalysis(page, since) {
  const handle = await page.waitForFunction(
    (since) => {
      const m = performance.getEntriesByName("eksplain-analyze", "measure")[0];
      // An analysis that started before the latest edit (the empty editor's, say,
      // when the page has just loaded) is not the one being waited for.
      const edit = performance.getEntriesByName("eksplain-input", "mark")[0];
      const current = m && m.startTime > since && (!edit || m.startTime >= edit.startTime);
      return current ? m.duration : false;
    },
    since,
    { timeout: 60_000 },
  );
  // A large report fills in over a few frames (src/ui/pace.rs): wait for all of it.
  await page.waitForSelector("html:not([data-eksplain-filling])", { state: "attached", timeout: 60_000 });
  return handle.jsonValue();
}

/**
 * Pastes `text` over the whole input the way Ctrl+V reaches the page, minus the
 * clipboard: a `paste` event carrying the text, sent to the read-only view of a
 * large input when it is showing, else to the textarea with all its text
 * selected. The page takes a paste that would make the input large
 * (`preventDefault`); when it does not, this does what the browser does next:
 * replaces the textarea's text and fires `input`. Runs in the page (pass it to
 * `page.evaluate`); sets `window.__pasteAt`, returns whether the page took it.
 * (Emptying a read-only input goes through its "Edit as text" button: there is
 * nothing to paste.)
 *
 * `text` null pastes what [`stageText`] left in the page: timings then leave
 * out handing a large text from Node to the page, which the browser's own
 * clipboard read does not cost (10.7 MB took ~270 ms of the paste's task).
 */
export async function pasteInPage(text) {
  const staged = text === null ? window.__staged : null;
  if (staged) text = staged.text;
  window.__staged = null;
  window.__pasteAt = performance.now();
  const edit = text === "" && document.querySelector("button.edit-as-text");
  if (edit) {
    edit.click();
    await new Promise((r) => setTimeout(r, 0)); // Yew renders the textarea
  }
  const view = document.querySelector(".vsource");
  const ta = document.querySelector("textarea.source");
  const target = view ?? ta;
  if (target === ta) ta.select();
  const clipboardData = staged?.data ?? new DataTransfer();
  if (!staged) clipboardData.setData("text/plain", text);
  const event = new ClipboardEvent("paste", { clipboardData, bubbles: true, cancelable: true });
  if (!target.dispatchEvent(event)) return true;
  if (target !== ta) throw new Error("the read-only view did not take the paste");
  ta.value = text;
  ta.dispatchEvent(new InputEvent("input", { bubbles: true, inputType: "insertFromPaste" }));
  return false;
}

/**
 * Puts `text` and a clipboard `DataTransfer` holding it in the page, in a task
 * of its own, for `pasteInPage(null)`. Runs in the page.
 */
export function stageText(text) {
  const data = new DataTransfer();
  data.setData("text/plain", text);
  window.__staged = { text, data };
}

/** The text the editor shows, or null when the input is shown read-only. */
export async function editorText(page) {
  return page.evaluate(() => (document.querySelector(".vsource") ? null : document.querySelector("textarea.source").value));
}

/**
 * Replaces the input's text as a paste does ([`pasteInPage`]) and waits for the
 * report. Returns the time from the paste to the report on screen (ms).
 */
export async function paste(page, text) {
  if ((await editorText(page)) === text) return 0;
  await page.evaluate(stageText, text);
  const since = await page.evaluate(() => performance.now());
  const start = Date.now();
  await page.evaluate(pasteInPage, null);
  await waitForAnalysis(page, since);
  return Date.now() - start;
}

/**
 * A real paste: the text goes through the clipboard and Ctrl+V, replacing the
 * input's text. Returns the page time just before the paste, for `waitForAnalysis`.
 * (Playwright's `fill` types through Chromium's editing pipeline, which takes
 * minutes for a few hundred KB; a paste takes well under a second.)
 */
export async function pasteKeys(page, text) {
  await page.evaluate((t) => navigator.clipboard.writeText(t), text);
  // A large input shown read-only takes a paste as a whole new text.
  if (await page.$(".vsource")) {
    await page.focus(".vsource");
  } else {
    await page.focus("textarea.source");
    await page.keyboard.press("Control+A");
  }
  const since = await page.evaluate(() => performance.now());
  await page.keyboard.press("Control+V");
  return since;
}

/** [`pasteKeys`], then waits for the report. */
export async function pasteViaClipboard(page, text) {
  const since = await pasteKeys(page, text);
  await waitForAnalysis(page, since);
}

/** What the report shows: detected kind, counts per severity, finding codes. */
export async function reportSummary(page) {
  return page.evaluate(() => {
    const kind = document.querySelector(".kind-label")?.dataset.kind ?? null;
    const counts = {};
    for (const c of document.querySelectorAll(".report-head .count")) counts[c.dataset.severity] = Number(c.dataset.count);
    const codes = [...document.querySelectorAll("li.finding")].map((li) => li.dataset.code);
    const headline = document.querySelector(".headline")?.innerText ?? "";
    return { kind, counts, codes, headline };
  });
}

/**
 * Where editor line `line` is on the screen, from the textarea's own computed
 * geometry, and where the gutter's number, marker and band for that line are.
 * All as vertical centres in CSS pixels (null when absent).
 */
export async function lineGeometry(page, line) {
  return page.evaluate((line) => {
    const ta = document.querySelector("textarea.source");
    const cs = getComputedStyle(ta);
    const lh = parseFloat(cs.lineHeight);
    const top = ta.getBoundingClientRect().top + parseFloat(cs.paddingTop) + parseFloat(cs.borderTopWidth);
    const expected = top + (line - 1) * lh - ta.scrollTop + lh / 2;
    const centre = (el) => {
      if (!el) return null;
      const r = el.getBoundingClientRect();
      return r.top + r.height / 2;
    };
    // The number's text, through a Range over the numbers column's block that
    // holds the line (blocks of LINES_PER_BLOCK lines, each with its first line
    // in data-first; the layout of a skipped block is forced by the query).
    const block = [...document.querySelectorAll(".numbers > [data-first]")].filter((b) => Number(b.dataset.first) <= line).at(-1);
    const numbers = block?.firstChild;
    let number = null;
    if (numbers) {
      const lines = numbers.textContent.split("\n");
      const index = line - Number(block.dataset.first);
      if (index < lines.length) {
        const offset = lines.slice(0, index).reduce((n, l) => n + l.length + 1, 0);
        const range = document.createRange();
        range.setStart(numbers, offset);
        range.setEnd(numbers, offset + String(line).length);
        const r = range.getBoundingClientRect();
        number = r.top + r.height / 2;
      }
    }
    return {
      lineHeight: lh,
      scrollTop: ta.scrollTop,
      expected,
      number,
      marker: centre(document.querySelector(`.mark[data-line="${line}"]`)),
      band: centre(document.querySelector(`.band.highlighted[data-line="${line}"]`)),
    };
  }, line);
}

/** Scrolls the editor and waits a frame for the layers to follow. */
export async function scrollEditor(page, scrollTop) {
  return page.evaluate(
    (y) =>
      new Promise((resolve) => {
        const ta = document.querySelector("textarea.source");
        ta.scrollTop = y === "max" ? ta.scrollHeight : y;
        requestAnimationFrame(() => requestAnimationFrame(() => resolve(ta.scrollTop)));
      }),
    scrollTop,
  );
}

/**
 * Saves a screenshot to `path` unless the file there already shows the same
 * picture: rendering differs by a few anti-aliased pixels from run to run, and a
 * test run should not leave binary churn in docs/ for that. Returns whether it wrote.
 */
export async function saveScreenshot(page, path, { tolerance = 0.001 } = {}) {
  const { existsSync, readFileSync, writeFileSync } = await import("node:fs");
  const shot = await page.screenshot();
  if (existsSync(path)) {
    const scratch = await page.context().newPage();
    const changed = await scratch.evaluate(async ([a, b]) => {
      const load = (s) =>
        new Promise((ok, fail) => {
          const i = new Image();
          i.onload = () => ok(i);
          i.onerror = fail;
          i.src = "data:image/png;base64," + s;
        });
      const [x, y] = [await load(a), await load(b)];
      if (x.width !== y.width || x.height !== y.height) return 1;
      const pixels = (img) => {
        const c = document.createElement("canvas");
        [c.width, c.height] = [img.width, img.height];
        const g = c.getContext("2d");
        g.drawImage(img, 0, 0);
        return g.getImageData(0, 0, img.width, img.height).data;
      };
      const [p, q] = [pixels(x), pixels(y)];
      let n = 0;
      for (let i = 0; i < p.length; i += 4) {
        if (p[i] !== q[i] || p[i + 1] !== q[i + 1] || p[i + 2] !== q[i + 2]) n++;
      }
      return n / (p.length / 4);
    }, [readFileSync(path).toString("base64"), shot.toString("base64")]);
    await scratch.close();
    if (changed <= tolerance) return false;
  }
  writeFileSync(path, shot);
  return true;
}

/** A kubeconfig of about `kb` KB: EKS-style clusters, contexts and exec users. */
export function bigKubeconfig(kb) {
  const head = "apiVersion: v1\nkind: Config\ncurrent-context: ctx-0\npreferences: {}\n";
  const ca = "LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0t".repeat(20);
  let clusters = "clusters:\n", contexts = "contexts:\n", users = "users:\n";
  let i = 0;
  while ((head + clusters + contexts + users).length < kb * 1000) {
    clusters += `- cluster:\n    certificate-authority-data: ${ca}\n    server: https://${(i * 7919).toString(16).toUpperCase().padStart(32, "A")}.gr7.eu-west-1.eks.amazonaws.com\n  name: cluster-${i}\n`;
    contexts += `- context:\n    cluster: cluster-${i}\n    user: user-${i}\n    namespace: team-${i}\n  name: ctx-${i}\n`;
    users += `- name: user-${i}\n  user:\n    exec:\n      apiVersion: client.authentication.k8s.io/v1beta1\n      args: [--region, eu-west-1, eks, get-token, --cluster-name, cluster-${i}]\n      command: aws\n`;
    i++;
  }
  return head + clusters + contexts + users;
}
