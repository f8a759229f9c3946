import { stringify } from 'yaml';
import { liveConfig } from '../../src/config/config-changes';
import { parseConfig } from '../../src/config/load';
import { ConfigError } from '../../src/config/types';

const base = {
  wiki: { url: 'http://127.0.0.1:8081' },
  salt: 'test-salt',
  accounts: { reader: { username: 'Reader@gw', password: 'p' } },
};

function load(extra: Record<string, unknown>) {
  return parseConfig(stringify({ ...base, ...extra }), 'test', {});
}

function problemsOf(extra: Record<string, unknown>): readonly string[] {
  try {
    load(extra);
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
}

describe('proxy.engine and workers', () => {
  it('default to the undici engine and one process', () => {
    expect(load({})).toMatchObject({ proxy: { engine: 'undici' }, workers: 1 });
  });

  it.each([['http-proxy'], ['undici']])('accept the engine %s', (engine) => {
    expect(load({ proxy: { engine } }).proxy.engine).toBe(engine);
  });

  it.each([
    [{ proxy: { engine: 'nginx' } }, 'proxy.engine: must be one of http-proxy, undici'],
    [{ proxy: { engines: 'undici' } }, 'proxy.engines: unknown key'],
    [{ workers: 0 }, 'workers: must be >= 1'],
    [{ workers: 1.5 }, 'workers: must be integer'],
    [{ workers: 65 }, 'workers: must be <= 64'],
  ])('refuse %j', (extra, problem) => {
    expect(problemsOf(extra)).toEqual([problem]);
  });
});

describe('a reload that changes proxy.engine or workers', () => {
  it('keeps the running engine and worker count, and names them', () => {
    const current = load({ proxy: { engine: 'undici' }, workers: 2 });
    const next = load({ proxy: { engine: 'http-proxy' }, workers: 4 });
    const { config, changes } = liveConfig(current, next);

    expect(changes.needRestart).toEqual(['proxy.engine', 'workers']);
    expect(config).toMatchObject({ proxy: { engine: 'undici' }, workers: 2 });
  });
});
