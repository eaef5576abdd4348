// Service worker placeholder (offline cache). Nothing registers it yet; the app will,
// once the caching strategy is written. Kept so the build copies it to dist/sw.js.
self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));
