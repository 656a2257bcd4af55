import { describeError as describe } from '@mwl/domain';

/**
 * Log fields describing an error without risking patient data, from the project's one describer
 * (`describeError` in @mwl/domain): class and code always; the message only for our own errors.
 */
export function describeError(error: unknown): { errName: string; errCode?: string; errMessage?: string } {
  const { code, name, message, cause } = describe(error);
  if (code !== 'MWL_ERR_UNEXPECTED') return { errName: name, errCode: code, errMessage: message };
  return cause === undefined ? { errName: name } : { errName: name, errCode: cause };
}
