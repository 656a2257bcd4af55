import { formatProblems, type ConfigProblem } from '@mwl/config';
import type { OutputStream } from './process-io.ts';

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** Every problem with its path, under a heading naming where they were found. */
export function writeProblems(out: OutputStream, where: string, problems: readonly ConfigProblem[]): void {
  out.write(`${formatProblems(problems, `${where}: ${plural(problems.length, 'problem')}`)}\n`);
}

export function writeWarnings(out: OutputStream, where: string, warnings: readonly ConfigProblem[]): void {
  if (warnings.length === 0) return;
  out.write(`${formatProblems(warnings, `${where}: ${plural(warnings.length, 'warning')}`)}\n`);
}
