import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { formatPath, formatProblems, problemsFromZodIssues } from './problems.ts';

describe('formatPath', () => {
  it.each([
    [[], ''],
    [
      ['data_sources', 1, 'operation_interval', 'start_time', 0],
      'data_sources[1].operation_interval.start_time[0]',
    ],
    [['gateway', 'charset_per_ae', 'MR 1'], 'gateway.charset_per_ae["MR 1"]'],
    [[0, 'a'], '[0].a'],
  ])('writes %j as %j', (segments, expected) => {
    expect(formatPath(segments)).toBe(expected);
  });
});

describe('formatProblems', () => {
  it('lists one problem a line, the whole file as "(top level)"', () => {
    expect(
      formatProblems([
        { path: '', message: 'the config must be a JSON object' },
        { path: 'gateway.port', message: 'port must be 0–65535' },
      ]),
    ).toBe(
      '2 configuration problems:\n  - (top level): the config must be a JSON object\n  - gateway.port: port must be 0–65535',
    );
  });
});

describe('problemsFromZodIssues', () => {
  const plugin = z.strictObject({ base_url: z.url(), resources: z.array(z.string()) });

  it.each([
    ['data_sources[1].config', 'data_sources[1].config.base_url'],
    ['', 'base_url'],
  ])('puts the issues under the prefix %j', (prefix, expected) => {
    const issues = plugin.safeParse({ resources: [] }).error?.issues ?? [];
    expect(problemsFromZodIssues(issues, prefix)).toEqual([
      { path: expected, message: 'required (expected string)' },
    ]);
  });

  it('reports each unknown key and array element by path', () => {
    const issues =
      plugin.safeParse({ base_url: 'https://x.example', resources: [1], extra: 1, more: 2 }).error?.issues ??
      [];
    expect(problemsFromZodIssues(issues, 'data_sources[0].config').map((p) => p.path)).toEqual([
      'data_sources[0].config.resources[0]',
      'data_sources[0].config.extra',
      'data_sources[0].config.more',
    ]);
  });
});
