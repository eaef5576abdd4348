// eksplain's analysis worker (src/ui/worker.rs has the page's side). It runs the
// page's own wasm module: the page posts the compiled WebAssembly.Module and the
// URL of wasm-bindgen's glue, so nothing is downloaded twice. Large inputs are
// analysed here, off the page's main thread; the report goes back as bytes.
// Nothing is stored or sent anywhere else.
let glue = null;

self.onmessage = async (event) => {
  const msg = event.data;
  try {
    if (msg.type === "init") {
      glue = await import(msg.js);
      // Runs the module's start function too, which sees no window and only
      // installs a panic hook (src/ui/mod.rs).
      glue.initSync({ module: msg.module });
      // A first paste would otherwise run on code V8 has not compiled or
      // optimised yet (src/ui/worker.rs, warm_up). Jobs posted meanwhile wait.
      glue.warm_up(Date.now() / 1000);
      self.postMessage({ type: "ready" });
    } else if (msg.type === "analyze") {
      // A report's head, then its parts: the page decodes one per message, so
      // no task there decodes the whole report.
      const send = (type, [head, ...parts]) => {
        self.postMessage({ type, input: msg.input, revision: msg.revision, parts: parts.length, bytes: head }, [head.buffer]);
        for (const bytes of parts) self.postMessage({ type: "part", bytes }, [bytes.buffer]);
      };
      // A large kubeconfig's preview goes out while the rest is being built.
      const preview = msg.preview ? (parts) => send("preview", parts) : undefined;
      send("report", glue.analyze_for_worker(msg.text, msg.kind, msg.now ?? undefined, preview));
    }
  } catch (err) {
    // A panic (the wasm traps) or a failed start: the page analyses on its own.
    self.postMessage({ type: "failed", message: String(err) });
  }
};
