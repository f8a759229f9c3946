import {
  expectForwarded,
  expectRefused,
  MULTIPART_TYPE,
  multipart,
  send,
} from '../../helpers/reading';
import { startWorld, stopWorld, type World } from '../setup';

let world: World;
beforeAll(async () => {
  world = await startWorld();
});
afterAll(() => stopWorld(world));

const post = (body: string, target = '/w/api.php', type = MULTIPART_TYPE) =>
  send(world, { method: 'POST', target, headers: [type], body });

describe('a multipart body', () => {
  it('is read: a part named action with action in the query is a conflict', async () => {
    const body = multipart([['form-data; name="action"', 'edit']]);
    expectRefused(await post(body, '/w/api.php?action=opensearch&search=x'), 400);
  });

  it('is read: its action decides', async () => {
    const body = multipart([
      ['form-data; name="action"', 'edit'],
      ['form-data; name="title"', 'A'],
    ]);
    expectRefused(await post(body), 403, 'service-token-not-allowed');
  });

  it('is granted for what the key allows and forwarded byte for byte', async () => {
    const body = multipart([
      ['form-data; name="action"', 'opensearch'],
      ['form-data; name=search', 'x\r\ny'],
      ['form-data; name="upload"; filename="a.txt"', 'file bytes'],
    ]);
    const got = expectForwarded(await post(body));
    expect(got.body).toBe(body);
    expect(got.headers['content-type']).toBe('multipart/form-data; boundary=XyZ');
  });

  it('is read whatever the case of its type', async () => {
    const body = multipart([['form-data; name="action"', 'edit']]);
    const type = 'Content-Type: MULTIPART/Form-Data; BOUNDARY=XyZ';
    expectRefused(await post(body, '/w/api.php', type), 403, 'service-token-not-allowed');
  });

  // PHP reads each of these as `action` (or drops it); a plain reader would not.
  it.each([
    ["form-data; name='action'"],
    ['attachment; name="action"'],
    ['form-data; name="x"; name="action"'],
    ['form-data; name="action"x"'],
    ["form-data; name*=utf-8''action"],
    ['form-data; name="%61ction"'],
    ['form-data; name="act\\"ion"'],
    ['form-data; name="action"; filename="a"; filename="b"'],
  ])('refuses the part %p with 400 and forwards nothing', async (disposition) => {
    const body = multipart([
      ['form-data; name="action"', 'opensearch'],
      [disposition, 'edit'],
    ]);
    expectRefused(await post(body, '/w/api.php?search=x'), 400, 'mwgate-unreadable-body');
  });

  it('refuses a file part named like a parameter the gateway decides on', async () => {
    const body = multipart([
      ['form-data; name="action"', 'opensearch'],
      ['form-data; name="list"; filename="x"', 'allusers'],
    ]);
    expectRefused(await post(body, '/w/api.php?search=x'), 400, 'mwgate-ambiguous-request');
  });

  it.each([
    ['multipart/form-data; boundary=XyZ; boundary=Other'],
    ['multipart/form-data'],
    ['multipart/form-data; boundary="XyZ'],
  ])('refuses the Content-Type %p', async (type) => {
    const body = multipart([['form-data; name="action"', 'opensearch']]);
    expectRefused(await post(body, '/w/api.php?search=x', `Content-Type: ${type}`), 400);
  });

  it('refuses a value that holds a line PHP would take as a boundary', async () => {
    const body = multipart([
      ['form-data; name="action"', 'opensearch'],
      ['form-data; name="search"', 'x\n--XyZ\r\nContent-Disposition: form-data; name="action"'],
    ]);
    expectRefused(await post(body), 400, 'mwgate-unreadable-body');
  });
});
