#!/usr/bin/env node
// Lint Cypher statements for Neo4j 5 with Neo4j's own front-end, offline.
//
// stdin:  a JSON list; each item is a Cypher string or
//         {"query": "...", "parameters": ["name", ...]}.
//         Without "parameters", every $parameter the query uses counts as declared
//         (declaring them is the saved-query header's job, checked elsewhere).
//         A query may hold several statements separated by ';' and comments.
//         Or {"statements": <that list>, "labels": [...], "relationshipTypes": [...]}:
//         the complete graph schema; then a label or relationship type outside it is
//         an error wherever it cannot be a new one (MATCH, not CREATE or MERGE).
// stdout: a JSON list, one item per input:
//         {"diagnostics": [{"severity": "error"|"warning"|"info"|"hint",
//                           "message": "...", "line": 1, "column": 1}]}
//         line and column are 1-based, relative to the item's query text.
// exit:   0 no error diagnostics, 1 some error, 2 unusable input.
//
// Functions and procedures are checked against the Neo4j 5 built-ins shipped with
// the package (its test schema) minus plugins (APOC, GDS), so a FalkorDB-only call
// such as algo.pageRank is an error here.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

// The package's ESM build has extension-less imports Node cannot resolve; use CJS.
const { lintCypherQuery, parseParameters, testData } = createRequire(import.meta.url)(
  '@neo4j-cypher/language-support',
);

const SEVERITY = { 1: 'error', 2: 'warning', 3: 'info', 4: 'hint' };
const PLUGINS = /^(apoc|gds)\./;

function withoutPlugins(registryByVersion) {
  const out = {};
  for (const [version, registry] of Object.entries(registryByVersion)) {
    out[version] = Object.fromEntries(
      Object.entries(registry).filter(([name]) => !PLUGINS.test(name)),
    );
  }
  return out;
}

const BUILT_INS = {
  functions: withoutPlugins(testData.mockSchema.functions),
  procedures: withoutPlugins(testData.mockSchema.procedures),
  defaultLanguage: 'CYPHER 5',
};

const UNKNOWN_NAME = /^(Label|Relationship type) .* is not present in the database/;

function lintOne(item, schemaNames) {
  const query = typeof item === 'string' ? item : item?.query;
  if (typeof query !== 'string') {
    throw new Error(`each item must be a string or {"query": string}, got ${JSON.stringify(item)}`);
  }
  const declared = Array.isArray(item?.parameters)
    ? item.parameters
    : parseParameters(query, false);
  const parameters = Object.fromEntries(declared.map((name) => [name, null]));
  const dbSchema = { ...BUILT_INS, ...schemaNames, parameters };
  const diagnostics = lintCypherQuery(query, dbSchema).map((d) => ({
    severity: schemaNames.labels && UNKNOWN_NAME.test(d.message) ? 'error' : SEVERITY[d.severity],
    message: d.message,
    line: d.range.start.line + 1,
    column: d.range.start.character + 1,
  }));
  return { diagnostics };
}

try {
  const input = JSON.parse(readFileSync(0, 'utf8'));
  const items = Array.isArray(input) ? input : input?.statements;
  if (!Array.isArray(items)) {
    throw new Error('stdin must hold a JSON list or {"statements": [...]}');
  }
  const schemaNames = Array.isArray(input)
    ? {}
    : { labels: input.labels ?? [], relationshipTypes: input.relationshipTypes ?? [] };
  const results = items.map((item) => lintOne(item, schemaNames));
  process.stdout.write(JSON.stringify(results) + '\n');
  const failed = results.some((r) => r.diagnostics.some((d) => d.severity === 'error'));
  process.exitCode = failed ? 1 : 0;
} catch (err) {
  process.stderr.write(`cypher-lint: ${err.message}\n`);
  process.exitCode = 2;
}
