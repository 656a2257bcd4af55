import { isMwlError } from '@mwl/domain';

/**
 * Log fields describing an error without risking patient data: name and code always; the message
 * only for our own errors, whose messages never carry values by convention. A third-party message
 * (a database driver quoting a row, a parser quoting a value) is left out.
 */
export function describeError(error: unknown): { errName: string; errCode?: string; errMessage?: string } {
  if (isMwlError(error)) return { errName: error.name, errCode: error.code, errMessage: error.message };
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return typeof code === 'string' ? { errName: error.name, errCode: code } : { errName: error.name };
  }
  return { errName: typeof error };
}
