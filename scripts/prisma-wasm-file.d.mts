import type { Plugin } from 'esbuild';

/** File name of the decoded query compiler, in each service's dist folder. */
export const QUERY_COMPILER_WASM: string;
/** Bundles load Prisma's query compiler from `<outdir>/QUERY_COMPILER_WASM` instead of base64. */
export function prismaWasmFile(options: { outdir: string }): Plugin;
