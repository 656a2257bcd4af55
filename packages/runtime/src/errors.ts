import { MwlError } from '@mwl/domain';

/** A service's command line cannot be understood (unknown option, missing value). Exit 2. */
export class RoleUsageError extends MwlError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('MWL_ERR_ROLE_USAGE', message, options);
  }
}
