#!/usr/bin/env node
// The npm reference of tests/differential: node-semver itself, answering one JSON line per
// question, so that a test session starts node once rather than once per case.
//
//   node tests/differential/npm_semver.mjs
//
// First line out: {"semver": "<the package's version>"}. Then, for each line in,
// {"range": TEXT, "versions": [V, ...]}, one line out:
// {"range": validRange(TEXT) or null, "versions": [{"valid": valid(V) or null,
// "satisfies": satisfies(V, TEXT)}, ...]}, all with {includePrerelease: true}: the SPEC's
// "a prerelease version fits a range when it lies within the range's bounds".
// tools/fetch-github-descriptions installs the package into .cache/node (never committed);
// without it this exits 2 saying so.

import { createRequire } from "node:module";
import { createInterface } from "node:readline";

const options = { includePrerelease: true };
const require = createRequire(new URL("../../.cache/node/", import.meta.url));

function load(name) {
  try {
    return require(name);
  } catch (error) {
    if (error.code !== "MODULE_NOT_FOUND") throw error;
    process.stderr.write(
      "the npm package semver is not installed in .cache/node: run tools/fetch-github-descriptions\n",
    );
    process.exit(2);
  }
}

const semver = load("semver");

function answer({ range, versions }) {
  return {
    range: semver.validRange(range, options),
    versions: versions.map((version) => ({
      valid: semver.valid(version, options),
      satisfies: semver.satisfies(version, range, options),
    })),
  };
}

process.stdout.write(`${JSON.stringify({ semver: load("semver/package.json").version })}\n`);
for await (const line of createInterface({ input: process.stdin, crlfDelay: Infinity })) {
  process.stdout.write(`${JSON.stringify(answer(JSON.parse(line)))}\n`);
}
