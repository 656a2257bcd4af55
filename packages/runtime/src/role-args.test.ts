import { describe, expect, it } from 'vitest';
import { parseRoleArgs } from './role-args.ts';

const parse = (argv: string[], sources = true) => parseRoleArgs(argv, { cwd: '/srv/mwl', sources });

describe('parseRoleArgs', () => {
  it.each([
    [[], { help: false }],
    [['--source', 'redcap'], { help: false, sources: ['redcap'] }],
    [['--source=a,b', '--source', 'a'], { help: false, sources: ['a', 'b'] }],
    [['-c', 'mwl.json'], { help: false, configPath: '/srv/mwl/mwl.json' }],
    [['--config', '/etc/mwl/mwl.json', '-h'], { help: true, configPath: '/etc/mwl/mwl.json' }],
  ])('reads %j', (argv, expected) => {
    expect(parse(argv)).toEqual(expected);
  });

  it.each([
    [['--sources', 'a']],
    [['--source']],
    [['--source', 'Not Valid']],
    [['--source=a,,b']],
    [['redcap']],
  ])('refuses %j with a usage error', (argv) => {
    expect(() => parse(argv)).toThrow(expect.objectContaining({ code: 'MWL_ERR_ROLE_USAGE' }));
  });

  it('refuses --source for a role that runs no sources', () => {
    expect(() => parse(['--source', 'redcap'], false)).toThrow(/--source/);
  });
});
