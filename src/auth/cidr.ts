import ipaddr from 'ipaddr.js';

/** An address as the gateway compares it: IPv4-mapped IPv6 is IPv4. */
export type Address = ipaddr.IPv4 | ipaddr.IPv6;
type Range = [Address, number];

const MAPPED_PREFIX_BITS = 96;

/**
 * Parses an address the way the gateway compares it, or returns undefined.
 * Only the four-part decimal form of IPv4 counts: `0x7f.1` and `10.1` are not
 * addresses here, whatever inet_aton would say.
 */
export function parseAddress(text: string): Address | undefined {
  const bare = text.startsWith('[') && text.endsWith(']') ? text.slice(1, -1) : text;
  if (ipaddr.IPv4.isValidFourPartDecimal(bare)) return ipaddr.IPv4.parse(bare);
  if (!ipaddr.IPv6.isValid(bare) || bare.includes('%')) return undefined;

  const v6 = ipaddr.IPv6.parse(bare);
  return v6.isIPv4MappedAddress() ? v6.toIPv4Address() : v6;
}

/** Parses `addr/prefix` or a bare address (a single host), or returns undefined. */
export function parseRange(text: string): Range | undefined {
  const slash = text.indexOf('/');
  const address = parseAddress(slash === -1 ? text : text.slice(0, slash));
  if (address === undefined) return undefined;

  const maxBits = address.kind() === 'ipv4' ? 32 : 128;
  const prefixText = slash === -1 ? String(maxBits) : text.slice(slash + 1);
  if (!/^\d{1,3}$/.test(prefixText)) return undefined;

  let prefix = Number(prefixText);
  if (text.slice(0, slash === -1 ? undefined : slash).includes(':') && address.kind() === 'ipv4') {
    // `::ffff:10.0.0.0/104` names IPv4 addresses: compare them as IPv4.
    prefix -= MAPPED_PREFIX_BITS;
    if (prefix < 0) return undefined;
  }
  return prefix <= maxBits ? [address, prefix] : undefined;
}

/** A list of address ranges; an empty list contains nothing. */
export class AddressList {
  private readonly ranges: readonly Range[];

  constructor(ranges: readonly string[]) {
    this.ranges = ranges.map((text) => {
      const range = parseRange(text);
      if (range === undefined) throw new TypeError(`not an address or CIDR range: ${text}`);
      return range;
    });
  }

  get size(): number {
    return this.ranges.length;
  }

  contains(address: Address): boolean {
    for (const [base, prefix] of this.ranges) {
      if (base.kind() === address.kind() && address.match(base, prefix)) return true;
    }
    return false;
  }
}
