/**
 * Keys Pylantir's config files carry that mwl-bridge reads differently or not at all. Each gets a
 * warning naming the key and the reason; anything else unknown is an error.
 */

/** Top-level keys of Pylantir's legacy single-REDCap form, converted into `data_sources[0]`. */
export const LEGACY_REDCAP_KEYS = [
  'redcap2wl',
  'site',
  'protocol',
  'db_update_interval',
  'operation_interval',
  'mri_visit_session_mapping',
] as const;

/** Top-level Pylantir keys that have no meaning here. */
export const IGNORED_TOP_LEVEL_KEYS: Readonly<Record<string, string>> = {
  db_path: 'the worklist lives in PostgreSQL (DATABASE_URL) or the embedded data folder',
  db_echo: 'SQL statement logging is not configurable',
  users_db_path: 'api users and tokens live in the worklist database (`mwl-bridge user`, `mwl-bridge token`)',
};

/** Pylantir's `api` keys (CORS and token signing for its FastAPI server). */
export const IGNORED_API_KEYS: Readonly<Record<string, string>> = {
  secret_key:
    'sessions are random ids kept in the database, nothing is signed with a key; remove it, a config file is no place for a secret',
  cors_allowed_origins: 'the api serves its own dashboard; cross-origin access is not configurable',
  cors_allow_credentials: 'the api serves its own dashboard; cross-origin access is not configurable',
  cors_allow_methods: 'the api serves its own dashboard; cross-origin access is not configurable',
  cors_allow_headers: 'the api serves its own dashboard; cross-origin access is not configurable',
};

/** Per-source keys Pylantir merged into the plugin's config; moved there. */
export const SOURCE_KEYS_MOVED_INTO_CONFIG = ['window_mode', 'daily_window'] as const;

/** Keys starting with `_` are comments (`"_comment": "…"`), kept by conversion, never validated. */
export function isCommentKey(key: string): boolean {
  return key.startsWith('_');
}
