import { readPhpSettings, type PhpValue } from '../../src/migrate/php-settings';

const PREFIX = 'mwsgTokenAuthenticator';

function valueOf(php: string): PhpValue | undefined {
  return readPhpSettings(`<?php\n$mwsgTokenAuthenticatorX = ${php};\n`, PREFIX).assignments[0]
    ?.value;
}

function list(...values: PhpValue[]) {
  return { entries: values.map((value) => ({ value })) };
}

describe('readPhpSettings', () => {
  it.each<[string, PhpValue]>([
    [`'single \\'quoted\\' \\\\ \\n'`, "single 'quoted' \\ \\n"],
    [`"double \\"quoted\\"\\t\\x41\\u{1F600}\\$x"`, 'double "quoted"\tA\u{1F600}$x'],
    [`'a' . "b" . 3`, 'ab3'],
    ['42', 42],
    ['TRUE', true],
    ['null', null],
    ['ApiOpenSearch::class', 'ApiOpenSearch'],
    ['\\MediaWiki\\Api\\ApiFoo::class', 'MediaWiki\\Api\\ApiFoo'],
    [`getenv( 'KEY' )`, { env: 'KEY' }],
    [`[ 'a', 'b', ]`, list('a', 'b')],
    [`array( 'a' /* note */, 'b' )`, list('a', 'b')],
    [`[ 'k' => [ 'v' ] ]`, { entries: [{ key: 'k', value: list('v') }] }],
    ['[]', list()],
  ])('reads %s', (php, expected) => {
    expect(valueOf(php)).toEqual(expected);
  });

  it.each([
    ['$wgSecretKey', /line 2: .*\$wgSecretKey is not a literal/],
    ['"key-$suffix"', /line 2: .*interpolates a variable/],
    ['strtolower( "x" )', /line 2: .*strtolower is not a literal/],
    [`getenv( 'A' ) . 'b'`, /line 2: .*"\." joins only strings/],
    [`[ 'a' 'b' ]`, /line 2: .*'b' is not a literal/],
    ['[ "a", ', /line 2: .*; is not a literal/],
  ])('names the line of a value it cannot read: %s', (php, message) => {
    const read = readPhpSettings(`<?php\n$mwsgTokenAuthenticatorX = ${php};\n`, PREFIX);
    expect(read.assignments).toEqual([]);
    expect(read.problems).toEqual([expect.stringMatching(message)]);
  });

  it('reads both the variable and the $GLOBALS form, appends and ??', () => {
    const read = readPhpSettings(
      [
        '<?php',
        "$GLOBALS['mwsgTokenAuthenticatorA'] = $GLOBALS['mwsgTokenAuthenticatorA'] ?? [];",
        "$GLOBALS['mwsgTokenAuthenticatorA'][] = 'x';",
        '$mwsgTokenAuthenticatorB ??= "y";',
        "$other = $GLOBALS['mwsgTokenAuthenticatorB'];",
      ].join('\n'),
      PREFIX,
    );
    expect(read.problems).toEqual([]);
    expect(
      read.assignments.map(({ name, line, append, ifUnset }) => [name, line, append, ifUnset]),
    ).toEqual([
      ['A', 2, false, true],
      ['A', 3, true, false],
      ['B', 4, false, true],
    ]);
  });

  it('skips code it does not read: other statements, heredocs, inline HTML', () => {
    const read = readPhpSettings(
      [
        '<html><?php',
        '$wgText = <<<EOT',
        "  $mwsgTokenAuthenticatorX = 'inside a heredoc';",
        'EOT;',
        "# $mwsgTokenAuthenticatorX = 'in a comment';",
        "wfLoadExtension( 'Foo' ); ?> text <?php",
        "$mwsgTokenAuthenticatorX = 'real';",
      ].join('\n'),
      PREFIX,
    );
    expect(read).toEqual({
      assignments: [{ name: 'X', value: 'real', line: 7, append: false, ifUnset: false }],
      problems: [],
    });
  });

  it.each([
    ["$mwsgTokenAuthenticatorX .= 'a';", /"\.=" is not read/],
    ["if ($a) { $mwsgTokenAuthenticatorX = 'a'; }", /inside a block/],
  ])('warns about an assignment it reads differently from PHP: %s', (php, message) => {
    expect(readPhpSettings(`<?php ${php}`, PREFIX).problems).toEqual([
      expect.stringMatching(message),
    ]);
  });
});
