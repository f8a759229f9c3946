/**
 * PHP class names of MediaWiki 1.39's core API modules, as the original
 * component's settings list them (`ApiOpenSearch`), with the module path the
 * gateway matches on. Read from the wiki's own `action=paraminfo`.
 */
const CORE_MODULE_CLASSES: Readonly<Record<string, string>> = {
  ApiOpenSearch: 'opensearch',
  ApiQuery: 'query',
  ApiParse: 'parse',
  ApiQuerySearch: 'query+search',
};

const MODULE_NAME = /^[a-z0-9_-]+(\+[a-z0-9_-]+)?$/;

/** The module path an allow-list entry names, or undefined when it names none. */
export function resolveModuleName(entry: string): string | undefined {
  if (MODULE_NAME.test(entry)) return entry;
  return CORE_MODULE_CLASSES[entry.replace(/^\\/, '')];
}
