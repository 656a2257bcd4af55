import { describe, expect, it } from 'vitest';
import { shellBlocks, unmarkedBlocks } from './doc-blocks.ts';

const GUIDE = [
  '# Guide',
  '',
  '```sh',
  '# [tested]',
  'echo one',
  '```',
  '',
  '```sh',
  'docker compose up -d',
  '```',
  '',
].join('\n');

describe('the guides’ shell blocks', () => {
  it('are read with their marker and line', () => {
    expect(shellBlocks(GUIDE)).toEqual([
      { line: 3, marker: 'tested', script: '# [tested]\necho one' },
      { line: 8, marker: undefined, script: 'docker compose up -d' },
    ]);
  });

  it('an unmarked block is found (a broken copy)', () => {
    expect(unmarkedBlocks('G.md', GUIDE)).toEqual(['G.md:8: marker ""']);
    expect(
      unmarkedBlocks('G.md', GUIDE.replace('docker compose', '# [needs Docker]\ndocker compose')),
    ).toEqual([]);
    expect(unmarkedBlocks('G.md', GUIDE.replace('[tested]', '[works for me]'))).toEqual([
      'G.md:3: marker "works for me"',
      'G.md:8: marker ""',
    ]);
  });
});
