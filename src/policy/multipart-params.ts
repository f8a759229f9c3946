import { GatewayError } from '../errors';
import type { ParamPair } from './php-params';

/**
 * Reads a `multipart/form-data` body the way PHP 8.2's rfc1867 handler does,
 * but only where that reading is the only sensible one: every construct where
 * PHP and a plain RFC 7578 reader could disagree is refused.
 *
 * PHP's quirks this guards against (main/rfc1867.c): it takes the first
 * "boundary" anywhere in the Content-Type; it splits lines on a bare LF; it
 * ends a value at "\n--boundary" even mid-line; it ignores the disposition
 * type (`attachment;` works), strips single quotes, reads unquoted names, keeps
 * the last of two `name=`, stops at the closing quote (`name="action"x"` is
 * `action`), ignores `name*=` and then stops reading the body; a part with
 * `filename=` is a file, never a parameter; names are not percent-decoded.
 */

/** What a multipart body holds: its form fields and the names of its file parts. */
export interface MultipartReading {
  readonly pairs: ParamPair[];
  readonly fileNames: string[];
  /** Parts, as counted toward PHP's max_input_vars and max_multipart_body_parts. */
  readonly count: number;
}

/** RFC 2046 bchars without space; PHP ends an unquoted boundary at `,` or `;`. */
const BOUNDARY_VALUE = /^[0-9A-Za-z'()+_\-./:=?]{1,70}$/;
/** `; boundary=X` or `; boundary="X"`, ending the header or followed by `;`. */
const BOUNDARY_PARAM = /;[ \t]*boundary=(?:"([^"]*)"|([^",; \t]*))(?=;|$)/i;
/** PHP reads a header line in a 5 KiB buffer and splits longer ones; we stay well below. */
const MAX_PART_HEADER_LINE_BYTES = 1000;
/** PHP's default max_file_uploads: further file parts are skipped silently. */
export const PHP_MAX_FILE_UPLOADS = 20;
const HEADER_LINE = /^([A-Za-z0-9-]+):[ \t]*([^\x00-\x08\x0a-\x1f\x7f]*)$/;
/** RFC 2045 token characters without `'`: PHP strips single quotes, a plain reader keeps them. */
const TOKEN = '[!#$%&*+\\-.^_`|~0-9A-Za-z]+';
/** No backslash: PHP unescapes `\"` and `\\`, a plain reader may not. */
const QUOTED = '"[^"\\\\\\r\\n]*"';
const DISPOSITION_PARAM = new RegExp(`^;[ \\t]*([A-Za-z]+)=(${QUOTED}|${TOKEN})`);
const FORM_DATA = /^form-data/i;

function refuse(reason: string): never {
  throw new GatewayError('mwgate-unreadable-body', reason);
}

/** The boundary PHP and a plain reader both take from this Content-Type, or a refusal. */
export function multipartBoundary(contentType: string): string {
  const occurrences = contentType.toLowerCase().split('boundary').length - 1;
  if (occurrences !== 1) refuse('multipart-boundary-ambiguous');
  const match = BOUNDARY_PARAM.exec(contentType);
  const boundary = match?.[1] ?? match?.[2];
  if (boundary === undefined || !BOUNDARY_VALUE.test(boundary)) refuse('multipart-bad-boundary');
  return boundary;
}

/** Reads a multipart body (a binary string) into fields and file names, or refuses it. */
export function readMultipart(body: string, contentType: string): MultipartReading {
  const delimiter = `--${multipartBoundary(contentType)}`;
  const parts = splitParts(body, delimiter);

  const pairs: ParamPair[] = [];
  const fileNames: string[] = [];
  for (const part of parts) {
    const headerEnd = part.indexOf('\r\n\r\n');
    if (headerEnd === -1) refuse('multipart-part-without-headers');
    const { name, isFile } = readPartHeaders(part.slice(0, headerEnd));
    if (isFile) fileNames.push(name);
    else pairs.push([name, part.slice(headerEnd + 4)]);
  }
  if (fileNames.length > PHP_MAX_FILE_UPLOADS) refuse('multipart-too-many-files');
  return { pairs, fileNames, count: parts.length };
}

/**
 * The parts between delimiters. The body must open with the delimiter line,
 * and every "\n--boundary" in it must be a whole CRLF delimiter line: PHP
 * ends a value at any such sequence, a plain reader only at a delimiter.
 */
function splitParts(body: string, delimiter: string): string[] {
  if (body === `${delimiter}--` || body === `${delimiter}--\r\n`) return [];
  if (!body.startsWith(`${delimiter}\r\n`)) refuse('multipart-bad-preamble');

  const parts: string[] = [];
  let start = delimiter.length + 2;
  for (;;) {
    const next = body.indexOf(`\n${delimiter}`, start);
    if (next === -1 || body[next - 1] !== '\r') refuse('multipart-bad-delimiter');
    parts.push(body.slice(start, next - 1));

    const after = next + 1 + delimiter.length;
    const rest = body.slice(after, after + 2);
    if (rest === '\r\n') {
      start = after + 2;
      continue;
    }
    const epilogue = body.slice(after + 2);
    if (rest !== '--' || (epilogue !== '' && epilogue !== '\r\n')) {
      refuse('multipart-bad-delimiter');
    }
    return parts;
  }
}

/** A part's name and whether it is a file, from headers PHP and RFC 7578 read alike. */
function readPartHeaders(head: string): { name: string; isFile: boolean } {
  let disposition: string | undefined;
  let sawType = false;
  for (const line of head.split('\r\n')) {
    const match = line.length <= MAX_PART_HEADER_LINE_BYTES ? HEADER_LINE.exec(line) : null;
    if (match === null) refuse('multipart-bad-part-header');
    const field = match[1].toLowerCase();
    if (field === 'content-disposition' && disposition === undefined) disposition = match[2];
    else if (field === 'content-type' && !sawType) sawType = true;
    else refuse('multipart-unexpected-part-header');
  }
  if (disposition === undefined) refuse('multipart-part-without-name');
  return readDisposition(disposition);
}

/**
 * `form-data; name="x"` with an optional `filename`, each once, quoted or a
 * plain token: the only dispositions whose name PHP reads as a plain reader does.
 */
function readDisposition(value: string): { name: string; isFile: boolean } {
  const type = FORM_DATA.exec(value);
  if (type === null) refuse('multipart-not-form-data');

  const seen = new Map<string, string>();
  let rest = value.slice(type[0].length);
  while (rest !== '') {
    const param = DISPOSITION_PARAM.exec(rest);
    if (param === null) refuse('multipart-ambiguous-disposition');
    const key = param[1].toLowerCase();
    if ((key !== 'name' && key !== 'filename') || seen.has(key)) {
      refuse('multipart-ambiguous-disposition');
    }
    const raw = param[2];
    seen.set(key, raw.startsWith('"') ? raw.slice(1, -1) : raw);
    rest = rest.slice(param[0].length);
  }

  const name = seen.get('name');
  if (name === undefined) refuse('multipart-part-without-name');
  // PHP keeps `%61ction` as it is; RFC 7578 allows a reader to percent-decode it.
  if (name.includes('%')) refuse('multipart-percent-in-name');
  return { name, isFile: seen.has('filename') };
}
