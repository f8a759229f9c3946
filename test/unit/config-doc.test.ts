import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULTS } from '../../src/config/defaults';
import { CONFIG_SCHEMA } from '../../src/config/schema';

/** `| \`path\` | type | default | meaning |` */
const ROW = /^\| `([^`]+)` \| ([^|]+) \| ([^|]+) \|/;
/** A default cell citing its constant: `` `8080` (`listenPort`) ``. */
const CITED_DEFAULT = /^`([^`]*)` \(`([A-Za-z0-9]+)`\)$/;

interface DocRow {
  type: string;
  defaultCell: string;
}

interface SchemaNode {
  type?: string;
  enum?: readonly string[];
  properties?: Record<string, SchemaNode>;
  additionalProperties?: boolean | SchemaNode;
  items?: SchemaNode;
}

function documented(): Map<string, DocRow> {
  const text = readFileSync(join(__dirname, '..', '..', 'docs', 'config.md'), 'utf8');
  const rows = new Map<string, DocRow>();
  for (const line of text.split('\n')) {
    const match = ROW.exec(line);
    if (match) rows.set(match[1], { type: match[2].trim(), defaultCell: match[3].trim() });
  }
  return rows;
}

/** Every leaf key of the schema with the type the doc must show for it. */
function schemaKeys(node: SchemaNode, path: string, out: Map<string, string>): Map<string, string> {
  if (node.properties !== undefined) {
    for (const [name, child] of Object.entries(node.properties)) {
      schemaKeys(child, path === '' ? name : `${path}.${name}`, out);
    }
  } else if (typeof node.additionalProperties === 'object') {
    schemaKeys(node.additionalProperties, `${path}.<name>`, out);
  } else if (node.type === 'array' && node.items?.properties !== undefined) {
    schemaKeys(node.items, `${path}[]`, out);
  } else {
    out.set(path, typeName(node));
  }
  return out;
}

function typeName(node: SchemaNode): string {
  if (node.enum !== undefined) return `one of ${node.enum.join(', ')}`;
  if (node.type === 'array') return `list of ${typeName(node.items ?? {})}`;
  return node.type ?? 'any';
}

describe('docs/config.md', () => {
  const rows = documented();
  const keys = schemaKeys(CONFIG_SCHEMA as unknown as SchemaNode, '', new Map());

  it('finds the keys of the schema and rows in the doc', () => {
    expect(keys.size).toBeGreaterThan(20);
    expect(rows.size).toBeGreaterThan(20);
  });

  it('documents every key of the schema with its type', () => {
    const missing = [...keys].filter(([key, type]) => rows.get(key)?.type !== type);
    expect(missing.map(([key, type]) => `${key}: ${type}`)).toEqual([]);
  });

  it('documents no key the schema lacks', () => {
    expect([...rows.keys()].filter((key) => !keys.has(key))).toEqual([]);
  });

  it('shows each cited default with the value of its constant', () => {
    const wrong: string[] = [];
    for (const [key, row] of rows) {
      const cited = CITED_DEFAULT.exec(row.defaultCell);
      if (cited === null) continue;
      const [, shown, name] = cited;
      const actual = (DEFAULTS as Record<string, unknown>)[name];
      if (String(actual) !== shown) wrong.push(`${key}: doc ${shown}, ${name} is ${actual}`);
    }
    expect(wrong).toEqual([]);
  });

  it('cites every constant of defaults.ts', () => {
    const cited = new Set(
      [...rows.values()].map((row) => CITED_DEFAULT.exec(row.defaultCell)?.[2]),
    );
    expect(Object.keys(DEFAULTS).filter((name) => !cited.has(name))).toEqual([]);
  });
});
