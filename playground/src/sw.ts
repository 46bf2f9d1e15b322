// The service worker: network first (a fresh page when online), the cache
// otherwise, so a playground once loaded works offline. The page's files are
// fetched into the cache when it installs (the list is the build's). It also
// adds the cross-origin isolation headers that most static hosts do not send,
// so that the pages get shared memory: wasm's threads and resident tensors.
/// <reference lib="webworker" />
declare const SHELL_FILES: string[];
declare const BUILD_ID: string;
declare const self: ServiceWorkerGlobalScope;

const CACHE = `tensorgrad-playground-${BUILD_ID}`;

/** The response with COOP/COEP/CORP set: the page that loads it is cross-origin isolated. */
function isolated(response: Response): Response {
  if (response.type === "opaque" || response.type === "error") return response;
  const headers = new Headers(response.headers);
  headers.set("Cross-Origin-Opener-Policy", "same-origin");
  headers.set("Cross-Origin-Embedder-Policy", "require-corp");
  headers.set("Cross-Origin-Resource-Policy", "same-origin");
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}

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
        return isolated(response);
      })
      .catch(async () => {
        const cached = await caches.match(request, { ignoreSearch: request.mode === "navigate" });
        return cached ? isolated(cached) : Response.error();
      }),
  );
});
