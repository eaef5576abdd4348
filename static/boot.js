// Starts the wasm app without any inline script, so the page's CSP can say
// script-src 'self'. Trunk (pattern_script in Trunk.toml) writes the hashed names of
// the wasm-bindgen JS and wasm into this script tag's data attributes.
const tag = document.querySelector("script[data-eksplain-wasm]");

// index.html's shell shows the header from the first paint; its status line says
// what is happening until the app renders (and removes the shell).
const status = document.getElementById("boot-status");
if (status) status.textContent = "Loading eksplain… It runs entirely in this tab.";

function fail(err) {
  console.error("eksplain failed to start:", err);
  document.documentElement.dataset.eksplainBoot = "failed";
  // A new alert in place of the status line: screen readers announce an element
  // added with role=alert, not reliably one whose role changed.
  const p = document.createElement("p");
  p.className = "boot-status boot-error";
  p.setAttribute("role", "alert");
  p.textContent = "eksplain could not start in this browser (WebAssembly failed to load): " + err;
  if (status) status.replaceWith(p);
  else document.body.append(p);
}

try {
  const { default: init } = await import(new URL(tag.dataset.eksplainJs, document.baseURI).href);
  const wasm = await init({
    module_or_path: new URL(tag.dataset.eksplainWasm, document.baseURI),
  });
  document.documentElement.dataset.eksplainBoot = "started";
  // Same event trunk's default loader fires, for tests and tooling.
  dispatchEvent(new CustomEvent("TrunkApplicationStarted", { detail: { wasm } }));
} catch (err) {
  fail(err);
}

// Offline: static/sw.js caches the app's own files (never anything pasted) so the
// page keeps working without a network after this first load. Registered after
// the app started, so it never competes with the wasm download. Browsers allow
// service workers only in secure contexts (https, localhost); elsewhere the page
// simply needs the network to load.
if ("serviceWorker" in navigator && window.isSecureContext) {
  navigator.serviceWorker.register(new URL("sw.js", document.baseURI)).catch((err) => {
    console.warn("eksplain: offline support unavailable:", err.message);
  });
}
