// A Store whose backend opens asynchronously (PostgreSQL connects and migrates before it can
// answer) behind the same synchronous `getStore()` the composition root hands out: each call
// waits for the open, then forwards. A failed open fails every call with its error.
import type { Store } from "./store.ts";

export function lazyStore(open: () => Promise<Store>): Store {
  let opened: Promise<Store> | null = null;
  const ready = () => (opened ??= open());
  return new Proxy({} as Store, {
    get(_target, method: string | symbol) {
      if (method === "then") return undefined; // not a thenable: `await store` must not wait here
      if (method === "close") {
        return async () => {
          if (!opened) return;
          const store = await opened.catch(() => null);
          await store?.close();
        };
      }
      return async (...args: unknown[]) => {
        const store = await ready();
        const fn = (store as unknown as Record<string | symbol, unknown>)[method];
        if (typeof fn !== "function") throw new TypeError(`Store has no method ${String(method)}`);
        return (fn as (...a: unknown[]) => unknown).apply(store, args);
      };
    },
  });
}
