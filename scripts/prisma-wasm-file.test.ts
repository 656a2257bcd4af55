import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { prismaWasmFile, QUERY_COMPILER_WASM } from './prisma-wasm-file.mjs';

const generatedClass = fileURLToPath(
  new URL('../packages/db/src/generated/internal/class.ts', import.meta.url),
);

describe('prismaWasmFile', () => {
  let outdir: string;
  beforeEach(async () => {
    outdir = await mkdtemp(path.join(tmpdir(), 'mwl-prisma-wasm-'));
  });
  afterEach(() => rm(outdir, { recursive: true, force: true }));

  const bundle = (entry: string) =>
    build({
      entryPoints: [entry],
      outdir,
      bundle: true,
      format: 'esm',
      platform: 'node',
      write: false,
      logLevel: 'silent',
      plugins: [
        {
          name: 'external',
          setup: (b) => b.onResolve({ filter: /^[^./]/ }, (a) => ({ path: a.path, external: true })),
        },
        prismaWasmFile({ outdir }),
      ],
    });

  it("writes the generated client's query compiler as a .wasm file and loads it from there", async () => {
    const result = await bundle(generatedClass);
    const code = result.outputFiles.map((file) => file.text).join('\n');
    expect(code).toContain(`new URL("./${QUERY_COMPILER_WASM}", import.meta.url)`);
    expect(code).not.toContain('wasm-base64');
    const wasm = await readFile(path.join(outdir, QUERY_COMPILER_WASM));
    expect(WebAssembly.validate(wasm)).toBe(true);
  });

  it("fails the build, naming itself, when Prisma's generated loader changes", async () => {
    const dir = path.join(outdir, 'generated', 'internal');
    await mkdir(dir, { recursive: true });
    const changed = path.join(dir, 'class.ts');
    await writeFile(
      changed,
      'export const config = { compilerWasm: { getQueryCompilerWasmModule: () => 1 } };\n',
    );
    await expect(bundle(changed)).rejects.toThrow(/prisma-wasm-file\.mjs/);
  });
});
