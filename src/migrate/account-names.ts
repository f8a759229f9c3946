import type { RawConfig } from '../config/raw';

/** The app id the written usernames carry: the operator creates these bot passwords. */
const BOT_PASSWORD_APP_ID = 'gateway';

/** Account names for wiki users: `Internal service user` → `internal-service-user`. */
export class AccountNames {
  private readonly byUser = new Map<string, string>();

  nameOf(user: string): string {
    const known = this.byUser.get(user);
    if (known !== undefined) return known;
    const base =
      user
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/^-|-$/g, '') || 'service';
    let name = base;
    for (let n = 2; [...this.byUser.values()].includes(name); n++) name = `${base}-${n}`;
    this.byUser.set(user, name);
    return name;
  }

  users(): [string, string][] {
    return [...this.byUser].map(([user, name]) => [name, user]);
  }

  entries(steps: string[]): RawConfig['accounts'] {
    const accounts: RawConfig['accounts'] = {};
    for (const [user, name] of this.byUser) {
      const variable = `MWGATE_${name.replace(/-/g, '_').toUpperCase()}_PASSWORD`;
      accounts[name] = { username: `${user}@${BOT_PASSWORD_APP_ID}`, password: `\${${variable}}` };
      steps.push(
        `create a bot password "${BOT_PASSWORD_APP_ID}" for ${user} on Special:BotPasswords ` +
          `and set ${variable} to it`,
      );
    }
    return accounts;
  }
}
