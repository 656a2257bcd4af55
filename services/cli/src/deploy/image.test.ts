import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { composeRoleProcesses, interpolate, parseEnvFile } from './compose-roles.ts';
import { parseDockerfile } from './dockerfile.ts';
import { readCompose, readImageSpec, REPO } from './deploy-files.ts';

const image = await readImageSpec();

describe('the Dockerfile', () => {
  it('runs as a non-root user under tini, mwl-bridge as entry point, start by default', () => {
    expect(image.from).toBe('${NODE_IMAGE} AS runtime');
    expect(image.user).toBe('1000:1000');
    expect(image.entrypoint).toEqual(['/usr/bin/tini', '--', 'mwl-bridge']);
    expect(image.cmd).toEqual(['start']);
    expect(image.healthcheck).toEqual(['mwl-bridge', 'healthcheck']);
    expect(image.expose).toEqual([4242, 9464]);
    expect(image.env).toMatchObject({
      MWL_CONFIG: '/etc/mwl-bridge/mwl.json',
      MWL_DATA_DIR: '/data',
      HEALTH_PORT: '9464',
    });
  });

  it('runs node with the memory settings `npm start` uses (what bench:footprint measures)', async () => {
    const pkg = JSON.parse(await readFile(join(REPO, 'package.json'), 'utf8')) as {
      scripts: { start: string };
    };
    const bridge = pkg.scripts.start.split('&&').find((part) => part.includes('services/cli/bin/'));
    expect(image.env.NODE_OPTIONS).toBe('--max-semi-space-size=1');
    expect(image.env.MALLOC_ARENA_MAX).toBe('2');
    expect(bridge).toContain(`NODE_OPTIONS=${image.env.NODE_OPTIONS} `);
    expect(bridge).toContain(`MALLOC_ARENA_MAX=${image.env.MALLOC_ARENA_MAX} `);
  });

  it('builds on node:24-bookworm-slim, pinnable by digest through NODE_IMAGE', async () => {
    const text = await readFile(join(REPO, 'Dockerfile'), 'utf8');
    expect(text).toMatch(/^ARG NODE_IMAGE=node:24-bookworm-slim$/m);
    expect(text).toContain('npm ci --no-audit --no-fund && npm run build');
    expect(text).toContain('apt-get install -y --no-install-recommends tini');
  });

  it('parses ENV pairs, continuation lines and refuses a shell-form ENTRYPOINT', () => {
    const spec = parseDockerfile('FROM a AS b\nFROM c\nENV A=1 \\\n    B="two words"\nENTRYPOINT ["x"]\n');
    expect(spec).toMatchObject({ from: 'c', env: { A: '1', B: 'two words' }, entrypoint: ['x'] });
    expect(() => parseDockerfile('FROM c\nENTRYPOINT x y\n')).toThrow('exec form');
  });
});

describe('compose interpolation', () => {
  it('reads ${X}, ${X:-default}, ${X-default}, $$ and fails ${X:?message} when unset', () => {
    const vars = { SET: 'v', EMPTY: '' };
    expect(interpolate('${SET}/${EMPTY:-d1}/${EMPTY-d2}/${UNSET:-d3}/$$HOME', vars)).toBe('v/d1//d3/$HOME');
    expect(() => interpolate('${UNSET:?set it in .env}', vars)).toThrow('UNSET: set it in .env');
  });

  it('parses an env file', () => {
    expect(parseEnvFile('# c\nA=1\n\nB = 2\nC=x=y\n')).toEqual({ A: '1', C: 'x=y' });
  });
});

describe('composeRoleProcesses', () => {
  it('gives each mwl-bridge service its command line and environment, paths mapped to files here', async () => {
    const roles = composeRoleProcesses(await readCompose(), image, {
      vars: { MWL_CONFIG_FILE: '/here/mwl.json', REDCAP_API_URL: 'http://redcap.test/api/' },
      secretFiles: {
        database_url: '/s/db',
        redis_url: '/s/redis',
        queue_encryption_key: '/s/key',
        redcap_api_token: '/s/token',
        calpendo_username: '/s/user',
        calpendo_password: '/s/password',
      },
      dataDir: '/here/data',
    });
    const writer = roles.find((role) => role.service === 'writer')!;
    expect(writer).toEqual({
      service: 'writer',
      argv: ['writer'],
      env: {
        NODE_ENV: 'production',
        NODE_OPTIONS: '--max-semi-space-size=1',
        MALLOC_ARENA_MAX: '2',
        MWL_CONFIG: '/here/mwl.json',
        MWL_DATA_DIR: '/here/data',
        HEALTH_PORT: '9464',
        DATABASE_URL_FILE: '/s/db',
        REDIS_URL_FILE: '/s/redis',
        QUEUE_ENCRYPTION_KEY_FILE: '/s/key',
        LOG_LEVEL: 'info',
      },
      healthcheck: ['healthcheck'],
      dependsOn: {
        postgres: 'service_healthy',
        redis: 'service_healthy',
        migrate: 'service_completed_successfully',
      },
    });
    const fetcher = roles.find((role) => role.service === 'fetcher-redcap')!;
    expect(fetcher.argv).toEqual(['fetcher', '--source', 'redcap_study']);
    expect(fetcher.env).toMatchObject({
      REDCAP_API_URL: 'http://redcap.test/api/',
      REDCAP_API_TOKEN_FILE: '/s/token',
    });
    expect(roles.find((role) => role.service === 'migrate')!.healthcheck).toBeUndefined();
  });
});
