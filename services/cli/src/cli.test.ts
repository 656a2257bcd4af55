import { describe, expect, it } from 'vitest';
import { COMMANDS, runCli } from './cli.ts';
import { captureIo } from './test-io.ts';

describe('mwl-bridge', () => {
  it('lists every command with --help and exits 0', async () => {
    const io = captureIo();
    expect(await runCli(['--help'], io)).toBe(0);
    for (const command of COMMANDS) expect(io.out()).toContain(`  ${command.name}`);
  });

  it('prints the usage on stderr and exits 2 without a command', async () => {
    const io = captureIo();
    expect(await runCli([], io)).toBe(2);
    expect(io.err()).toContain('Usage: mwl-bridge <command>');
  });

  it('names an unknown command and exits 2', async () => {
    const io = captureIo();
    expect(await runCli(['serve'], io)).toBe(2);
    expect(io.err()).toContain('unknown command "serve"');
  });

  it.each(COMMANDS.map((command) => [command.name]))(
    '%s --help prints its usage and exits 0',
    async (name) => {
      const io = captureIo();
      expect(await runCli([name, '--help'], io)).toBe(0);
      expect(io.out()).toMatch(new RegExp(`^Usage: mwl-bridge ${name}`));
      expect(io.out()).toContain('--help');
    },
    // The first role loaded here transforms most of the workspace (start: all of it).
    20_000,
  );

  it("accepts Pylantir's query-db as query", async () => {
    const io = captureIo();
    expect(await runCli(['query-db', '--help'], io)).toBe(0);
    expect(io.out()).toContain('Usage: mwl-bridge query');
  });

  it.each([
    ['start', '--port', '70000'],
    ['start', '--AEtitle', 'AN_AE_TITLE_TOO_LONG'],
    ['start', '--config', 'a.json', '--pylantir_config', 'b.json'],
    ['start', '--no-such-option'],
    ['query', '--date', 'someday'],
    ['query', '--limit', '0'],
    ['find', '--port', 'http'],
    ['find', '-k', 'Patient Name=DOE'],
    ['echo', '--aec', 'AE\\WITH\\BACKSLASH'],
    ['check-config'],
    ['convert-config', '--config', 'a.json', '--out', 'a.json'],
  ])('refuses %s %s with exit code 2 and a hint', async (...argv) => {
    const io = captureIo({ cwd: '/tmp' });
    expect(await runCli(argv, io)).toBe(2);
    expect(io.err()).toContain(`Run "mwl-bridge ${argv[0]} --help"`);
  });
});
