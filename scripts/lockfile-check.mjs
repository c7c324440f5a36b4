#!/usr/bin/env node
// Checks that package-lock.json records every optional dependency, and with --fix adds the missing ones.
//
// Why: some dependencies (rolldown, jco-node-fs, componentize-qjs) list platform packages as optional
// dependencies at versions the registry we install from does not have for every platform. `npm install`
// silently leaves those out of the lockfile, and `npm ci` then refuses the lockfile as out of sync
// ("Missing: @rolldown/binding-darwin-arm64@ from lock file"). Recording them as optional entries makes
// `npm ci` accept the lockfile; it skips them on this platform like any unavailable optional package.
// npm keeps such entries when it later rewrites the lockfile, so this is needed only after a lockfile
// is regenerated from scratch.
//
//   node scripts/lockfile-check.mjs [--fix] [path/to/package-lock.json]
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const args = process.argv.slice(2);
const fix = args.includes('--fix');
const lockPath = resolve(args.find((a) => !a.startsWith('--')) ?? join(dirname(fileURLToPath(import.meta.url)), '../package-lock.json'));
const lock = JSON.parse(readFileSync(lockPath, 'utf8'));
const packages = lock.packages ?? {};

/** Where Node would look for `name` from the package at `location`, innermost first. */
function lookupLocations(location, name) {
  const found = [];
  let prefix = location;
  for (;;) {
    found.push(`${prefix ? `${prefix}/` : ''}node_modules/${name}`);
    if (!prefix) return found;
    const i = prefix.lastIndexOf('/node_modules/');
    prefix = i === -1 ? '' : prefix.slice(0, i);
  }
}

const missing = [];
for (const [location, entry] of Object.entries(packages)) {
  for (const [name, range] of Object.entries(entry.optionalDependencies ?? {})) {
    if (lookupLocations(location, name).some((l) => packages[l])) continue;
    missing.push({ location: `node_modules/${name}`, version: range, from: location || '(root)' });
  }
}

if (missing.length === 0) {
  console.log(`lockfile: every optional dependency is recorded in ${lockPath}`);
  process.exit(0);
}
if (!fix) {
  console.error(`lockfile: ${missing.length} optional dependencies are missing from ${lockPath}, so \`npm ci\` will refuse it:`);
  for (const m of missing) console.error(`  ${m.location}@${m.version} (wanted by ${m.from})`);
  console.error('fix: node scripts/lockfile-check.mjs --fix');
  process.exit(1);
}
for (const m of missing) {
  // Unique by location: two parents may want the same hoisted package.
  packages[m.location] ??= { version: m.version, optional: true };
}
// npm orders entries by location, the root first.
lock.packages = Object.fromEntries(Object.entries(packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b))));
writeFileSync(lockPath, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`lockfile: recorded ${missing.length} optional dependencies in ${lockPath}`);
