import { describe, expect, it } from 'vitest';
import { JsErrorRegistry, wrapAsync, wrapSync } from './result-binding.ts';

class DriverAdapterError extends Error {
  override name = 'DriverAdapterError';
}

describe('wrapAsync', () => {
  it('answers a value as { ok: true, value }', async () => {
    const wrapped = wrapAsync(async (x: number) => Promise.resolve(x * 2), new JsErrorRegistry());
    await expect(wrapped(21)).resolves.toEqual({ ok: true, value: 42 });
  });

  it("passes a driver adapter error's payload to the engine as is", async () => {
    const payload = { kind: 'TableDoesNotExist', table: 'x' };
    const wrapped = wrapAsync(
      () => Promise.reject(new DriverAdapterError('x', { cause: payload })),
      new JsErrorRegistry(),
    );
    await expect(wrapped()).resolves.toEqual({ ok: false, error: payload });
  });

  it('uses the describer for errors it recognizes', async () => {
    const wrapped = wrapAsync(
      () => Promise.reject(new Error('boom')),
      new JsErrorRegistry(),
      () => ({ kind: 'postgres', code: '42P01' }),
    );
    await expect(wrapped()).resolves.toEqual({ ok: false, error: { kind: 'postgres', code: '42P01' } });
  });

  it('keeps any other error in the registry and hands the engine its id', async () => {
    const registry = new JsErrorRegistry();
    const error = new Error('socket closed');
    const wrapped = wrapAsync(() => Promise.reject(error), registry);
    await expect(wrapped()).resolves.toEqual({ ok: false, error: { kind: 'GenericJs', id: 0 } });
    expect(registry.errors).toEqual([error]);
  });
});

describe('wrapSync', () => {
  it('answers a value or a registered error without throwing', () => {
    const registry = new JsErrorRegistry();
    expect(wrapSync(() => 'info', registry)()).toEqual({ ok: true, value: 'info' });
    expect(
      wrapSync(() => {
        throw new Error('no');
      }, registry)(),
    ).toEqual({ ok: false, error: { kind: 'GenericJs', id: 0 } });
  });
});
