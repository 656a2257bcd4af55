import { describe, expect, it } from 'vitest';
import { describeError, describeErrorLine } from './describe-error.ts';
import { MwlError } from './errors.ts';

class PlanError extends MwlError {
  constructor() {
    super('MWL_ERR_TEST_PLAN', 'the plan names no source');
    this.name = 'PlanError';
  }
}

const systemError = (code: string, message: string) => Object.assign(new Error(message), { code });

describe('describeError', () => {
  it('keeps our own code and message', () => {
    expect(describeError(new PlanError())).toEqual({
      code: 'MWL_ERR_TEST_PLAN',
      name: 'PlanError',
      message: 'the plan names no source',
    });
  });

  it("keeps another error's class and never its message, which may quote data", () => {
    const described = describeError(new SyntaxError('Unexpected token in "DOE^JANE"'), 'MWL_ERR_X');
    expect(described).toMatchObject({ code: 'MWL_ERR_X', name: 'SyntaxError' });
    expect(described.message).toContain('SyntaxError');
    expect(JSON.stringify(described)).not.toContain('DOE');
  });

  it('names a system error by its code, so a port in use or a missing file says so', () => {
    const described = describeError(
      systemError('EADDRINUSE', 'listen EADDRINUSE: address in use 0.0.0.0:9464'),
    );
    expect(described.cause).toBe('EADDRINUSE');
    expect(described.message).toBe(
      'an unexpected Error (EADDRINUSE), its details not recorded: they may hold data',
    );
    expect(describeErrorLine(systemError('ENOENT', "open '/data/DOE.csv'"))).toBe(
      'MWL_ERR_UNEXPECTED: an unexpected Error (ENOENT), its details not recorded: they may hold data',
    );
  });

  it("reads the Postgres code inside Prisma's adapter error and ignores a code that is not one", () => {
    const prismaError = Object.assign(new Error('Query cancelled'), {
      code: 'P2010',
      meta: { driverAdapterError: { cause: { originalCode: '57014', kind: 'postgres' } } },
    });
    expect(describeError(prismaError).cause).toBe('57014');
    expect(describeError(systemError('DOE JANE said no', 'x')).cause).toBeUndefined();
  });
});
