/**
 * The final stage of a Dockerfile, as far as the deployment checks need it: ENTRYPOINT, CMD,
 * HEALTHCHECK, USER, EXPOSE (exec form only: JSON arrays, which is what this project writes).
 */
export interface ImageSpec {
  from: string;
  entrypoint: string[];
  cmd: string[];
  healthcheck: string[];
  user: string;
  expose: number[];
  /** The final stage's ENV (`KEY=value` pairs). */
  env: Record<string, string>;
}

/** Joins continuation lines and drops comments; one entry per instruction. */
function instructions(text: string): { keyword: string; rest: string }[] {
  const joined = text
    .split('\n')
    .filter((line) => !/^\s*#/.test(line))
    .join('\n')
    .replace(/\\\n/g, ' ');
  return joined
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .map((line) => {
      const [keyword = '', ...rest] = line.split(/\s+/);
      return { keyword: keyword.toUpperCase(), rest: rest.join(' ') };
    });
}

function execForm(what: string, rest: string): string[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(rest);
  } catch {
    parsed = undefined;
  }
  if (!Array.isArray(parsed) || !parsed.every((part) => typeof part === 'string')) {
    throw new Error(`${what} is not in exec form (a JSON array of strings): ${rest}`);
  }
  return parsed;
}

/** `A=1 B="two words"` → { A: '1', B: 'two words' } (the `ENV key value` legacy form is refused). */
function envPairs(rest: string): Record<string, string> {
  const pairs: Record<string, string> = {};
  for (const match of rest.matchAll(/([A-Za-z_][A-Za-z0-9_]*)=("(?:[^"\\]|\\.)*"|\S*)/g)) {
    const raw = match[2]!;
    pairs[match[1]!] = raw.startsWith('"') ? (JSON.parse(raw) as string) : raw;
  }
  if (Object.keys(pairs).length === 0) throw new Error(`ENV without KEY=value: ${rest}`);
  return pairs;
}

export function parseDockerfile(text: string): ImageSpec {
  const all = instructions(text);
  const lastFrom = all.map((i) => i.keyword).lastIndexOf('FROM');
  if (lastFrom < 0) throw new Error('no FROM');
  const stage = all.slice(lastFrom);
  const spec: ImageSpec = {
    from: stage[0]!.rest,
    entrypoint: [],
    cmd: [],
    healthcheck: [],
    user: '',
    expose: [],
    env: {},
  };
  for (const { keyword, rest } of stage) {
    if (keyword === 'ENTRYPOINT') spec.entrypoint = execForm('ENTRYPOINT', rest);
    else if (keyword === 'CMD') spec.cmd = execForm('CMD', rest);
    else if (keyword === 'USER') spec.user = rest;
    else if (keyword === 'ENV') Object.assign(spec.env, envPairs(rest));
    else if (keyword === 'EXPOSE')
      spec.expose.push(...rest.split(/\s+/).map((port) => Number.parseInt(port, 10)));
    else if (keyword === 'HEALTHCHECK') {
      const at = rest.indexOf('CMD ');
      if (at < 0) throw new Error(`HEALTHCHECK without CMD: ${rest}`);
      spec.healthcheck = execForm('HEALTHCHECK CMD', rest.slice(at + 4).trim());
    }
  }
  return spec;
}
