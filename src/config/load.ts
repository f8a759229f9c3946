import { readFileSync } from 'node:fs';
import { parseDocument, type YAMLError } from 'yaml';
import { compileConfig } from './compile';
import { interpolate } from './interpolate';
import type { RawConfig } from './raw';
import { schemaProblems } from './schema-check';
import { semanticProblems } from './semantic-checks';
import { ConfigError, type GatewayConfig } from './types';

/** Reads, validates and compiles gateway.yaml; throws a ConfigError naming every problem. */
export function loadConfigFile(path: string, env: NodeJS.ProcessEnv = process.env): GatewayConfig {
  return parseConfig(readConfigText(path), path, env);
}

/** The file's text; a ConfigError when it cannot be read. */
export function readConfigText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(path, [`cannot read the file: ${(error as NodeJS.ErrnoException).code}`]);
  }
}

/** Validates and compiles a config given as YAML text. */
export function parseConfig(text: string, source: string, env: NodeJS.ProcessEnv): GatewayConfig {
  const document = parseDocument(text, { uniqueKeys: true });
  if (document.errors.length > 0) throw new ConfigError(source, document.errors.map(yamlProblem));
  const parsed: unknown = document.toJS();
  if (parsed === null || parsed === undefined) {
    throw new ConfigError(source, ['(top): the file is empty; see gateway.yaml for an example']);
  }

  const problems: string[] = [];
  const tree = interpolate(parsed, env, problems);
  // A value left empty by a missing variable is reported once, as missing.
  const unset = new Set(problems.map((problem) => problem.slice(0, problem.indexOf(':'))));
  for (const problem of [...schemaProblems(tree), ...semanticProblems(tree as RawConfig)]) {
    if (!unset.has(problem.slice(0, problem.indexOf(':')))) problems.push(problem);
  }
  if (problems.length > 0) throw new ConfigError(source, problems);

  return compileConfig(tree as RawConfig);
}

/** `YAML line 3, column 5: Nested mappings are not allowed in compact mappings`. */
function yamlProblem(error: YAMLError): string {
  const message = error.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
  const at = error.linePos?.[0];
  return at ? `YAML line ${at.line}, column ${at.col}: ${message}` : `YAML: ${message}`;
}
