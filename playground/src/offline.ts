// Registers the service worker (./sw.js) that keeps a loaded playground working offline.
export function registerServiceWorker(): void {
  if ("serviceWorker" in navigator && location.protocol !== "file:") {
    navigator.serviceWorker.register("sw.js").catch((e: unknown) => console.warn("tensorgrad playground: no offline copy:", e));
  }
}
