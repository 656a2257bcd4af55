import type { SchemaEngine } from '@prisma/schema-engine-wasm';
import { isMwlError } from '@mwl/domain';
import { SchemaEngineError } from '../errors.ts';
import { createEngineAdapterFactory } from './engine-adapter.ts';
import { isWasmTrap, lastSchemaEnginePanic, loadSchemaEngine } from './wasm-engine.ts';

/**
 * One schema-engine instance for one operation: load the Wasm engine, connect it to `databaseUrl`
 * through our adapter factory, run `work`, then free the engine, end the pools and drop any shadow
 * database left behind, whatever happened.
 */

export interface EngineSessionOptions {
  databaseUrl: string;
  /** Server connection used to create shadow databases (defaults to `databaseUrl`). */
  serverUrl?: string;
  /** Prisma schema files, when the operation needs the datamodel (path, content). */
  schemaFiles?: [string, string][];
  /** Engine log lines (JSON, one per line). Ignored unless given. */
  onLog?: (line: string) => void;
}

export const NO_FILTERS = { externalTables: [], externalEnums: [] };

export async function withSchemaEngine<T>(
  options: EngineSessionOptions,
  work: (engine: SchemaEngine) => Promise<T>,
): Promise<T> {
  const SchemaEngineClass = await loadSchemaEngine();
  const adapters = createEngineAdapterFactory({
    databaseUrl: options.databaseUrl,
    serverUrl: options.serverUrl ?? options.databaseUrl,
  });
  const onLog = options.onLog ?? (() => undefined);
  let engine: SchemaEngine | undefined;
  let result: T;
  try {
    engine = await SchemaEngineClass.new({ datamodels: options.schemaFiles }, onLog, adapters.factory);
    result = await work(engine);
  } catch (error) {
    engine?.free();
    // The original failure matters more than a clean-up that fails after it.
    await adapters.close().catch(() => undefined);
    throw toSchemaEngineError(error, adapters.jsErrors.errors);
  }
  engine.free();
  await adapters.close();
  return result;
}

function toSchemaEngineError(error: unknown, jsErrors: readonly unknown[]): unknown {
  if (isMwlError(error)) return error;
  const jsCauses = jsErrors.map((e) => (e instanceof Error ? e.message : String(e)));
  const suffix = jsCauses.length > 0 ? `\n(driver: ${jsCauses.join('; ')})` : '';
  return new SchemaEngineError(`${schemaEngineErrorText(error)}${suffix}`, { cause: error });
}

/** The readable part of an engine error: its code if any, the message without the Rust span trace. */
export function schemaEngineErrorText(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const panic = isWasmTrap(error) ? lastSchemaEnginePanic() : null;
  if (panic) return `the schema engine crashed: ${panic}`;
  const code = 'code' in error && typeof error.code === 'string' ? `${error.code}: ` : '';
  // The engine appends a Rust span trace ("   0: schema_engine_wasm::…"); it helps nobody here.
  return `${code}${error.message.replace(/\n\s+0: [\s\S]*$/, '').trim()}`;
}
