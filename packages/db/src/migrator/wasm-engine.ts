import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { SchemaEngine } from '@prisma/schema-engine-wasm';

/**
 * Loads `@prisma/schema-engine-wasm` in plain Node. Its entry module imports the `.wasm` file
 * directly (a bundler convention Node does not support), so we compile the file ourselves and hand
 * the instance to the JS glue module, as Prisma's CLI does.
 *
 * The glue module keeps the instance in a module variable: a second instantiation would swap the
 * memory under engines already running. So the loaded class is cached here, once per process. That
 * is the only module-level state in this package, and it holds code, not data.
 */

export type SchemaEngineClass = typeof SchemaEngine;

// The WebAssembly global exists in every Node version we support, but neither our `lib` setting
// nor @types/node 20 declares it: this is the little of it we use.
interface WasmInstance {
  exports: Record<string, unknown>;
}
interface WasmGlobal {
  compile(bytes: Uint8Array): Promise<object>;
  instantiate(module: object, imports: Record<string, object>): Promise<WasmInstance>;
  RuntimeError: abstract new (...args: never[]) => Error;
}
const wasmApi = (globalThis as unknown as { WebAssembly: WasmGlobal }).WebAssembly;

/** A trap inside the engine (a Rust panic ends as `unreachable`). */
export function isWasmTrap(error: unknown): boolean {
  return error instanceof wasmApi.RuntimeError;
}

interface PanicRegistry {
  set_message(message: string): void;
}

const PANIC_REGISTRY_KEY = 'PRISMA_WASM_PANIC_REGISTRY';
let lastPanicMessage: string | null = null;
let loading: Promise<SchemaEngineClass> | undefined;

export function loadSchemaEngine(): Promise<SchemaEngineClass> {
  loading ??= instantiate().catch((error: unknown) => {
    loading = undefined;
    throw error;
  });
  return loading;
}

/** The message of the last Rust panic inside the engine (the engine is unusable after one). */
export function lastSchemaEnginePanic(): string | null {
  return lastPanicMessage;
}

async function instantiate(): Promise<SchemaEngineClass> {
  // The engine reports a Rust panic through this global before throwing `unreachable`.
  const globals = globalThis as unknown as Record<string, PanicRegistry | undefined>;
  globals[PANIC_REGISTRY_KEY] ??= {
    set_message: (message: string) => {
      lastPanicMessage = message;
    },
  };

  const require = createRequire(import.meta.url);
  const entry = require.resolve('@prisma/schema-engine-wasm');
  const wasmFile = path.join(path.dirname(entry), 'schema_engine_bg.wasm');
  const glue = await import('@prisma/schema-engine-wasm/schema_engine_bg');
  const compiled = await wasmApi.compile(await readFile(wasmFile));
  const instance = await wasmApi.instantiate(compiled, { './schema_engine_bg.js': glue });
  glue.__wbg_set_wasm(instance.exports);
  (instance.exports.__wbindgen_start as () => void)();
  return glue.SchemaEngine;
}
