import Redis from 'ioredis';
import { startRedis } from '../helpers/redis';

describe('the test Redis', () => {
  it('is a real server that stores, stops and comes back', async () => {
    const server = await startRedis();
    const client = new Redis(server.url, { maxRetriesPerRequest: 1 });
    client.on('error', () => undefined);
    await client.set('k', 'v');
    expect(await client.get('k')).toBe('v');

    await server.stop();
    await expect(client.get('k')).rejects.toThrow();
    await server.start();
    await client.set('k', 'w');
    expect(await client.get('k')).toBe('w');

    await client.quit();
    await server.stop();
  });
});
