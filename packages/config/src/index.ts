export * from './errors.ts';
export {
  formatPath,
  formatProblems,
  problemsFromZodIssues,
  type ConfigProblem,
  type ConfigWarning,
} from './problems.ts';
export {
  gatewayExposureWarnings,
  resolveAllowedAddresses,
  systemResolveHost,
  type ResolveAllowedAddressesOptions,
  type ResolveAllowedAddressesResult,
  type ResolveHost,
} from './gateway-exposure.ts';
export { configFileSchema, type MwlBridgeConfig, type MwlBridgeConfigInput } from './config-schema.ts';
export {
  aeTitleSchema,
  apiSchema,
  gatewaySchema,
  writerSchema,
  CHARSETS,
  DEFAULT_API_PORT,
  DEFAULT_GATEWAY_PORT,
  DEFAULT_GATEWAY_MAX_ASSOCIATIONS,
  type AllowedAe,
  type ApiConfig,
  type Charset,
  type GatewayConfig,
  type TlsConfig,
  type WriterConfig,
} from './gateway-schema.ts';
export { RESERVED_SOURCE_NAME } from './cross-checks.ts';
export {
  dataEntryTriggerSchema,
  type DataEntryTriggerConfig,
  dataSourceSchema,
  operationWindowSchema,
  SOURCE_NAME_PATTERN,
  type DataSourceConfig,
  type OperationWindow,
  type WallClockTime,
} from './source-schema.ts';
export { convertLegacyConfig, LEGACY_SOURCE_NAME, type ConversionResult } from './convert-legacy.ts';
export { parseConfig, type ParseConfigOptions, type ParseConfigResult } from './parse-config.ts';
export { serializeConfig } from './serialize-config.ts';
export { isInOperationWindow, sourceTimezone } from './operation-window.ts';
export {
  envBoolean,
  envInt,
  envPort,
  envSecret,
  parseEnv,
  parseEnvOrThrow,
  type EnvSource,
  type ParseEnvOptions,
  type ParseEnvResult,
} from './env.ts';
export { parseJsonText, type ParseJsonResult } from './parse-json.ts';
export { loadConfigFile, type LoadConfigFileResult } from './load-config-file.ts';
export { readSecretFile } from './read-secret.ts';
export { loadConfig, loadConfigOrThrow, type LoadedConfig } from './load-config.ts';
export { decodeEncryptionKey, ENCRYPTION_KEY_BYTES } from './encryption-key.ts';
export {
  databaseEnvShape,
  databaseUrlSchema,
  encryptionKeySchema,
  LOG_LEVELS,
  processEnvShape,
  queueEncryptionKeyOf,
  queueEnvShape,
  redisUrlSchema,
  requireQueueEncryption,
} from './service-env.ts';
