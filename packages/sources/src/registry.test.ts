import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { InvalidSourcePluginError, UnknownSourceTypeError } from './errors.ts';
import type { SourcePlugin } from './plugin.ts';
import { createSourceRegistry } from './registry.ts';

const fakePlugin = (type: string): SourcePlugin => ({
  type,
  configSchema: z.object({
    config: z.object({ url: z.string() }),
    field_mapping: z.record(z.string(), z.unknown()),
  }),
  create: () => ({
    fetchWindow: () => ({
      [Symbol.asyncIterator]: () => ({ next: () => Promise.resolve({ done: true, value: undefined }) }),
    }),
  }),
});

const notFound = (specifier: string) =>
  Object.assign(new Error(`Cannot find package '${specifier}'`), { code: 'ERR_MODULE_NOT_FOUND' });

function registryWith(modules: Record<string, unknown>) {
  const imported: string[] = [];
  const registry = createSourceRegistry({
    plugins: [fakePlugin('redcap'), fakePlugin('calpendo')],
    importModule: (specifier) => {
      imported.push(specifier);
      return specifier in modules ? Promise.resolve(modules[specifier]) : Promise.reject(notFound(specifier));
    },
  });
  return { registry, imported };
}

describe('createSourceRegistry', () => {
  it('resolves a static plugin without importing anything', async () => {
    const { registry, imported } = registryWith({});
    expect((await registry.resolve('redcap')).type).toBe('redcap');
    expect(imported).toEqual([]);
  });

  it.each([
    ['a default export', { default: fakePlugin('@site/mwl-source-csv') }],
    ['a "plugin" export', { plugin: fakePlugin('@site/mwl-source-csv') }],
    ['a "sourcePlugin" export', { sourcePlugin: fakePlugin('@site/mwl-source-csv') }],
    ['a CommonJS default', { default: { default: fakePlugin('@site/mwl-source-csv') } }],
  ])('loads an installed package that has %s', async (_name, module) => {
    const { registry } = registryWith({ '@site/mwl-source-csv': module });
    expect((await registry.resolve('@site/mwl-source-csv')).type).toBe('@site/mwl-source-csv');
  });

  it('imports a package once', async () => {
    const { registry, imported } = registryWith({ 'mwl-source-csv': { default: fakePlugin('csv') } });
    await registry.resolve('mwl-source-csv');
    await registry.resolve('mwl-source-csv');
    expect(imported).toEqual(['mwl-source-csv']);
  });

  it('names the known types when a type is unknown', async () => {
    const { registry } = registryWith({});
    const error = await registry.resolve('redcapp').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnknownSourceTypeError);
    expect((error as Error).message).toContain('known types are "calpendo", "redcap"');
  });

  it('does not try to import a type that cannot be a package name', async () => {
    const { registry, imported } = registryWith({});
    await expect(registry.resolve('../../etc/passwd')).rejects.toBeInstanceOf(UnknownSourceTypeError);
    expect(imported).toEqual([]);
  });

  it('refuses a package that exports no plugin', async () => {
    const { registry } = registryWith({ 'left-pad': { default: () => 'x' } });
    await expect(registry.resolve('left-pad')).rejects.toBeInstanceOf(InvalidSourcePluginError);
  });

  it('reports a package that fails to load as an invalid plugin', async () => {
    const registry = createSourceRegistry({
      plugins: [],
      importModule: () => Promise.reject(new SyntaxError('bad')),
    });
    await expect(registry.resolve('broken-plugin')).rejects.toMatchObject({
      code: 'MWL_ERR_SOURCE_INVALID_PLUGIN',
    });
  });

  it('validates a source config with its plugin schema, with paths', async () => {
    const { registry } = registryWith({});
    const plugin = await registry.resolve('redcap');
    expect(registry.validate(plugin, { config: { url: 'x' } })).toEqual({
      ok: true,
      config: { config: { url: 'x' }, field_mapping: {} },
    });
    expect(registry.validate(plugin, { config: {} })).toMatchObject({
      ok: false,
      problems: [{ path: 'config.url' }],
    });
  });
});
