import { execFileSync } from 'node:child_process';

/** One wrapper case, as the original component's PHP would build it. */
export interface WrapperCase {
  readonly salt: string;
  readonly verifyCallback: string;
  readonly token: string;
}

/**
 * PHP's own answer for many cases at once (one php process): json_encode,
 * hash_hmac and base64_encode exactly as the original component calls them.
 * Strings travel as base64 of their UTF-8 bytes so nothing is re-encoded on the way.
 */
const PHP_WRAPPERS = `
foreach (json_decode(stream_get_contents(STDIN), true) as $c) {
  $salt = base64_decode($c[0]); $callback = base64_decode($c[1]); $token = base64_decode($c[2]);
  $sig = hash_hmac('sha256', "$callback$token", $salt);
  echo base64_encode(json_encode(['verifyCallback' => $callback, 'token' => $token, 'sig' => $sig])), "\\n";
}`;

export function phpWrappers(cases: readonly WrapperCase[]): string[] {
  const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
  const input = JSON.stringify(
    cases.map((c) => [b64(c.salt), b64(c.verifyCallback), b64(c.token)]),
  );
  const output = execFileSync('php', ['-r', PHP_WRAPPERS], { input, encoding: 'utf8' });
  return output.split('\n').slice(0, cases.length);
}
