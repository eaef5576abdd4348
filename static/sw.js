// eksplain's service worker: keeps the page working offline after the first visit.
//
// It caches the app's own files and nothing else: the page never sends what you
// paste anywhere, so there is nothing else for this worker to see. The list of
// files and the cache version are written in at build time by
// tools/sw-precache.sh (a Trunk post_build hook), from the hashed names Trunk
// produced; a new build means a new version, a new cache, and the old one deleted.
//
// Hashed files (app-<hash>.js, app-<hash>_bg.wasm, style-<hash>.css) never change
// under their name: cache first. Everything else (index.html, boot.js): network
// first, so a deploy shows up on the next load, with the cached copy when offline.
const VERSION = "__EKSPLAIN_VERSION__";
const PRECACHE = ["__EKSPLAIN_PRECACHE__"].filter((f) => !f.startsWith("__EKSPLAIN"));
const CACHE = "eksplain-" + VERSION;
const HASHED = /-[0-9a-f]{16}(_bg)?\.(js|wasm|css)$/;

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll(["./", ...PRECACHE]))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) =>
        Promise.all(keys.filter((k) => k.startsWith("eksplain-") && k !== CACHE).map((k) => caches.delete(k))),
      )
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("fetch", (event) => {
  const req = event.request;
  if (req.method !== "GET" || !req.url.startsWith(self.registration.scope)) {
    return; // not ours: the browser handles it as if there were no worker
  }
  const path = new URL(req.url).pathname;
  event.respondWith(HASHED.test(path) ? cacheFirst(req) : networkFirst(req));
});

async function cacheFirst(req) {
  const hit = await caches.match(req);
  if (hit) return hit;
  const res = await fetch(req);
  if (res.ok) (await caches.open(CACHE)).put(req, res.clone());
  return res;
}

async function networkFirst(req) {
  try {
    const res = await fetch(req);
    if (res.ok) (await caches.open(CACHE)).put(req, res.clone());
    return res;
  } catch (offline) {
    const hit = (await caches.match(req, { ignoreSearch: true })) ||
      (req.mode === "navigate" ? await caches.match(new URL("./", self.registration.scope).href) : undefined);
    if (hit) return hit;
    throw offline;
  }
}
