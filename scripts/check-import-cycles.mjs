#!/usr/bin/env node
// Fails (exit 1) when the runtime imports of packages/*/src and services/*/src form a cycle, or
// when the workspace packages' dependencies (dev ones too) do. Run by `npm run lint`.
// Imports resolved: relative ones, and `@mwl/<name>[/<subpath>]` through that package's `exports`.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findCycles, importSpecifiers } from './import-cycles.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SKIP_DIRS = new Set(['node_modules', 'dist', 'generated', '.turbo']);

function sourceFiles(dir) {
  const files = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      if (!SKIP_DIRS.has(name)) files.push(...sourceFiles(path));
    } else if (/\.(ts|mts|js|mjs)$/.test(name) && !name.endsWith('.d.ts')) files.push(path);
  }
  return files;
}

const workspaces = ['packages', 'services'].flatMap((group) =>
  readdirSync(join(root, group))
    .map((name) => join(root, group, name))
    .filter((dir) => {
      try {
        return statSync(join(dir, 'package.json')).isFile();
      } catch {
        return false;
      }
    }),
);
const manifests = new Map(
  workspaces.map((dir) => {
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    return [manifest.name, { dir, manifest }];
  }),
);

function resolveSpecifier(from, specifier) {
  if (specifier.startsWith('.')) return resolve(dirname(from), specifier);
  const match = /^(@mwl\/[^/]+)(\/.*)?$/.exec(specifier);
  const target = match && manifests.get(match[1]);
  if (!target) return undefined;
  const entry = target.manifest.exports?.[`.${match[2] ?? ''}`];
  return typeof entry === 'string' ? resolve(target.dir, entry) : undefined;
}

const moduleGraph = new Map();
for (const { dir } of manifests.values()) {
  const src = join(dir, 'src');
  let files = [];
  try {
    files = sourceFiles(src);
  } catch {
    continue;
  }
  for (const file of files) {
    const imports = importSpecifiers(readFileSync(file, 'utf8'))
      .map((specifier) => resolveSpecifier(file, specifier))
      .filter((path) => path !== undefined);
    moduleGraph.set(file, new Set(imports));
  }
}

const packageGraph = new Map(
  [...manifests].map(([name, { manifest }]) => [
    name,
    new Set(
      Object.keys({ ...manifest.dependencies, ...manifest.devDependencies }).filter((dep) =>
        manifests.has(dep),
      ),
    ),
  ]),
);

const moduleCycles = findCycles(moduleGraph).map((cycle) => cycle.map((file) => relative(root, file)));
const packageCycles = findCycles(packageGraph);
for (const cycle of moduleCycles) console.error(`import cycle: ${cycle.join(' -> ')}`);
for (const cycle of packageCycles) console.error(`package dependency cycle: ${cycle.join(' -> ')}`);
if (moduleCycles.length + packageCycles.length > 0) process.exit(1);
console.log(`import cycles: none in ${moduleGraph.size} modules of ${manifests.size} packages`);
