import { describe, expect, it } from 'vitest';
import { findCycles, importSpecifiers } from './import-cycles.mjs';

const graph = (edges: Record<string, string[]>) => new Map(Object.entries(edges));
const cycles = (edges: Record<string, string[]>) => findCycles(graph(edges));

describe('findCycles', () => {
  it.each<[string, Record<string, string[]>, string[][]]>([
    ['finds none in a chain', { a: ['b'], b: ['c'], c: [] }, []],
    ['finds none in a diamond', { a: ['b', 'c'], b: ['d'], c: ['d'], d: [] }, []],
    ['finds a two-module cycle', { a: ['b'], b: ['a'] }, [['a', 'b', 'a']]],
    ['finds a self-import', { a: ['a'], b: [] }, [['a', 'a']]],
    ['finds a cycle behind a chain', { a: ['b'], b: ['c'], c: ['d'], d: ['b'] }, [['b', 'c', 'd', 'b']]],
    [
      'finds each of two separate cycles',
      { a: ['b'], b: ['a'], c: ['d'], d: ['c'], e: ['a'] },
      [
        ['a', 'b', 'a'],
        ['c', 'd', 'c'],
      ],
    ],
    ['ignores edges to modules outside the graph', { a: ['outside'] }, []],
  ])('%s', (_case, edges, expected) => {
    expect(cycles(edges).sort()).toEqual(expected);
  });
});

describe('importSpecifiers', () => {
  it('reads runtime imports, re-exports, side-effect and dynamic imports, and skips type-only ones', () => {
    const source = [
      "import { a } from './a.ts';",
      "import b, { type B } from '@mwl/b';",
      "import type { C } from './c.ts';",
      "export { d } from './d.ts';",
      "export * from './e.ts';",
      "export type { F } from './f.ts';",
      "import './g.ts';",
      "const h = await import('./h.ts');",
      "// import { x } from './commented.ts';",
      'import {',
      '  i,',
      "} from './i.ts';",
    ].join('\n');
    expect(importSpecifiers(source)).toEqual([
      './a.ts',
      '@mwl/b',
      './d.ts',
      './e.ts',
      './i.ts',
      './g.ts',
      './h.ts',
    ]);
  });
});
