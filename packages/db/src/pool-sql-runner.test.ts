import type pg from 'pg';
import { describe, expect, it } from 'vitest';
import { createPoolSqlRunner, MAX_PREPARED_STATEMENTS } from './pool-sql-runner.ts';

/** Records the query configs node-postgres would get (naming is all this module decides). */
function recordingPool() {
  const configs: pg.QueryConfig[] = [];
  const pool = {
    query: (config: pg.QueryConfig) => {
      configs.push(config);
      return Promise.resolve({ rows: [{ ok: 1 }] });
    },
  } as unknown as pg.Pool;
  return { pool, configs };
}

describe('createPoolSqlRunner', () => {
  it('names a prepared text once and keeps the name; unprepared texts stay unnamed', async () => {
    const { pool, configs } = recordingPool();
    const run = createPoolSqlRunner(pool);
    expect(await run('SELECT 1', [], { prepare: true })).toEqual([{ ok: 1 }]);
    await run('SELECT 2 WHERE $1', [true], { prepare: true });
    await run('SELECT 1', [], { prepare: true });
    await run('SELECT 3', []);
    expect(configs.map((c) => c.name)).toEqual(['mwl_1', 'mwl_2', 'mwl_1', undefined]);
    expect(configs[1]).toMatchObject({ text: 'SELECT 2 WHERE $1', values: [true] });
  });

  it('runs texts beyond the bound unnamed instead of preparing without end', async () => {
    const { pool, configs } = recordingPool();
    const run = createPoolSqlRunner(pool);
    for (let i = 0; i <= MAX_PREPARED_STATEMENTS; i++) await run(`SELECT ${i}`, [], { prepare: true });
    await run('SELECT 0', [], { prepare: true });
    const names = configs.map((c) => c.name);
    expect(new Set(names.filter(Boolean)).size).toBe(MAX_PREPARED_STATEMENTS);
    expect(names[MAX_PREPARED_STATEMENTS]).toBeUndefined();
    expect(names.at(-1)).toBe('mwl_1');
  });
});
