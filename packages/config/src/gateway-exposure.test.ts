import { describe, expect, it } from 'vitest';
import { gatewayExposureWarnings, resolveAllowedAddresses, type ResolveHost } from './gateway-exposure.ts';
import { gatewaySchema } from './gateway-schema.ts';

const gateway = (section: unknown) => gatewaySchema.parse(section);

/** A resolver with a fixed table: no DNS in unit tests. */
function table(hosts: Record<string, string[]>): ResolveHost & { asked: string[] } {
  const asked: string[] = [];
  const resolve = (hostname: string) => {
    asked.push(hostname);
    const found = hosts[hostname];
    return found
      ? Promise.resolve(found)
      : Promise.reject(Object.assign(new Error('x'), { code: 'ENOTFOUND' }));
  };
  return Object.assign(resolve, { asked });
}

describe('gatewayExposureWarnings', () => {
  it.each([
    ['no allow list', {}, ['gateway.allowed_aet']],
    ['no allow list, allow_any: true', { allow_any: true }, []],
    ['an allow list', { allowed_aet: ['MRI_3T'] }, []],
    [
      'an allow list with allow_any: true',
      { allowed_aet: ['MRI_3T'], allow_any: true },
      ['gateway.allow_any'],
    ],
  ])('with %s warns about %j', (_label, section, paths) => {
    expect(gatewayExposureWarnings(gateway(section)).map((w) => w.path)).toEqual(paths);
  });

  it('says loudly what an empty allow list means and how to silence it', () => {
    const [warning] = gatewayExposureWarnings(gateway({}));
    expect(warning!.message).toContain('ANY calling AE title is accepted from ANY address');
    expect(warning!.message).toContain('gateway.allow_any: true');
  });
});

describe('resolveAllowedAddresses', () => {
  it('replaces hostnames by their addresses and keeps IP addresses as they are', async () => {
    const resolveHost = table({ 'mri-console.hospital.example': ['10.1.2.3', 'fd00::3'] });
    const result = await resolveAllowedAddresses(
      gateway({
        allowed_aet: [
          { ae_title: 'MRI_3T', addresses: ['MRI-Console.hospital.example', '10.1.2.3', '10.9.9.9'] },
          'CT_1',
        ],
      }),
      { resolveHost },
    );
    expect(result).toMatchObject({
      ok: true,
      gateway: {
        allowed_aet: [
          { ae_title: 'MRI_3T', addresses: ['10.1.2.3', 'fd00::3', '10.9.9.9'] },
          { ae_title: 'CT_1', addresses: [] },
        ],
      },
    });
    expect(resolveHost.asked).toEqual(['mri-console.hospital.example']);
  });

  it('refuses, with a problem per address, a hostname that does not resolve and a value that is no address', async () => {
    const result = await resolveAllowedAddresses(
      gateway({
        allowed_aet: [
          { ae_title: 'MRI_3T', addresses: ['10.1.2.3', 'gone.hospital.example', '10.0.0.0/24'] },
        ],
      }),
      { resolveHost: table({}) },
    );
    expect(result).toEqual({
      ok: false,
      problems: [
        {
          path: 'gateway.allowed_aet[0].addresses[1]',
          message: 'hostname "gone.hospital.example" does not resolve to an address',
        },
        {
          path: 'gateway.allowed_aet[0].addresses[2]',
          message: '"10.0.0.0/24" is neither an IP address nor a hostname',
        },
      ],
    });
  });

  it('gives up on a resolver that does not answer', async () => {
    const result = await resolveAllowedAddresses(
      gateway({ allowed_aet: [{ ae_title: 'MRI_3T', addresses: ['slow.example'] }] }),
      { resolveHost: () => new Promise<string[]>(() => {}), timeoutMs: 20 },
    );
    expect(result).toEqual({
      ok: false,
      problems: [
        {
          path: 'gateway.allowed_aet[0].addresses[0]',
          message: 'hostname "slow.example" was not resolved within 20 ms',
        },
      ],
    });
  });
});
