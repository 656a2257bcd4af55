import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { envBoolean, envInt, envPort, envSecret, parseEnv, parseEnvOrThrow } from './env.ts';
import { ConfigError } from './errors.ts';

const noFiles = (path: string): string => {
  throw Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' });
};

function filesFrom(files: Record<string, string>) {
  return (path: string): string => {
    const content = files[path];
    if (content === undefined) return noFiles(path);
    return content;
  };
}

describe('envBoolean', () => {
  it.each([
    ['true', true],
    ['TRUE', true],
    [' True ', true],
    ['1', true],
    ['yes', true],
    ['YES', true],
    ['false', false],
    ['False', false],
    ['0', false],
    ['no', false],
    ['No', false],
  ])('reads %j as %s', (raw, expected) => {
    expect(envBoolean().parse(raw)).toBe(expected);
  });

  it.each(['', 'on', 'off', 'y', 'n', '2', 'truthy', 'enabled'])('refuses %j', (raw) => {
    const result = envBoolean().safeParse(raw);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe('expected true, false, 1, 0, yes or no');
  });

  it('takes the default when the variable is unset', () => {
    expect(envBoolean().default(true).parse(undefined)).toBe(true);
  });
});

describe('envInt', () => {
  it.each([
    ['42', 42],
    [' 7 ', 7],
    ['-3', -3],
    ['+5', 5],
  ])('reads %j as %i', (raw, expected) => {
    expect(envInt().parse(raw)).toBe(expected);
  });

  it.each(['', '4.2', '1e3', '0x10', 'abc', '99999999999999999999'])('refuses %j', (raw) => {
    expect(envInt().safeParse(raw).success).toBe(false);
  });

  it.each([
    ['-1', false],
    ['0', true],
    ['65535', true],
    ['65536', false],
  ])('checks the port range for %j', (raw, ok) => {
    expect(envPort().safeParse(raw).success).toBe(ok);
  });
});

describe('parseEnv', () => {
  const schema = z.object({
    LOG_PRETTY: envBoolean().default(false),
    PORT: envPort().default(4242),
    REDCAP_API_URL: z.url(),
    REDCAP_API_TOKEN: envSecret(),
    JOB_KEY: envSecret().optional(),
  });

  it('reads plain variables and applies defaults', () => {
    const result = parseEnv(
      schema,
      { REDCAP_API_URL: 'https://redcap.example.org/api/', REDCAP_API_TOKEN: 'tok-1234' },
      { readFile: noFiles },
    );
    expect(result).toEqual({
      ok: true,
      env: {
        LOG_PRETTY: false,
        PORT: 4242,
        REDCAP_API_URL: 'https://redcap.example.org/api/',
        REDCAP_API_TOKEN: 'tok-1234',
      },
    });
  });

  it('reads "false" as false, not as a non-empty string', () => {
    const result = parseEnv(
      schema,
      { LOG_PRETTY: 'false', REDCAP_API_URL: 'https://r.example/api/', REDCAP_API_TOKEN: 't' },
      { readFile: noFiles },
    );
    expect(result).toMatchObject({ ok: true, env: { LOG_PRETTY: false } });
  });

  it('treats an empty value as unset', () => {
    const result = parseEnv(
      schema,
      { PORT: '', REDCAP_API_URL: 'https://r.example/api/', REDCAP_API_TOKEN: 't' },
      { readFile: noFiles },
    );
    expect(result).toMatchObject({ ok: true, env: { PORT: 4242 } });
  });

  it('reads a secret from X_FILE without its trailing newline', () => {
    const result = parseEnv(
      schema,
      {
        REDCAP_API_URL: 'https://r.example/api/',
        REDCAP_API_TOKEN_FILE: '/run/secrets/token',
        JOB_KEY_FILE: '/run/secrets/key',
      },
      {
        readFile: filesFrom({ '/run/secrets/token': 'ABCDEF123456\n', '/run/secrets/key': 'k3y-value\r\n' }),
      },
    );
    expect(result).toMatchObject({
      ok: true,
      env: { REDCAP_API_TOKEN: 'ABCDEF123456', JOB_KEY: 'k3y-value' },
    });
  });

  it('refuses a secret set both directly and as X_FILE', () => {
    const result = parseEnv(
      schema,
      {
        REDCAP_API_URL: 'https://r.example/api/',
        REDCAP_API_TOKEN: 'SECRET-VALUE',
        REDCAP_API_TOKEN_FILE: '/run/secrets/token',
      },
      { readFile: filesFrom({ '/run/secrets/token': 'OTHER-SECRET' }) },
    );
    expect(result).toEqual({
      ok: false,
      problems: [
        {
          path: 'REDCAP_API_TOKEN',
          message: 'set either REDCAP_API_TOKEN or REDCAP_API_TOKEN_FILE, not both',
        },
      ],
    });
  });

  it('names the X_FILE variable when its file cannot be read', () => {
    const result = parseEnv(
      schema,
      { REDCAP_API_URL: 'https://r.example/api/', REDCAP_API_TOKEN_FILE: '/missing' },
      { readFile: noFiles },
    );
    expect(result).toEqual({
      ok: false,
      problems: [{ path: 'REDCAP_API_TOKEN_FILE', message: 'cannot read the secret file: ENOENT' }],
    });
  });

  it('ignores X_FILE for a variable not marked secret', () => {
    const result = parseEnv(
      schema,
      { PORT_FILE: '/p', REDCAP_API_URL: 'https://r.example/api/', REDCAP_API_TOKEN: 't' },
      { readFile: noFiles },
    );
    expect(result).toMatchObject({ ok: true, env: { PORT: 4242 } });
  });

  it('reports every problem at once by variable name', () => {
    const result = parseEnv(
      schema,
      {
        LOG_PRETTY: 'maybe',
        PORT: '70000',
        REDCAP_API_URL: 'not a url',
        REDCAP_API_TOKEN_FILE: '/run/secrets/empty',
      },
      { readFile: filesFrom({ '/run/secrets/empty': '\n' }) },
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => p.path)).toEqual([
      'LOG_PRETTY',
      'PORT',
      'REDCAP_API_URL',
      'REDCAP_API_TOKEN_FILE',
    ]);
  });

  it('never puts a secret value in a message', () => {
    const secret = 'sup3r-s3cret-token-value';
    const strict = z.object({
      TOKEN: envSecret(z.string().regex(/^[A-F0-9]{32}$/)),
      KEY: envSecret(z.enum(['a', 'b'])),
    });
    const result = parseEnv(
      strict,
      { TOKEN: secret, KEY_FILE: '/k' },
      { readFile: filesFrom({ '/k': `${secret}\n` }) },
    );
    expect(result.ok).toBe(false);
    expect(JSON.stringify(result)).not.toContain(secret);
  });

  it('throws a ConfigError listing the problems from parseEnvOrThrow', () => {
    let caught: unknown;
    try {
      parseEnvOrThrow(schema, { REDCAP_API_TOKEN: 'hidden-token-value' }, { readFile: noFiles });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    const error = caught as ConfigError;
    expect(error.code).toBe('MWL_ERR_CONFIG');
    expect(error.problems.map((p) => p.path)).toEqual(['REDCAP_API_URL']);
    expect(error.message).toMatch(/1 environment problem:\n {2}- REDCAP_API_URL: required/);
    expect(error.message).not.toContain('hidden-token-value');
  });
});
