import { readdir, readFile } from 'node:fs/promises';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../test-support.ts';

/**
 * The image installs only the root package.json's `dependencies` next to the built bundles
 * (Dockerfile): every npm package a bundle loads must be one of them, at the version the
 * workspace packages were tested with.
 */
const PACKAGE = /^(?:@[a-z0-9][\w.-]*\/)?[a-z0-9][\w.-]*(?:\/[\w./-]+)?$/;
const BUILTIN = new Set(builtinModules);

async function bundleImports(): Promise<Set<string>> {
  const names = new Set<string>();
  for (const service of ['cli', 'writer', 'gateway', 'fetcher', 'api']) {
    const dir = join(REPO_ROOT, 'services', service, 'dist');
    const files = (await readdir(dir, { recursive: true })).filter((file) => file.endsWith('.js'));
    for (const file of files) {
      const code = await readFile(join(dir, file), 'utf8');
      // Static imports start a line in esbuild's output; dynamic ones and createRequire calls
      // may stand anywhere. Only what reads as a package name counts (not text in strings).
      const specifiers = [
        ...code.matchAll(/^(?:import|export)\b[^;\n]*?\bfrom\s*"([^"]+)"/gm),
        ...code.matchAll(/\bimport\(\s*"([^"]+)"\s*\)/g),
        ...code.matchAll(/\brequire\w*\(\s*"([^"]+)"\s*\)/g),
      ].map((match) => match[1]!);
      for (const specifier of specifiers) {
        if (
          specifier.startsWith('node:') ||
          BUILTIN.has(specifier.split('/')[0]!) ||
          specifier.startsWith('.') ||
          !PACKAGE.test(specifier)
        )
          continue;
        const parts = specifier.split('/');
        names.add(specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!);
      }
    }
  }
  return names;
}

describe('the built bundles', () => {
  it('load only npm packages the root package.json lists as dependencies', async () => {
    const root = JSON.parse(await readFile(join(REPO_ROOT, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
    };
    const imported = await bundleImports();
    expect(imported.size).toBeGreaterThan(10);
    expect([...imported].filter((name) => !(name in root.dependencies)).sort()).toEqual([]);
    for (const name of Object.keys(root.dependencies)) {
      const installed = JSON.parse(
        await readFile(join(REPO_ROOT, 'node_modules', name, 'package.json'), 'utf8'),
      ) as { version: string };
      expect(`${name}@${installed.version}`).toBe(`${name}@${root.dependencies[name]}`);
    }
  });
});
