import { rmSync } from 'node:fs';
import { runScript, WIKI_DIR_KEY } from './global-setup';

/** Stops the wiki that global-setup started, if it started one, and removes its folder. */
export default function globalTeardown(): void {
  const dir = (globalThis as Record<string, unknown>)[WIKI_DIR_KEY];
  if (typeof dir !== 'string') return;
  runScript('stop.sh', dir);
  rmSync(dir, { recursive: true, force: true });
}
