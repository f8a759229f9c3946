/** One `mwgate <command>`: it reads its own arguments and returns an exit code. */
export interface Command {
  /** One line for `mwgate --help`: `check-config [FILE]   validate …`. */
  readonly usage: string;
  run(invocation: Invocation): Promise<number>;
}

export interface Invocation {
  /** Arguments after the command name, options removed. */
  readonly args: readonly string[];
  /** --config FILE, else $MWGATE_CONFIG, else ./gateway.yaml. */
  readonly configFile: string;
  readonly env: NodeJS.ProcessEnv;
}

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

/** A mistake in how the command was called: printed with the usage, exit 2. */
export class UsageError extends Error {
  readonly code = 'MWGATE_USAGE';
}

/** Refuses arguments a command does not take: `mwgate serve --verbose` is a mistake. */
export function expectArgs(args: readonly string[], most: number, usage: string): void {
  const extra = args.slice(most);
  if (extra.length === 0) return;
  const what = extra[0].startsWith('-') ? 'unknown option' : 'unexpected argument';
  throw new UsageError(`${what} "${extra[0]}"; usage: ${usage}`);
}
