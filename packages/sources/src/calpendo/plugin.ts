import type { SourcePlugin } from '../plugin.ts';
import { calpendoSourceConfigSchema, type CalpendoSourceConfig } from './config.ts';
import { createCalpendoSource } from './source.ts';

/** `type: "calpendo"`: bookings of a Calpendo server through its WebDAV JSON API. */
export const calpendoPlugin: SourcePlugin<CalpendoSourceConfig> = {
  type: 'calpendo',
  configSchema: calpendoSourceConfigSchema,
  create: createCalpendoSource,
};
