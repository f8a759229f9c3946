import { badBoolBody, readWithIssuer } from '../../src/tokens/with-issuer';

describe('withIssuer, read as MediaWiki 1.39 reads a boolean', () => {
  it.each([
    ['', false],
    ['withIssuer=', false],
    ['withIssuer', false],
    ['withIssuer=1', true],
    ['withIssuer=true', true],
    ['withIssuer=TRUE', true],
    ['withIssuer=t', true],
    ['withIssuer=Yes', true],
    ['withIssuer=y', true],
    ['withIssuer=on', true],
    ['withIssuer=0', false],
    ['withIssuer=false', false],
    ['withIssuer=f', false],
    ['withIssuer=no', false],
    ['withIssuer=n', false],
    ['withIssuer=OFF', false],
    ['withIssuer=0&withIssuer=1', true],
    ['withIssuer=maybe&withIssuer=1', true],
    ['%77ithIssuer=1', true],
    ['+withIssuer=1', true],
    ['withIssuer%00x=1', true],
    ['withissuer=1', false],
    ['other=1&withIssuer=yes&more', true],
  ])('reads %p as %p', (query, value) => {
    expect(readWithIssuer(query)).toEqual({ ok: true, value });
  });

  it.each([
    ['withIssuer=maybe', 'maybe'],
    ['withIssuer=MAYBE', 'maybe'],
    ['withIssuer=%20true', ' true'],
    ['withIssuer=a+b', 'a b'],
    ['withIssuer=%C3%89', 'É'],
    ['withIssuer=%FF', '\ufffd'],
    ['withIssuer=1&withIssuer=2', '2'],
    ['withIssuer[]=1', ''],
  ])('refuses %p with the value %p in the body', (query, value) => {
    expect(readWithIssuer(query)).toEqual({ ok: false, body: badBoolBody(value) });
  });

  it('writes the body MediaWiki writes, key for key', () => {
    expect(JSON.stringify(badBoolBody('x"y'))).toBe(
      '{"error":"parameter-validation-failed","name":"withIssuer","value":"x\\"y",' +
        '"failureCode":"badbool","failureData":null,"messageTranslations":{"en":' +
        '"Invalid value \\"x\\"y\\" for boolean parameter \\"withIssuer\\". Pass \\"true\\", ' +
        '\\"t\\", \\"yes\\", \\"y\\", \\"on\\" and \\"1\\" for true, or \\"false\\", \\"f\\", ' +
        '\\"no\\", \\"n\\", \\"off\\", \\"0\\" and the empty string for false."},' +
        '"httpCode":400,"httpReason":"Bad Request"}',
    );
  });
});
