import type { SourcePlugin } from '../plugin.ts';
import { redcapSourceConfigSchema, type RedcapSourceConfig } from './config.ts';
import { createRedcapSource } from './source.ts';

/** `type: "redcap"`: a REDCap project through its API. */
export const redcapPlugin: SourcePlugin<RedcapSourceConfig> = {
  type: 'redcap',
  configSchema: redcapSourceConfigSchema,
  create: createRedcapSource,
};
