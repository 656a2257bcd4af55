/**
 * The shell blocks of a guide. Each ```sh block's first line says how it is checked, for the
 * reader and for the test: `# [tested]` blocks run in CI (docs-commands.int.test.ts); the others
 * say what they need (`# [needs Docker]`, `# [needs a Kubernetes cluster]`, `# [on the scanner
 * network]`).
 */

export interface DocBlock {
  /** 1-based line of the opening fence. */
  line: number;
  marker: string | undefined;
  script: string;
}

export const MARKERS = ['tested', 'needs Docker', 'needs a Kubernetes cluster', 'on the scanner network'];

export function shellBlocks(markdown: string): DocBlock[] {
  const blocks: DocBlock[] = [];
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (!/^```(sh|bash|shell)\s*$/.test(lines[i]!)) continue;
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && !/^```\s*$/.test(lines[i]!); i++) body.push(lines[i]!);
    const marker = /^# \[([^\]]+)\]/.exec(body[0] ?? '')?.[1];
    blocks.push({ line: start + 1, marker, script: body.join('\n') });
  }
  return blocks;
}

/** Blocks without a known marker, as `FILE:LINE` lines. */
export function unmarkedBlocks(file: string, markdown: string): string[] {
  return shellBlocks(markdown)
    .filter((block) => !block.marker || !MARKERS.includes(block.marker))
    .map((block) => `${file}:${block.line}: marker "${block.marker ?? ''}"`);
}
