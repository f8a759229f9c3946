/**
 * The cookies of one service account's wiki session. Only name and value are
 * kept: every cookie goes to the one wiki, on every path.
 */
export class CookieJar {
  private readonly cookies = new Map<string, string>();
  private header = '';

  /** One `Cookie` line, joined with `; `: PHP mishandles two lines. */
  cookieHeader(): string {
    return this.header;
  }

  get size(): number {
    return this.cookies.size;
  }

  /** Takes the `Set-Cookie` lines of a wiki response. */
  absorb(setCookies: readonly string[]): void {
    for (const line of setCookies) this.absorbOne(line);
    this.header = [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  clear(): void {
    this.cookies.clear();
    this.header = '';
  }

  private absorbOne(line: string): void {
    const [pair, ...attributes] = line.split(';');
    const eq = pair.indexOf('=');
    if (eq <= 0) return;
    const name = pair.slice(0, eq).trim();
    const value = pair.slice(eq + 1).trim();

    if (value === '' || value === 'deleted' || isExpired(attributes)) {
      this.cookies.delete(name);
    } else {
      this.cookies.set(name, value);
    }
  }
}

function isExpired(attributes: readonly string[]): boolean {
  for (const attribute of attributes) {
    const [key, value = ''] = attribute.split('=').map((part) => part.trim());
    const lower = key.toLowerCase();
    if (lower === 'max-age' && Number(value) <= 0) return true;
    if (lower === 'expires' && Date.parse(value) < Date.now()) return true;
  }
  return false;
}
