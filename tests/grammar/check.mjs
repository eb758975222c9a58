// Parses every .ps1/.psm1/.psd1 under a folder (default: the repository) with the tree-sitter PowerShell
// grammar and prints each ERROR or MISSING node as path:line:column. Exit code 1 when any is found.
// Usage: node check.mjs [root] [file...]
//
// An ERROR node that wraps other ERROR nodes is their cascade: the innermost nodes decide. The grammar rejects a
// lone '-' argument (`crontab -`) and a member of a method call's result in a command argument
// (`-Password $c.M().P`), which PowerShell accepts: the scripts write `crontab '-'` and `($c.M().P)` instead.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { Parser, Language } from 'web-tree-sitter';

// V8 would otherwise recompile the grammar's WebAssembly in the background with its optimising tier and hold
// the process open for many seconds at exit; the baseline compiler alone parses these files in milliseconds.
setFlagsFromString('--liftoff-only');

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const skipped = new Set(['.git', 'node_modules', 'bin', 'obj', 'out', 'TestResults']);

function findScripts(folder, found = []) {
  for (const name of readdirSync(folder)) {
    if (skipped.has(name)) continue;
    const path = join(folder, name);
    if (statSync(path).isDirectory()) findScripts(path, found);
    else if (/\.(ps1|psm1|psd1)$/i.test(name)) found.push(path);
  }
  return found;
}

// hasError marks a node that is, or holds, an ERROR or MISSING node: only those subtrees are walked.
function problems(node, out = []) {
  if (node.isMissing) out.push({ node, kind: `MISSING ${node.type}` });
  const children = node.children.filter(c => c.hasError || c.isMissing);
  if (node.type === 'ERROR' && children.length === 0) out.push({ node, kind: 'ERROR' });
  for (const child of children) problems(child, out);
  return out;
}

await Parser.init();
const grammar = join(dirname(require.resolve('tree-sitter-powershell/package.json')), 'tree-sitter-powershell.wasm');
const parser = new Parser();
parser.setLanguage(await Language.load(grammar));

const root = resolve(process.argv[2] ?? join(here, '..', '..'));
const files = process.argv.length > 3 ? process.argv.slice(3).map(f => resolve(f)) : findScripts(root);
let errors = 0;
for (const file of files) {
  const text = readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
  const lines = text.split('\n');
  const tree = parser.parse(text);
  for (const { node, kind } of tree.rootNode.hasError ? problems(tree.rootNode) : []) {
    const where = `${relative(root, file)}:${node.startPosition.row + 1}:${node.startPosition.column + 1}`;
    errors++;
    console.log(`${where}: ${kind}: ${(lines[node.startPosition.row] ?? '').trim()}`);
  }
  tree.delete();
}
console.log(`grammar check: ${files.length} files, ${errors} syntax errors`);
process.exit(errors === 0 ? 0 : 1);
