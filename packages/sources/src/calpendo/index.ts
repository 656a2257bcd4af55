// The Calpendo source plugin: what `@mwl/sources` exports of it.
export { calpendoPlugin } from './plugin.ts';
export {
  calpendoConfigSchema,
  calpendoSourceConfigSchema,
  type CalpendoConfig,
  type CalpendoSourceConfig,
} from './config.ts';
export { createCalpendoSource, type CalpendoSourceInstance } from './source.ts';
export { CALPENDO_READ_FAILED } from './read-bookings.ts';
export { calpendoWindow, type WindowOptions as CalpendoWindowOptions } from './window.ts';
export {
  convertPylantirCalpendoMapping,
  isPylantirCalpendoMapping,
  type PylantirMappingResult,
} from './pylantir-mapping.ts';
export {
  createStatusRule as createCalpendoStatusRule,
  DEFAULT_STATUS_MAP as CALPENDO_DEFAULT_STATUS_MAP,
  modalityForResource,
  type StatusDecision as CalpendoStatusDecision,
} from './rules.ts';
