import { calpendoPlugin } from './calpendo/index.ts';
import { createFilePlugin } from './file/plugin.ts';
import { redcapPlugin } from './redcap/plugin.ts';
import { createSourceRegistry, type SourceRegistry } from './registry.ts';

/**
 * The source types mwl-bridge ships (`redcap`, `calpendo`, `file`); a config `type` that is none
 * of them loads as an installed npm package. Every process that runs or checks sources uses this.
 */
export function createBuiltInSourceRegistry(): SourceRegistry {
  return createSourceRegistry({ plugins: [redcapPlugin, calpendoPlugin, createFilePlugin()] });
}
