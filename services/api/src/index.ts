// @mwl/api: the api service. `apiCommand` runs it as its own process; `buildApiApp(deps)` is the
// app any assembly can serve.
export { apiCommand } from './api-command.ts';
export { runApi } from './run-api.ts';
export { apiEnvSchema, type ApiEnv } from './env.ts';
export { buildApiApp, type ApiApp, type ApiDeps } from './app.ts';
export type { ApiSource } from './api-context.ts';
export { DEFAULT_API_OPTIONS, type ApiOptions } from './api-options.ts';
export { ROLES, isRole, roleAllows, type Role, type Principal } from './auth/roles.ts';
export {
  DEFAULT_SCRYPT,
  hashPassword,
  passwordProblem,
  verifyPassword,
  type ScryptParams,
} from './auth/password.ts';
export { generateToken, sha256 } from './auth/secrets.ts';
export { MANUAL_SOURCE } from './manual/manual-entry.ts';
export type { RedcapHookSettings } from './hooks/redcap-hook.routes.ts';
export * from './errors.ts';
export {
  changePassword,
  createUser,
  disableUser,
  issueToken,
  revokeToken,
  type Actor,
} from './auth/credentials.ts';
export { apiOptionsOf, apiSourcesOf, MIN_HOOK_SECRET_LENGTH, resolveRedcapHooks } from './api-config.ts';
