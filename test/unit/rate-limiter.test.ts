import { MemoryTokenBucket } from '../../src/tokens/rate-limiter';

function bucket(options: { perMinute: number; burst: number; maxCallers?: number }) {
  let nowMs = 0;
  const limiter = new MemoryTokenBucket({ maxCallers: 100, ...options, now: () => nowMs });
  return { limiter, advance: (ms: number) => (nowMs += ms) };
}

async function takeMany(limiter: MemoryTokenBucket, caller: string, count: number) {
  const answers = [];
  for (let i = 0; i < count; i++) answers.push((await limiter.take(caller)).allowed);
  return answers;
}

describe('the per-caller token bucket', () => {
  it('allows a burst, then refuses', async () => {
    const { limiter } = bucket({ perMinute: 60, burst: 3 });
    expect(await takeMany(limiter, 'a', 4)).toEqual([true, true, true, false]);
  });

  it('says when to try again', async () => {
    const { limiter } = bucket({ perMinute: 6, burst: 1 });
    await limiter.take('a');
    expect(await limiter.take('a')).toEqual({ allowed: false, retryAfterSeconds: 10 });
  });

  it('refills at the rate per minute', async () => {
    const { limiter, advance } = bucket({ perMinute: 60, burst: 1 });
    await limiter.take('a');
    advance(999);
    expect((await limiter.take('a')).allowed).toBe(false);
    advance(1000);
    expect((await limiter.take('a')).allowed).toBe(true);
  });

  it('keeps callers apart', async () => {
    const { limiter } = bucket({ perMinute: 1, burst: 1 });
    expect(await takeMany(limiter, 'a', 2)).toEqual([true, false]);
    expect(await takeMany(limiter, 'b', 1)).toEqual([true]);
  });

  it('never holds more than the burst, however long a caller waited', async () => {
    const { limiter, advance } = bucket({ perMinute: 60, burst: 2 });
    advance(3_600_000);
    expect(await takeMany(limiter, 'a', 3)).toEqual([true, true, false]);
  });
});
