import { describe, expect } from 'vitest';
import { dbTest } from '../testing/index.ts';
import { textArrayLiteral } from './worklist-reconcile.repository.ts';

describe('textArrayLiteral', () => {
  dbTest('reads back in PostgreSQL as the same keys, whatever characters they hold', async ({ prisma }) => {
    const keys = [
      'rec-1/baseline_arm_1/mri/1',
      'with "quotes"',
      'back\\slash\\"',
      'comma, {braces} and spaces ',
      'NULL',
      '',
      'é ü 漢字 🙂',
      "it's",
    ];
    const [row] = await prisma.$queryRaw<{ keys: string[] }[]>`
      SELECT ${textArrayLiteral(keys)}::text[] AS keys`;
    expect(row!.keys).toEqual(keys);
  });

  dbTest('reads back keys with control characters too', async ({ prisma }) => {
    const keys = ['line\nbreak', 'tab\there', 'bell\u0007', 'back\\n', 'plain'];
    const [row] = await prisma.$queryRaw<{ keys: string[] }[]>`
      SELECT ${textArrayLiteral(keys)}::text[] AS keys`;
    expect(row!.keys).toEqual(keys);
  });

  dbTest('reads back an empty list as an empty array', async ({ prisma }) => {
    const [row] = await prisma.$queryRaw<{ n: number }[]>`
      SELECT cardinality(${textArrayLiteral([])}::text[])::int AS n`;
    expect(row!.n).toBe(0);
  });
});
