import Ajv, { type ErrorObject } from 'ajv';
import { CONFIG_SCHEMA } from './schema';

const ajv = new Ajv({ allErrors: true, strict: true });
const validate = ajv.compile(CONFIG_SCHEMA);

/** Every place the tree breaks the schema, as `path: rule`. */
export function schemaProblems(tree: unknown): string[] {
  if (validate(tree)) return [];
  return (validate.errors ?? []).filter(isUseful).map(describe);
}

/** `/apiKeys/1/allowFrom/0` → `apiKeys[1].allowFrom[0]`. */
export function toPath(pointer: string): string {
  let path = '';
  for (const part of pointer.split('/').slice(1)) {
    const key = part.replace(/~1/g, '/').replace(/~0/g, '~');
    path += /^\d+$/.test(key) ? `[${key}]` : path ? `.${key}` : key;
  }
  return path || '(top)';
}

function describe(error: ErrorObject): string {
  const path = toPath(error.instancePath);
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties':
      return `${join(path, String(params.additionalProperty))}: unknown key`;
    case 'required':
      return `${join(path, String(params.missingProperty))}: required`;
    case 'enum':
      return `${path}: must be one of ${(params.allowedValues as unknown[]).join(', ')}`;
    case 'pattern':
      return `${path}: ${PATTERN_RULES[String(params.pattern)] ?? `must match ${params.pattern}`}`;
    case 'propertyNames':
      return `${path}: key "${String(params.propertyName)}" must use letters, digits, _ and -`;
    default:
      return `${path}: ${error.message ?? error.keyword}`;
  }
}

const PATTERN_RULES: Record<string, string> = {
  '^[^@]+@[^@]+$': 'must be a bot-password user name, "Name@appid"',
  '^[0-9a-fA-F]{64}$': 'must be 64 hex characters (the SHA-256 of the key)',
  '^https?://': 'must be an http:// or https:// URL',
  '^rediss?://': 'must be a redis:// or rediss:// URL',
  '^(/[A-Za-z0-9._~-]+)*$': 'must be "" or a path such as /w, without a trailing slash',
  '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$': 'must be 1-64 letters, digits, ".", "_" or "-"',
};

/** propertyNames also reports a pattern error on the bad name: keep one. */
function isUseful(error: ErrorObject): boolean {
  return !(error.keyword === 'pattern' && error.propertyName !== undefined);
}

function join(path: string, key: string): string {
  return path === '(top)' ? key : `${path}.${key}`;
}
