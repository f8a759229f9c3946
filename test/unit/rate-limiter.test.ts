import { MemoryRateLimiter } from '../../src/limits/rate-limiter';

const LIMIT = { perSecond: 2, burst: 3 };

describe('MemoryRateLimiter', () => {
  it.each([
    // [what happens, takes as [ms since start, cost], expected allowed, expected retryAfterMs of the last]
    [
      'allows a full burst',
      [
        [0, 1],
        [0, 1],
        [0, 1],
      ],
      [true, true, true],
      0,
    ],
    [
      'refuses past the burst and says when',
      [
        [0, 1],
        [0, 1],
        [0, 1],
        [0, 1],
      ],
      [true, true, true, false],
      500,
    ],
    [
      'refills at perSecond',
      [
        [0, 1],
        [0, 1],
        [0, 1],
        [500, 1],
      ],
      [true, true, true, true],
      0,
    ],
    [
      'never holds more than burst',
      [
        [0, 1],
        [60_000, 1],
        [60_000, 1],
        [60_000, 1],
        [60_000, 1],
      ],
      [true, true, true, true, false],
      500,
    ],
    [
      'cost 0 asks without taking',
      [
        [0, 0],
        [0, 0],
        [0, 0],
        [0, 0],
      ],
      [true, true, true, true],
      0,
    ],
    [
      'cost 0 is refused on an empty bucket',
      [
        [0, 3],
        [0, 0],
      ],
      [true, false],
      500,
    ],
  ] as const)('%s', async (_name, takes, allowed, retryAfterMs) => {
    let nowMs = 0;
    const limiter = new MemoryRateLimiter(() => nowMs);
    const verdicts = [];
    for (const [atMs, cost] of takes) {
      nowMs = atMs;
      verdicts.push(await limiter.take('k', LIMIT, cost));
    }
    expect(verdicts.map((v) => v.allowed)).toEqual(allowed);
    expect(verdicts.at(-1)?.retryAfterMs).toBe(retryAfterMs);
  });

  it('keeps one bucket per key', async () => {
    const limiter = new MemoryRateLimiter(() => 0);
    await limiter.take('a', LIMIT, 3);
    expect((await limiter.take('a', LIMIT)).allowed).toBe(false);
    expect((await limiter.take('b', LIMIT)).allowed).toBe(true);
  });
});
