import { processEnvShape } from '@mwl/config';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { prepareRole } from './prepare-role.ts';
import type { ProcessIo } from './process-io.ts';

function capturingIo(overrides: Partial<ProcessIo> = {}): ProcessIo & { lines(): Record<string, unknown>[] } {
  const out: string[] = [];
  return {
    env: {},
    stdout: { write: (text: string) => out.push(text) },
    stderr: { write: () => {} },
    cwd: '/',
    hostTimezone: 'America/Edmonton',
    onSignal: () => {},
    ...overrides,
    lines: () =>
      out
        .join('')
        .split('\n')
        .filter((line) => line !== '')
        .map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}

const spec = { service: 'writer', envSchema: z.object({ ...processEnvShape }) };

describe('prepareRole', () => {
  it('logs the timezone and the time zone database its local times follow', async () => {
    const io = capturingIo({ tzdataVersion: '2026e' });
    const prepared = await prepareRole(io, spec);
    expect(prepared.ok).toBe(true);
    expect(io.lines()).toContainEqual(
      expect.objectContaining({
        service: 'writer',
        timezone: 'America/Edmonton',
        tzdata: '2026e',
        msg: 'local times follow this time zone database',
      }),
    );
  });

  it('says the database is unknown when the runtime does not tell', async () => {
    const io = capturingIo();
    await prepareRole(io, spec);
    expect(io.lines()).toContainEqual(expect.objectContaining({ tzdata: 'unknown' }));
  });
});
