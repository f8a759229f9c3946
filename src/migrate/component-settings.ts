import {
  isEnvReference,
  isPhpArray,
  readPhpSettings,
  type Assignment,
  type PhpArray,
  type PhpValue,
} from './php-settings';

/** Every global of the component starts with this. */
export const SETTINGS_PREFIX = 'mwsgTokenAuthenticator';
/** The component's own default for ServiceUser (2.0; 1.x used `ChatBot service user`). */
export const DEFAULT_SERVICE_USER = 'Internal service user';

/** A secret as LocalSettings.php gave it: written out, or read from the environment. */
export type Secret = { readonly literal: string } | { readonly env: string };

/** One static key of the component, from the 1.x settings or one 2.0 list entry. */
export interface ServiceTokenSettings {
  /** Where it came from, for messages: `ServiceToken`, `ServiceTokens[1]`. */
  readonly label: string;
  readonly line: number;
  readonly secret: Secret;
  readonly user: string;
  /** PHP class names or module names, as written. */
  readonly modules: readonly string[];
  /** Raw prefixes relative to rest.php. */
  readonly restPaths: readonly string[];
  /** The entry's own CIDR (`cird`), else the main one; empty meant any address. */
  readonly cidr: string;
}

export interface ComponentSettings {
  readonly salt?: Secret;
  readonly mainCidr: string;
  readonly serviceUser: string;
  readonly tokens: readonly ServiceTokenSettings[];
  /** Whether the 1.x single-token and the 2.0 list settings were both present. */
  readonly mixed: boolean;
}

type Values = Map<string, { value: PhpValue; line: number }>;

/** Reads the component's settings out of a LocalSettings.php text; problems name their line. */
export function readComponentSettings(source: string): {
  settings: ComponentSettings;
  problems: string[];
} {
  const read = readPhpSettings(source, SETTINGS_PREFIX);
  const problems = [...read.problems];
  const values = evaluate(read.assignments);
  const fields = new FieldReader(values, problems);

  const serviceUser = fields.string('ServiceUser') ?? DEFAULT_SERVICE_USER;
  const mainCidr = fields.cidr('ServiceCIDR') ?? '';
  const tokens: ServiceTokenSettings[] = [];

  const single = fields.secret('ServiceToken');
  if (single !== undefined && !isEmptySecret(single)) {
    tokens.push({
      label: 'ServiceToken',
      line: values.get('ServiceToken')?.line ?? 0,
      secret: single,
      user: serviceUser,
      modules: fields.strings('ServiceAllowedAPIModules'),
      restPaths: fields.strings('ServiceAllowedRestPaths'),
      cidr: mainCidr,
    });
  }
  const list = values.get('ServiceTokens');
  if (list !== undefined) {
    tokens.push(...readTokenList(list.value, list.line, serviceUser, mainCidr, problems));
  }

  for (const [name, { line }] of values) {
    if (!KNOWN_SETTINGS.has(name)) {
      problems.push(
        `line ${line}: ${SETTINGS_PREFIX}${name} is not a setting of the component; ignored`,
      );
    }
  }
  const salt = fields.secret('Salt');
  return {
    settings: {
      salt: salt !== undefined && !isEmptySecret(salt) ? salt : undefined,
      mainCidr,
      serviceUser,
      tokens,
      mixed: single !== undefined && !isEmptySecret(single) && list !== undefined,
    },
    problems,
  };
}

const KNOWN_SETTINGS = new Set([
  'Salt',
  'ServiceToken',
  'ServiceCIDR',
  'ServiceUser',
  'ServiceAllowedAPIModules',
  'ServiceAllowedRestPaths',
  'ServiceTokens',
]);

/** Runs the assignments in order, as PHP would: later wins, `[]=` appends, `??` keeps. */
function evaluate(assignments: readonly Assignment[]): Values {
  const values: Values = new Map();
  for (const { name, value, line, append, ifUnset } of assignments) {
    const current = values.get(name);
    if (append) {
      const entries = current && isPhpArray(current.value) ? current.value.entries : [];
      values.set(name, { value: { entries: [...entries, { value }] }, line });
    } else if (!ifUnset || current === undefined || current.value === null) {
      values.set(name, { value, line });
    }
  }
  return values;
}

function readTokenList(
  value: PhpValue,
  line: number,
  serviceUser: string,
  mainCidr: string,
  problems: string[],
): ServiceTokenSettings[] {
  if (!isPhpArray(value)) {
    problems.push(`line ${line}: ${SETTINGS_PREFIX}ServiceTokens must be a list of arrays`);
    return [];
  }
  const tokens: ServiceTokenSettings[] = [];
  value.entries.forEach((entry, i) => {
    const label = `ServiceTokens[${i}]`;
    if (!isPhpArray(entry.value)) {
      problems.push(`line ${line}: ${label} must be an array with a 'token'`);
      return;
    }
    const fields = new FieldReader(keyed(entry.value), problems, `${label}.`);
    const secret = fields.secret('token');
    if (secret === undefined || isEmptySecret(secret)) {
      problems.push(`line ${line}: ${label} has no 'token'; left out`);
      return;
    }
    tokens.push({
      label,
      line,
      secret,
      user: fields.string('context-user') ?? serviceUser,
      modules: fields.strings('api-modules'),
      restPaths: fields.strings('rest-paths'),
      cidr: fields.cidr('cird') ?? fields.cidr('cidr') ?? mainCidr,
    });
  });
  return tokens;
}

function keyed(array: PhpArray): Values {
  const values: Values = new Map();
  for (const entry of array.entries) {
    if (entry.key !== undefined) values.set(entry.key, { value: entry.value, line: 0 });
  }
  return values;
}

function isEmptySecret(secret: Secret): boolean {
  return 'literal' in secret && secret.literal === '';
}

/** Typed reads of named values; a value of the wrong type is a problem and reads as unset. */
class FieldReader {
  constructor(
    private readonly values: Values,
    private readonly problems: string[],
    private readonly label = SETTINGS_PREFIX,
  ) {}

  string(name: string): string | undefined {
    const value = this.values.get(name)?.value;
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'string') return value;
    return this.wrong(name, 'a string');
  }

  secret(name: string): Secret | undefined {
    const value = this.values.get(name)?.value;
    if (value !== undefined && isEnvReference(value)) return { env: value.env };
    const text = this.string(name);
    return text === undefined ? undefined : { literal: text };
  }

  /** A CIDR setting: one string (1.x, 2.0) or, leniently, a list of them. */
  cidr(name: string): string | undefined {
    const value = this.values.get(name)?.value;
    if (value !== undefined && isPhpArray(value)) return this.strings(name).join(',');
    return this.string(name);
  }

  strings(name: string): string[] {
    const value = this.values.get(name)?.value;
    if (value === undefined || value === null) return [];
    if (!isPhpArray(value) || value.entries.some((entry) => typeof entry.value !== 'string')) {
      return this.wrong(name, 'a list of strings') ?? [];
    }
    return value.entries.map((entry) => entry.value as string);
  }

  private wrong(name: string, expected: string): undefined {
    const line = this.values.get(name)?.line;
    const at = line ? `line ${line}: ` : '';
    this.problems.push(`${at}${this.label}${name} must be ${expected}; left out`);
    return undefined;
  }
}
