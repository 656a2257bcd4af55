import {
  calpendoPlugin,
  createFilePlugin,
  createSourceRegistry,
  redcapPlugin,
  type SourceRegistry,
} from '@mwl/sources';

/** The source types mwl-bridge ships (`redcap`, `calpendo`, `file`); other types load as npm packages. */
export function createBridgeSourceRegistry(): SourceRegistry {
  return createSourceRegistry({ plugins: [redcapPlugin, calpendoPlugin, createFilePlugin()] });
}
