import { readFileSync, writeFileSync } from 'node:fs';
import { DEFAULTS } from '../config/defaults';
import { readComponentSettings } from '../migrate/component-settings';
import { importSettings } from '../migrate/gateway-settings';
import { renderGatewayYaml } from '../migrate/render-yaml';
import {
  builtInResolver,
  paramInfoResolver,
  type ModuleResolver,
} from '../migrate/module-resolver';
import { EXIT_FAILURE, EXIT_OK, UsageError, type Command } from './command';

interface ImportArgs {
  file: string;
  wikiUrl?: string;
  scriptPath: string;
  out?: string;
}

export const importSettingsCommand: Command = {
  usage:
    'import-settings FILE   gateway.yaml from the LocalSettings.php of token-authenticator\n' +
    '                         [--wiki URL] [--script-path /w] [--out FILE]',
  async run({ args }) {
    const options = parseArgs(args);
    let source: string;
    try {
      source = readFileSync(options.file, 'utf8');
    } catch (error) {
      process.stderr.write(
        `${options.file}: cannot read: ${(error as NodeJS.ErrnoException).code}\n`,
      );
      return EXIT_FAILURE;
    }

    const { settings, problems } = readComponentSettings(source);
    const resolveModule = await moduleResolver(options);
    const imported = importSettings(settings, { ...options, resolveModule });

    const yaml = renderGatewayYaml(imported.config);
    if (options.out === undefined) process.stdout.write(yaml);
    else writeFileSync(options.out, yaml, { mode: 0o640 });

    const lines = [
      ...problems.map((problem) => `${options.file}: ${problem}`),
      ...imported.warnings.map((warning) => `warning: ${warning}`),
      ...imported.steps.map((step) => `next: ${step}`),
    ];
    process.stderr.write(lines.map((line) => `${line}\n`).join(''));
    return settings.tokens.length === 0 && problems.length > 0 ? EXIT_FAILURE : EXIT_OK;
  },
};

function parseArgs(args: readonly string[]): ImportArgs {
  const options: Partial<ImportArgs> = { scriptPath: DEFAULTS.scriptPath };
  const files: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const [flag, inline] = args[i].split(/=(.*)/s, 2);
    const value = () => {
      const next = inline ?? args[++i];
      if (next === undefined) throw new UsageError(`${flag} needs a value`);
      return next;
    };
    if (flag === '--wiki') options.wikiUrl = value().replace(/\/+$/, '');
    else if (flag === '--script-path') options.scriptPath = value();
    else if (flag === '--out') options.out = value();
    else if (args[i].startsWith('--')) throw new UsageError(`unknown option ${args[i]}`);
    else files.push(args[i]);
  }
  if (files.length !== 1) throw new UsageError('import-settings needs one LocalSettings.php');
  return { ...options, file: files[0] } as ImportArgs;
}

/** The wiki's own class table when it answers, else the built-in one, with a warning. */
async function moduleResolver(options: ImportArgs): Promise<ModuleResolver> {
  if (options.wikiUrl === undefined) return builtInResolver;
  try {
    return await paramInfoResolver(options.wikiUrl, options.scriptPath);
  } catch (error) {
    process.stderr.write(
      `warning: could not ask ${options.wikiUrl} for its modules (${(error as Error).message}); ` +
        'using the built-in table of core classes\n',
    );
    return builtInResolver;
  }
}
