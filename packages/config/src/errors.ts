import { MwlError } from '@mwl/domain';
import { formatProblems, type ConfigProblem } from './problems.ts';

/**
 * A config file or environment that cannot be used. Carries every problem found, each with its
 * path or variable name; messages never hold a secret's value.
 */
export class ConfigError extends MwlError {
  readonly problems: readonly ConfigProblem[];

  constructor(problems: readonly ConfigProblem[], options?: { cause?: unknown; heading?: string }) {
    super('MWL_ERR_CONFIG', formatProblems(problems, options?.heading), options);
    this.problems = problems;
  }
}
