/**
 * Replaces `${VAR}` in every string of a parsed YAML tree with the variable's
 * value, after parsing, so that a secret holding `:` or `#` stays one string.
 * `$${` writes a literal `${`.
 */
const REFERENCE = /\$\$\{|\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

export function interpolate(
  tree: unknown,
  env: NodeJS.ProcessEnv,
  problems: string[],
  path = '',
  parents: ReadonlySet<unknown> = new Set(),
): unknown {
  // A YAML alias may refer to a node that holds it: `a: &x [*x]`.
  if (parents.has(tree)) {
    problems.push(`${path || '(top)'}: a YAML alias refers to a node that contains it`);
    return null;
  }
  if (typeof tree === 'string') {
    return tree.replace(REFERENCE, (_match, name: string | undefined) => {
      if (name === undefined) return '${';
      const value = env[name];
      if (value === undefined) {
        problems.push(`${path || '(top)'}: environment variable ${name} is not set`);
        return '';
      }
      return value;
    });
  }
  const within = new Set(parents).add(tree);
  if (Array.isArray(tree)) {
    return tree.map((item, i) => interpolate(item, env, problems, `${path}[${i}]`, within));
  }
  if (tree !== null && typeof tree === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(tree)) {
      out[key] = interpolate(value, env, problems, path ? `${path}.${key}` : key, within);
    }
    return out;
  }
  return tree;
}
