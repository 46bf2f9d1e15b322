// Registers the service worker (./sw.js) that keeps a loaded playground working
// offline and makes its pages cross-origin isolated on any static host.

/**
 * Registers the worker, and resolves once this page is the one that stays: a
 * page served without the isolation headers becomes isolated once the worker
 * serves it, so it reloads once (per tab session, so that a browser that
 * refuses isolation is not reloaded again and again) and never resolves, and
 * the page takes no input that the reload would lose. It goes on as it is if
 * the worker fails or is not ready within a few seconds.
 */
export async function pageThatStays(): Promise<void> {
  if (!("serviceWorker" in navigator) || location.protocol === "file:") return;
  const registered = navigator.serviceWorker.register("sw.js").then(
    () => true,
    (e: unknown) => {
      console.warn("tensorgrad playground: no service worker:", e);
      return false;
    },
  );
  if (crossOriginIsolated || sessionStorage.getItem(RELOADED) !== null) return;
  if (!(await registered)) return;
  const ready = navigator.serviceWorker.ready.then(() => true);
  const late = new Promise<boolean>((resolve) => setTimeout(() => resolve(false), READY_WAIT_MS));
  if (!(await Promise.race([ready, late]))) return;
  sessionStorage.setItem(RELOADED, "1");
  location.reload();
  await new Promise(() => {});
}

const RELOADED = "tensorgrad-playground-isolation-reload";
const READY_WAIT_MS = 5000;
