import { AddressList, parseAddress, parseRange } from '../../src/auth/cidr';

describe('parseRange', () => {
  it.each([
    ['10.0.0.0/8', true],
    ['127.0.0.1', true],
    ['::1', true],
    ['2001:db8::/32', true],
    ['::ffff:10.0.0.0/104', true],
    ['10.0.0.300', false],
    ['10.0.0.0/33', false],
    ['10.0.0.0/', false],
    ['10.1', false],
    ['0x7f.0.0.1', false],
    ['fe80::1%eth0', false],
    ['2001:db8::/129', false],
    ['::ffff:10.0.0.0/64', false],
    ['', false],
  ])('reads %p as a range: %p', (text, valid) => {
    expect(parseRange(text) !== undefined).toBe(valid);
  });
});

describe('AddressList', () => {
  it.each([
    [['10.0.0.0/8'], '10.1.2.3', true],
    [['10.0.0.0/8'], '::ffff:10.1.2.3', true],
    [['10.0.0.0/8'], '11.0.0.1', false],
    [['127.0.0.1/32'], '::1', false],
    [['::1'], '::1', true],
    [['::1'], '127.0.0.1', false],
    [['::ffff:10.0.0.0/104'], '10.9.9.9', true],
    [['2001:db8::/32'], '2001:db8:1::5', true],
    [[], '127.0.0.1', false],
  ])('%p contains %p: %p', (ranges, address, expected) => {
    const parsed = parseAddress(address);
    expect(parsed).toBeDefined();
    expect(new AddressList(ranges).contains(parsed!)).toBe(expected);
  });

  it('refuses to build from a bad range', () => {
    expect(() => new AddressList(['10.0.0.300'])).toThrow(/10\.0\.0\.300/);
  });
});
