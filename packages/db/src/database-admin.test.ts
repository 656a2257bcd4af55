import { describe, expect, it } from 'vitest';
import { assertDatabaseName, databaseNameOf, databaseUrlFor } from './database-admin.ts';

describe('databaseUrlFor', () => {
  it('keeps server and credentials and swaps the database', () => {
    expect(
      databaseUrlFor('postgresql://app:s%40cret@db.example:6543/postgres?sslmode=require', 'mwl_t1'),
    ).toBe('postgresql://app:s%40cret@db.example:6543/mwl_t1?sslmode=require');
  });

  it('adds a database to a URL that names none', () => {
    expect(databaseUrlFor('postgresql://postgres@127.0.0.1:5432', 'mwl_t1')).toBe(
      'postgresql://postgres@127.0.0.1:5432/mwl_t1',
    );
  });

  it('refuses something that is not a URL without echoing it', () => {
    expect(() => databaseUrlFor('host=db password=hunter2', 'x')).toThrow(/not a valid postgresql:\/\/ URL$/);
  });
});

describe('databaseNameOf', () => {
  it.each([
    ['postgresql://postgres@127.0.0.1:5432/mwl', 'mwl'],
    ['postgresql://postgres@127.0.0.1:5432/', 'postgres'],
    ['postgres://u@h/my%20db', 'my db'],
  ])('reads the database of %s', (url, name) => {
    expect(databaseNameOf(url)).toBe(name);
  });
});

describe('assertDatabaseName', () => {
  it.each(['mwl_tpl_0123456789ab', '_x', 'a'.repeat(63)])('accepts %s', (name) => {
    expect(assertDatabaseName(name)).toBe(name);
  });

  it.each(['', 'Upper', '1abc', 'a-b', 'a"; DROP DATABASE x; --', 'a'.repeat(64)])('rejects %j', (name) => {
    expect(() => assertDatabaseName(name)).toThrow(/is not allowed/);
  });
});
