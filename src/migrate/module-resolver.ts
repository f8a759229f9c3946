import { resolveModuleNames } from '../policy/module-classes';

/** Module paths (`opensearch`, `query+search`) for an entry of an allowed-modules list. */
export type ModuleResolver = (entry: string) => readonly string[] | undefined;

/** How long the wiki may take to answer paraminfo before the built-in table is used. */
const PARAMINFO_TIMEOUT_MS = 10_000;

interface ParamInfoModule {
  readonly path?: string;
  readonly classname?: string;
}

/** The built-in table of MediaWiki 1.39's core classes, and module names as they are. */
export const builtInResolver: ModuleResolver = (entry) => resolveModuleNames(entry);

/**
 * Asks the wiki which class serves which module (`action=paraminfo` for every
 * module and query submodule), so extension classes resolve too. Falls back
 * to the built-in table for what the wiki does not name.
 */
export async function paramInfoResolver(
  wikiUrl: string,
  scriptPath: string,
): Promise<ModuleResolver> {
  const url = new URL(`${wikiUrl.replace(/\/+$/, '')}${scriptPath}/api.php`);
  url.search = new URLSearchParams({
    action: 'paraminfo',
    modules: '*|query+*',
    format: 'json',
    formatversion: '2',
  }).toString();

  const response = await fetch(url, { signal: AbortSignal.timeout(PARAMINFO_TIMEOUT_MS) });
  if (!response.ok) throw new Error(`paraminfo answered HTTP ${response.status}`);
  const body = (await response.json()) as { paraminfo?: { modules?: ParamInfoModule[] } };
  const modules = body.paraminfo?.modules;
  if (!Array.isArray(modules) || modules.length === 0) {
    throw new Error('paraminfo named no modules');
  }

  const byClass = new Map<string, string[]>();
  for (const { path, classname } of modules) {
    if (typeof path !== 'string' || typeof classname !== 'string') continue;
    for (const name of new Set([classname, shortClassName(classname)])) {
      byClass.set(name, [...(byClass.get(name) ?? []), path]);
    }
  }
  return (entry) => {
    const name = entry.replace(/^\\/, '');
    return byClass.get(name) ?? byClass.get(shortClassName(name)) ?? builtInResolver(entry);
  };
}

function shortClassName(name: string): string {
  return name.slice(name.lastIndexOf('\\') + 1);
}
