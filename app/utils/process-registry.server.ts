/**
 * A list registered once per process and read by modules that cannot take it as an argument (the
 * pledge writer's effects, the pledge form's parts). Kept on `globalThis` under a `Symbol.for` key,
 * not in a module variable: the server runs TWO bundles of the same modules — its own
 * (build/server, where the wiring is loaded) and Remix's (build/index.js, where the routes are) —
 * and a module variable set in one is empty in the other. A pledge changed from a route would then
 * skip its registered effects (it did: matching was not recomputed when a pledge was made with a
 * saved card from the form). The list is static — the same functions in every process — not state.
 */
export function processRegistry<T>(name: string): { set(items: readonly T[]): void; get(): readonly T[] } {
  const key = Symbol.for(`buurtkracht.registry.${name}`);
  const store = globalThis as unknown as Record<symbol, readonly T[] | undefined>;
  return {
    set(items) {
      store[key] = items;
    },
    get() {
      return store[key] ?? [];
    },
  };
}
