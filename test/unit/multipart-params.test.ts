import { multipartBoundary, readMultipart } from '../../src/policy/multipart-params';

const TYPE = 'multipart/form-data; boundary=XyZ';

/** A body with one part per disposition, each holding `value`, in CRLF form. */
function form(dispositions: string[], value = 'query'): string {
  const parts = dispositions.map((d) => `--XyZ\r\nContent-Disposition: ${d}\r\n\r\n${value}\r\n`);
  return `${parts.join('')}--XyZ--\r\n`;
}

const refusal = (reason: string) =>
  expect.objectContaining({ code: 'mwgate-unreadable-body', status: 400, reason });

describe('multipartBoundary', () => {
  it.each([
    ['multipart/form-data; boundary=XyZ', 'XyZ'],
    ['multipart/form-data;boundary="a b"', undefined],
    ['Multipart/Form-Data; BOUNDARY="XyZ"', 'XyZ'],
    [
      'multipart/form-data; charset=utf-8; boundary=----formdata-undici-0123',
      '----formdata-undici-0123',
    ],
  ])('reads %p as PHP does', (type, boundary) => {
    if (boundary === undefined) expect(() => multipartBoundary(type)).toThrow();
    else expect(multipartBoundary(type)).toBe(boundary);
  });

  it.each([
    ['multipart/form-data', 'multipart-boundary-ambiguous'],
    ['multipart/form-data; xboundary=a; boundary=b', 'multipart-boundary-ambiguous'],
    ['multipart/form-data; boundary=a,b', 'multipart-bad-boundary'],
    ['multipart/form-data; boundary=a ;x=y', 'multipart-bad-boundary'],
    ['multipart/form-data; boundary="a', 'multipart-bad-boundary'],
    ['multipart/form-data; boundary=', 'multipart-bad-boundary'],
    [`multipart/form-data; boundary=${'b'.repeat(71)}`, 'multipart-bad-boundary'],
  ])('refuses %p', (type, reason) => {
    expect(() => multipartBoundary(type)).toThrow(refusal(reason));
  });
});

describe('readMultipart', () => {
  it('reads fields in order with their raw values', () => {
    const body = `--XyZ\r\nContent-Disposition: form-data; name="action"\r\n\r\nquery\r\n--XyZ\r\nContent-Disposition: form-data; name=list\r\nContent-Type: text/plain\r\n\r\na\r\nb\r\n--XyZ--`;
    expect(readMultipart(body, TYPE)).toEqual({
      pairs: [
        ['action', 'query'],
        ['list', 'a\r\nb'],
      ],
      fileNames: [],
      count: 2,
    });
  });

  it.each([
    ['form-data; name="action"', 'action'],
    ['form-data; name=action', 'action'],
    ['form-data; NAME="action"', 'action'],
    ['Form-Data;name="action"', 'action'],
    ['form-data; name="a;b"', 'a;b'],
  ])('reads the disposition %p as the name %p', (disposition, name) => {
    expect(readMultipart(form([disposition]), TYPE).pairs).toEqual([[name, 'query']]);
  });

  it('keeps a file part out of the parameters', () => {
    const reading = readMultipart(form(['form-data; name="file"; filename="a%.txt"']), TYPE);
    expect(reading).toEqual({ pairs: [], fileNames: ['file'], count: 1 });
  });

  it('reads an empty form', () => {
    expect(readMultipart('--XyZ--\r\n', TYPE)).toEqual({ pairs: [], fileNames: [], count: 0 });
  });

  // Each of these PHP reads differently from a plain RFC 7578 reader.
  it.each([
    ["form-data; name='action'", 'multipart-ambiguous-disposition'],
    ['attachment; name="action"', 'multipart-not-form-data'],
    ['form-data; name="x"; name="action"', 'multipart-ambiguous-disposition'],
    ['form-data; name="action"x"', 'multipart-ambiguous-disposition'],
    ["form-data; name*=utf-8''action", 'multipart-ambiguous-disposition'],
    ['form-data; name="a\\"ction"', 'multipart-ambiguous-disposition'],
    ['form-data; name="%61ction"', 'multipart-percent-in-name'],
    ['form-data; name= "action"', 'multipart-ambiguous-disposition'],
    ['form-data; name ="action"', 'multipart-ambiguous-disposition'],
    ['form-data;; name="action"', 'multipart-ambiguous-disposition'],
    ['form-data; name="action" ', 'multipart-ambiguous-disposition'],
    ['form-data; filename="x"', 'multipart-part-without-name'],
    ['form-data; name="action"; filename="a"; filename="b"', 'multipart-ambiguous-disposition'],
    ['form-data', 'multipart-part-without-name'],
  ])('refuses the disposition %p', (disposition, reason) => {
    expect(() => readMultipart(form([disposition]), TYPE)).toThrow(refusal(reason));
  });

  const part = 'Content-Disposition: form-data; name="action"\r\n\r\nquery';
  it.each([
    [`preamble\r\n--XyZ\r\n${part}\r\n--XyZ--`, 'multipart-bad-preamble'],
    [`--XyZ\n${part}\r\n--XyZ--`, 'multipart-bad-preamble'],
    [`--XyZ\r\n${part}\n--XyZ--`, 'multipart-bad-delimiter'],
    [`--XyZ\r\n${part}\r\n--XyZ--\r\nepilogue`, 'multipart-bad-delimiter'],
    [`--XyZ\r\n${part}\r\n--XyZ`, 'multipart-bad-delimiter'],
    [`--XyZ\r\n${part}`, 'multipart-bad-delimiter'],
    [`--XyZ\r\n${part}\r\n--XyZx\r\n--XyZ--`, 'multipart-bad-delimiter'],
    [`--XyZ\r\n${part}\r\n--XyZ  \r\n${part}\r\n--XyZ--`, 'multipart-bad-delimiter'],
    [`--XyZ\r\n${part}\r\n--XyZ--\r\n--XyZ\r\n${part}\r\n--XyZ--`, 'multipart-bad-delimiter'],
    [
      `--XyZ\r\nContent-Disposition: form-data; name="action"\r\nquery\r\n--XyZ--`,
      'multipart-part-without-headers',
    ],
    [
      `--XyZ\r\nContent-Disposition: form-data;\r\n name="action"\r\n\r\nq\r\n--XyZ--`,
      'multipart-bad-part-header',
    ],
    [
      `--XyZ\r\nContent-Disposition : form-data; name="a"\r\n\r\nq\r\n--XyZ--`,
      'multipart-bad-part-header',
    ],
    [
      `--XyZ\r\nContent-Disposition: form-data; name="a\0b"\r\n\r\nq\r\n--XyZ--`,
      'multipart-bad-part-header',
    ],
    [
      `--XyZ\r\nContent-Disposition: form-data; name="a"\nX: y\r\n\r\nq\r\n--XyZ--`,
      'multipart-bad-part-header',
    ],
    [`--XyZ\r\nContent-Type: text/plain\r\n\r\nq\r\n--XyZ--`, 'multipart-part-without-name'],
    [
      `--XyZ\r\n${'Content-Disposition: form-data; name="a"\r\n'.repeat(2)}\r\nq\r\n--XyZ--`,
      'multipart-unexpected-part-header',
    ],
    [
      `--XyZ\r\nContent-Transfer-Encoding: base64\r\n${part}\r\n--XyZ--`,
      'multipart-unexpected-part-header',
    ],
    [
      `--XyZ\r\nContent-Disposition: form-data; name="${'a'.repeat(1000)}"\r\n\r\nq\r\n--XyZ--`,
      'multipart-bad-part-header',
    ],
  ])('refuses the body %#', (body, reason) => {
    expect(() => readMultipart(body, TYPE)).toThrow(refusal(reason));
  });

  it('refuses more file parts than PHP keeps', () => {
    const files = Array.from({ length: 21 }, (_, i) => `form-data; name="f${i}"; filename="x"`);
    expect(() => readMultipart(form(files), TYPE)).toThrow(refusal('multipart-too-many-files'));
  });
});
