#!/usr/bin/env node
/**
 * `npm run build` (and so `npm start`, and `npm install` through "prepare"): builds the steps
 * whose inputs changed since their last build, and only those. A step's inputs — its folders and
 * files, read whole, with their paths — and its command are hashed and compared with the hash
 * `dist/.build-stamp.json` keeps from that step's last successful build; a step whose output is
 * missing is built too. A fresh clone builds everything; a `git pull` that changes sources
 * rebuilds what they go into; nothing changed, nothing is built. `--force` builds every step.
 * Prints one line: what it built and how long it took, or that the build is up to date.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const STAMP = join(root, 'dist', '.build-stamp.json');
const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
const vite = join(root, 'node_modules', 'vite', 'bin', 'vite.js');

/** What every step depends on: the installed dependencies' versions and this script. */
const COMMON = ['package.json', 'package-lock.json', 'scripts/build.mjs'];
/** The web application is built from web/ and the two layers it imports (docs/architecture.md). */
const WEB = ['web', 'src/domain', 'src/api'];

const STEPS = [
  {
    name: 'server',
    inputs: ['src', 'tsconfig.json', 'tsconfig.build.json'],
    output: 'dist/cli/main.js',
    command: [tsc, '-p', 'tsconfig.build.json'],
  },
  {
    name: 'web',
    inputs: WEB,
    output: 'dist/web/index.html',
    command: [vite, 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'],
  },
  {
    name: 'web renderer',
    inputs: WEB,
    output: 'dist/web-server/entry-server.js',
    command: [
      vite,
      'build',
      '--config',
      'web/vite.config.ts',
      '--ssr',
      'src/entry-server.tsx',
      '--logLevel',
      'warn',
    ],
  },
];

/** Every file under a path (itself, when it is a file), sorted; node_modules left out. */
function files(path) {
  const absolute = join(root, path);
  if (!existsSync(absolute)) return [];
  if (!statSync(absolute).isDirectory()) return [absolute];
  return readdirSync(absolute, { withFileTypes: true })
    .filter((entry) => entry.name !== 'node_modules')
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .flatMap((entry) => files(join(path, entry.name)));
}

/** The hash of a step's inputs (paths and contents) and its command. */
function inputHash(step) {
  const hash = createHash('sha256');
  hash.update(JSON.stringify(step.command.map((part) => relative(root, part))));
  for (const file of [...COMMON, ...step.inputs].flatMap(files)) {
    hash.update(`\0${relative(root, file)}\0`);
    hash.update(readFileSync(file));
  }
  return hash.digest('hex');
}

function readStamp() {
  try {
    return JSON.parse(readFileSync(STAMP, 'utf8'));
  } catch {
    return {};
  }
}

function writeStamp(stamp) {
  mkdirSync(join(root, 'dist'), { recursive: true });
  writeFileSync(STAMP, JSON.stringify(stamp, null, 2) + '\n');
}

function main() {
  const force = process.argv.includes('--force');
  const started = performance.now();
  const stamp = readStamp();
  const built = [];
  for (const step of STEPS) {
    const hash = inputHash(step);
    if (!force && stamp[step.name] === hash && existsSync(join(root, step.output))) continue;
    // Forgotten first: a build that fails or is stopped half-way is built again next time.
    delete stamp[step.name];
    writeStamp(stamp);
    const run = spawnSync(process.execPath, step.command, { cwd: root, stdio: 'inherit' });
    if (run.status !== 0) {
      process.stderr.write(`build: ${step.name} failed; nothing after it was built\n`);
      process.exit(run.status ?? 1);
    }
    stamp[step.name] = hash;
    writeStamp(stamp);
    built.push(step.name);
  }
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const current = STEPS.map((step) => step.name).filter((name) => !built.includes(name));
  const line =
    built.length === 0
      ? `build: up to date (${seconds} s)`
      : `build: built ${built.join(', ')} in ${seconds} s` +
        (current.length > 0 ? ` (${current.join(', ')} up to date)` : '');
  process.stderr.write(line + '\n');
}

main();
