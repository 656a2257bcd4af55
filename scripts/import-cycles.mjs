// The import graph of our TypeScript sources and its cycles, for scripts/check-import-cycles.mjs.
// Pure functions (no file system) so a unit test can run them on a tiny graph.

/** Runtime import specifiers of one module; `import type` / `export type` are left out (erased). */
export function importSpecifiers(source) {
  const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  const found = [];
  const patterns = [
    // import x from 'a'; import { a } from 'a'; export { a } from 'a'; export * from 'a'
    /^\s*(import|export)\s+(?!type\s)[^'";]*?\sfrom\s*['"]([^'"]+)['"]/gm,
    // import 'a' (side effects)
    /^\s*import\s*['"]([^'"]+)['"]/gm,
    // await import('a')
    /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g,
  ];
  for (const pattern of patterns) {
    for (const match of code.matchAll(pattern)) found.push(match[match.length - 1]);
  }
  return found;
}

/**
 * Every cycle of a graph (`Map<node, Iterable<node>>`), one path per strongly connected component
 * with more than one node or a self-loop: `[a, b, c, a]`. Iterative Tarjan (no recursion limit).
 */
export function findCycles(graph) {
  const index = new Map();
  const low = new Map();
  const onStack = new Set();
  const stack = [];
  const components = [];
  let next = 0;
  const successors = (node) => [...(graph.get(node) ?? [])];

  for (const root of graph.keys()) {
    if (index.has(root)) continue;
    const work = [{ node: root, edges: successors(root), at: 0 }];
    index.set(root, next);
    low.set(root, next++);
    stack.push(root);
    onStack.add(root);
    while (work.length > 0) {
      const frame = work[work.length - 1];
      if (frame.at < frame.edges.length) {
        const to = frame.edges[frame.at++];
        if (!index.has(to)) {
          index.set(to, next);
          low.set(to, next++);
          stack.push(to);
          onStack.add(to);
          work.push({ node: to, edges: successors(to), at: 0 });
        } else if (onStack.has(to)) {
          low.set(frame.node, Math.min(low.get(frame.node), index.get(to)));
        }
        continue;
      }
      work.pop();
      if (work.length > 0) {
        const parent = work[work.length - 1].node;
        low.set(parent, Math.min(low.get(parent), low.get(frame.node)));
      }
      if (low.get(frame.node) === index.get(frame.node)) {
        const component = [];
        let member;
        do {
          member = stack.pop();
          onStack.delete(member);
          component.push(member);
        } while (member !== frame.node);
        const selfLoop = successors(frame.node).includes(frame.node);
        if (component.length > 1 || selfLoop) components.push(new Set(component));
      }
    }
  }
  return components.map((component) => cyclePath(graph, component));
}

/** A path that starts and ends at the component's first node (in sorted order), inside it. */
function cyclePath(graph, component) {
  const start = [...component].sort()[0];
  const previous = new Map([[start, undefined]]);
  const queue = [start];
  while (queue.length > 0) {
    const node = queue.shift();
    for (const to of graph.get(node) ?? []) {
      if (!component.has(to)) continue;
      if (to === start) {
        const path = [start];
        for (let at = node; at !== start; at = previous.get(at)) path.splice(1, 0, at);
        return [...path, start];
      }
      if (!previous.has(to)) {
        previous.set(to, node);
        queue.push(to);
      }
    }
  }
  return [start, start];
}
