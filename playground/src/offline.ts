// Registers the service worker (./sw.js) that keeps a loaded playground working
// offline and makes its pages cross-origin isolated on any static host.
export function registerServiceWorker(): void {
  if (!("serviceWorker" in navigator) || location.protocol === "file:") return;
  navigator.serviceWorker.register("sw.js").catch((e: unknown) => console.warn("tensorgrad playground: no service worker:", e));
  // A page served without the isolation headers becomes isolated once the worker serves it: reload once
  // (per tab session, so a browser that refuses isolation is not reloaded again and again).
  if (!crossOriginIsolated && sessionStorage.getItem(RELOADED) === null) {
    void navigator.serviceWorker.ready.then(() => {
      sessionStorage.setItem(RELOADED, "1");
      location.reload();
    });
  }
}

const RELOADED = "tensorgrad-playground-isolation-reload";
