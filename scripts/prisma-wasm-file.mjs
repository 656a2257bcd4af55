// An esbuild plugin for the built services: Prisma's query compiler ships as a JavaScript module
// holding its WebAssembly as one base64 string (2.3 MB), and the generated client decodes that
// string. Once loaded, V8 keeps the module's source and the string literal for the life of the
// process: ~4.6 MB of an idle service's heap for bytes it needed once (bench:footprint). The built
// bundles instead read the decoded .wasm from a file next to them, so nothing of it stays but the
// compiled module. Development and tests (tsx, from source) keep Prisma's own path.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** The generated client's loader; the build fails if Prisma's generator stops writing it so. */
const LOADER =
  /getQueryCompilerWasmModule: async \(\) => \{\s*const \{ wasm \} = await import\("([^"]+\.wasm-base64\.mjs)"\)\s*return await decodeBase64AsWasm\(wasm\)\s*\},/;

/** File name of the decoded module, in each service's dist folder. */
export const QUERY_COMPILER_WASM = 'prisma-query-compiler.wasm';

/** @param {{ outdir: string }} options where the bundles (and so the .wasm) are written */
export function prismaWasmFile({ outdir }) {
  return {
    name: 'prisma-wasm-file',
    setup(build) {
      build.onLoad({ filter: /[\\/]generated[\\/]internal[\\/]class\.ts$/ }, async (args) => {
        const source = await readFile(args.path, 'utf8');
        const match = LOADER.exec(source);
        if (!match) {
          return {
            errors: [
              {
                text:
                  "Prisma's generated client no longer loads its query compiler as scripts/prisma-wasm-file.mjs " +
                  'expects; update the pattern there',
              },
            ],
          };
        }
        const { wasm } = await import(match[1]);
        await mkdir(outdir, { recursive: true });
        await writeFile(join(outdir, QUERY_COMPILER_WASM), Buffer.from(wasm, 'base64'));
        // `import.meta.url` is the chunk's own address: every chunk is written to `outdir`'s root.
        const loader =
          'getQueryCompilerWasmModule: async () => new WebAssembly.Module(await ' +
          `(await import('node:fs/promises')).readFile(new URL('./${QUERY_COMPILER_WASM}', import.meta.url))),`;
        return { contents: source.replace(LOADER, loader), loader: 'ts' };
      });
    },
  };
}
