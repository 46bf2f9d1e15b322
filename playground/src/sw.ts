// The service worker: network first (a fresh page when online), the cache
// otherwise, so a playground once loaded works offline. The page's files are
// fetched into the cache when it installs (the list is the build's).
/// <reference lib="webworker" />
declare const SHELL_FILES: string[];
declare const BUILD_ID: string;
declare const self: ServiceWorkerGlobalScope;

const CACHE = `tensorgrad-playground-${BUILD_ID}`;

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(["./", ...SHELL_FILES])).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith("tensorgrad-playground-") && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET" || new URL(request.url).origin !== location.origin) return;
  event.respondWith(
    fetch(request)
      .then((response) => {
        if (response.ok) {
          const copy = response.clone();
          void caches.open(CACHE).then((cache) => cache.put(request, copy));
        }
        return response;
      })
      .catch(async () => (await caches.match(request, { ignoreSearch: request.mode === "navigate" })) ?? Response.error()),
  );
});
