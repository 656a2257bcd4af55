// Summarises a `node --cpu-prof` profile: self time by category (what the breakdown names)
// and the heaviest functions. Usage: `tsx bench/profile-summary.ts FILE.cpuprofile [top]`.
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** First matching rule names the category of a frame (by its script URL and function name). */
const CATEGORIES: [string, RegExp][] = [
  ['idle', /^\(idle\)|^\(program\)|^\(garbage collector\)/],
  ['zod validation', /node_modules\/zod/],
  ['prisma (params, wasm compiler, adapter)', /@prisma|generated\/|prisma/],
  ['pg driver', /node_modules\/pg/],
  ['redis/bullmq', /bullmq|ioredis|redis/],
  ['dcmjs/dimse', /dcmjs|packages\/dimse/],
  ['domain (hash, ids, plan, encode)', /packages\/domain/],
  ['db repositories', /packages\/db/],
  ['queue package', /packages\/queue/],
  ['writer/gateway', /services\//],
  ['tsx/loader', /tsx|esbuild/],
  ['node internals', /^node:|^internal|^$/],
];

function categoryOf(node: ProfileNode): string {
  const key = `${node.callFrame.url} ${node.callFrame.functionName}`;
  if (/^\((idle|program|garbage collector)\)$/.test(node.callFrame.functionName)) {
    return node.callFrame.functionName;
  }
  for (const [name, pattern] of CATEGORIES) if (pattern.test(key)) return name;
  return 'other';
}

const file = process.argv[2];
if (!file) throw new Error('usage: profile-summary FILE.cpuprofile [top]');
const top = Number(process.argv[3] ?? 15);
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const selfUs = new Map<number, number>();
profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
const total = [...selfUs.values()].reduce((a, b) => a + b, 0);
const byCategory = new Map<string, number>();
const byFunction = new Map<string, number>();
for (const [id, us] of selfUs) {
  const node = byId.get(id)!;
  const category = categoryOf(node);
  byCategory.set(category, (byCategory.get(category) ?? 0) + us);
  const where = node.callFrame.url.replace(/^.*\/(node_modules|packages|services)\//, '$1/');
  const name = `${node.callFrame.functionName || '(anonymous)'} ${where}:${node.callFrame.lineNumber + 1}`;
  byFunction.set(name, (byFunction.get(name) ?? 0) + us);
}
const pct = (us: number) => `${((100 * us) / total).toFixed(1).padStart(5)}%`;
console.log(`${file}: ${(total / 1e6).toFixed(2)} s sampled`);
for (const [name, us] of [...byCategory].sort((a, b) => b[1] - a[1])) console.log(`${pct(us)}  ${name}`);
console.log('heaviest functions (self):');
for (const [name, us] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, top)) {
  console.log(`${pct(us)}  ${name}`);
}
