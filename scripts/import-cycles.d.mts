/** Runtime import specifiers of one module; `import type` / `export type` are left out. */
export function importSpecifiers(source: string): string[];
/** One path (`[a, b, a]`) per cycle of the graph. */
export function findCycles<T>(graph: ReadonlyMap<T, Iterable<T>>): T[][];
