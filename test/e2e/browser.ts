/** A browser's cookie jar against one origin: sends its cookies, keeps what is set. */
export class Browser {
  private readonly jar = new Map<string, string>();

  constructor(private readonly origin: string) {}

  get cookie(): string {
    return [...this.jar].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  async fetch(path: string, init: RequestInit = {}): Promise<Response> {
    const res = await fetch(`${this.origin}${path}`, {
      ...init,
      redirect: 'manual',
      headers: { ...(init.headers as Record<string, string>), cookie: this.cookie },
    });
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair.indexOf('=');
      this.jar.set(pair.slice(0, eq), pair.slice(eq + 1));
    }
    return res;
  }

  async json(path: string, init: RequestInit = {}): Promise<any> {
    return (await this.fetch(path, init)).json();
  }

  /** Logs in as a wiki user with action=clientlogin, as the wiki's own login form does. */
  async logIn(scriptPath: string, username: string, password: string): Promise<void> {
    const api = `${scriptPath}/api.php`;
    const tokens = await this.json(`${api}?action=query&meta=tokens&type=login&format=json`);
    const login = await this.json(api, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        action: 'clientlogin',
        username,
        password,
        logintoken: tokens.query.tokens.logintoken,
        loginreturnurl: `${this.origin}/`,
        format: 'json',
      }).toString(),
    });
    if (login.clientlogin?.status !== 'PASS') {
      throw new Error(`clientlogin failed: ${JSON.stringify(login)}`);
    }
  }
}
