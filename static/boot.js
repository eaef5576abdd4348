// Starts the wasm app without any inline script, so the page's CSP can say
// script-src 'self'. Trunk (pattern_script in Trunk.toml) writes the hashed names of
// the wasm-bindgen JS and wasm into this script tag's data attributes.
const tag = document.querySelector("script[data-eksplain-wasm]");

function fail(err) {
  console.error("eksplain failed to start:", err);
  document.documentElement.dataset.eksplainBoot = "failed";
  const p = document.createElement("p");
  p.className = "boot-error";
  p.setAttribute("role", "alert");
  p.textContent = "eksplain could not start in this browser (WebAssembly failed to load): " + err;
  document.body.append(p);
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
