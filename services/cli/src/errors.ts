import { MwlError } from '@mwl/domain';

/**
 * The cli's error catalog. Messages name options, files and variables, never a patient value.
 * Exit codes: a usage or config problem exits 2, anything else 1.
 */

/** The command line cannot be understood (unknown option, missing value). Exit 2. */
export class CliUsageError extends MwlError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('MWL_ERR_CLI_USAGE', message, options);
  }
}

/** The embedded data folder is held by another running mwl-bridge. */
export class DataDirInUseError extends MwlError {
  readonly pid: number;

  constructor(dataDir: string, pid: number) {
    super(
      'MWL_ERR_CLI_DATA_DIR_IN_USE',
      `the data folder ${dataDir} is in use by process ${pid} (a running mwl-bridge): stop it first, ` +
        'or ask its gateway over DICOM (mwl-bridge find). If no mwl-bridge runs, delete ' +
        `${dataDir}/mwl-bridge.pid`,
    );
    this.pid = pid;
  }
}

/** `query` on a data folder that holds no database (nothing started there yet). */
export class NoEmbeddedDatabaseError extends MwlError {
  constructor(dataDir: string) {
    super(
      'MWL_ERR_CLI_NO_DATABASE',
      `no worklist in ${dataDir}: start mwl-bridge there first, or name the folder (--data-dir, ` +
        'MWL_DATA_DIR) or the server (DATABASE_URL)',
    );
  }
}

/** A `-k Keyword=value` query key that names no DICOM attribute or is malformed. Exit 2. */
export class QueryKeyError extends MwlError {
  constructor(message: string) {
    super('MWL_ERR_CLI_QUERY_KEY', message);
  }
}
