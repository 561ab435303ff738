import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { BlockList, isIP } from 'node:net';

/**
 * Server-side requests to addresses people type in (group-chat webhooks): only to the public
 * internet, unless the deployment allows its own network. Guards against SSRF: a webhook pointed
 * at 127.0.0.1, the cloud metadata address 169.254.169.254 or an intranet service would otherwise
 * make this server call it. Names are resolved and every address vetted; the request then connects
 * to the vetted address itself, so a DNS answer that changes in between (rebinding) cannot slip by.
 */

/** Who may be reached besides the public internet (WANGGE_WEBHOOK_ALLOW_PRIVATE / WANGGE_WEBHOOK_ALLOW_HOSTS). */
export interface OutboundPolicy {
  /** Any address, private ones included: for deployments that push to an intranet relay. */
  allowPrivate: boolean;
  /** Host names or IP literals (lower case, no brackets) that may be private. */
  allowHosts: readonly string[];
}

export const PUBLIC_ONLY: OutboundPolicy = { allowPrivate: false, allowHosts: [] };

/** All addresses a host name resolves to. Injectable so tests need no network. */
export type HostResolver = (hostname: string) => Promise<string[]>;

/** A URL refused by the policy: not http(s), carries credentials, or reaches a non-public address. */
export class OutboundUrlRefused extends Error {
  override readonly name = 'OutboundUrlRefused';
  constructor(
    message: string,
    /** Whether the refusal is about the address being private (the deployment may allow it). */
    readonly privateAddress: boolean,
  ) {
    super(message);
  }
}

const LOOKUP_TIMEOUT_MS = 5000;

/** The operating system's resolver (hosts file, DNS), every address, given up after 5 s. */
export const systemResolver: HostResolver = (hostname) =>
  new Promise<string[]>((resolve, reject) => {
    const timer = setTimeout(() => reject(Object.assign(new Error(`looking up ${hostname} took longer than ${LOOKUP_TIMEOUT_MS / 1000} s`), { code: 'ETIMEOUT' })), LOOKUP_TIMEOUT_MS);
    dnsLookup(hostname, { all: true, verbatim: true }, (err, addresses: LookupAddress[]) => {
      clearTimeout(timer);
      if (err) reject(err);
      else resolve(addresses.map((a) => a.address));
    });
  });

/**
 * Special-purpose ranges (IANA IPv4/IPv6 special-purpose registries) that a webhook must not reach:
 * "this network", private, carrier-grade NAT, loopback, link-local (cloud metadata), documentation,
 * benchmarking, multicast, reserved and broadcast. IPv4 rules also match IPv4-mapped IPv6 (::ffff:a.b.c.d).
 */
const NON_PUBLIC_V4: [string, number][] = [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.88.99.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
];
/** IPv6 is public only inside global unicast 2000::/3, and not in these parts of it. */
const NON_PUBLIC_V6_IN_GLOBAL: [string, number][] = [
  ['2001::', 23], // IETF protocol assignments, Teredo
  ['2001:db8::', 32], // documentation
  ['2002::', 16], // 6to4: tunnels to an arbitrary IPv4 address
  ['3fff::', 20], // documentation
];
const v4Blocked = new BlockList();
for (const [net, prefix] of NON_PUBLIC_V4) v4Blocked.addSubnet(net, prefix, 'ipv4');
const v6Global = new BlockList();
v6Global.addSubnet('2000::', 3, 'ipv6');
const v6Blocked = new BlockList();
for (const [net, prefix] of NON_PUBLIC_V6_IN_GLOBAL) v6Blocked.addSubnet(net, prefix, 'ipv6');
const v4Mapped = new BlockList();
v4Mapped.addSubnet('::ffff:0:0', 96, 'ipv6');
const nat64 = new BlockList();
nat64.addSubnet('64:ff9b::', 96, 'ipv6');

/** The 8 groups of an IPv6 address (which `isIP` already accepted), e.g. for reading an embedded IPv4 address. */
function ipv6Groups(ip: string): number[] {
  let text = ip;
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted[1].split('.').map(Number);
    text = `${text.slice(0, -dotted[1].length)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.split('::');
  const parse = (s: string | undefined) => (s ? s.split(':').map((g) => parseInt(g, 16)) : []);
  const h = parse(head);
  const t = parse(tail);
  return tail === undefined ? h : [...h, ...Array(8 - h.length - t.length).fill(0), ...t];
}

/**
 * Whether an IP address is on the public internet. Anything that is not an IP address is not.
 * @example isPublicAddress('8.8.8.8') // true
 * @example isPublicAddress('::ffff:169.254.169.254') // false
 */
export function isPublicAddress(ip: string): boolean {
  const family = isIP(ip);
  if (family === 4) return !v4Blocked.check(ip, 'ipv4');
  if (family !== 6) return false;
  if (v4Mapped.check(ip, 'ipv6') || nat64.check(ip, 'ipv6')) {
    const g = ipv6Groups(ip);
    return isPublicAddress(`${g[6] >> 8}.${g[6] & 255}.${g[7] >> 8}.${g[7] & 255}`);
  }
  return v6Global.check(ip, 'ipv6') && !v6Blocked.check(ip, 'ipv6');
}

/** The host of a URL as the resolver and the allow-list see it: lower case, no IPv6 brackets, no trailing dot. */
export function hostOf(url: URL): string {
  return url.hostname.toLowerCase().replace(/^\[(.*)\]$/, '$1').replace(/\.$/, '');
}

/** Parse a URL and check what does not depend on the policy: http(s), no user name or password. */
export function parseOutboundUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new OutboundUrlRefused('not a valid address', false);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new OutboundUrlRefused('only http:// and https:// addresses can receive notices', false);
  if (url.username || url.password) throw new OutboundUrlRefused('the address must not contain a user name or password', false);
  return url;
}

export interface VettedUrl {
  url: URL;
  host: string;
  /** Addresses that may be connected to, in the resolver's order; never empty. */
  addresses: string[];
}

/**
 * Check a URL against the policy and resolve its host. Throws `OutboundUrlRefused` when the policy
 * forbids it; any other error (a name that does not resolve) passes through as the resolver threw it.
 * A name is refused when any of its addresses is not public: mixing one private address into a
 * public answer would otherwise reach it on some attempts.
 * @example await vetOutboundUrl('https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…', PUBLIC_ONLY)
 */
export async function vetOutboundUrl(raw: string, policy: OutboundPolicy, resolve: HostResolver = systemResolver): Promise<VettedUrl> {
  const url = parseOutboundUrl(raw);
  const host = hostOf(url);
  const allowed = policy.allowPrivate || policy.allowHosts.includes(host);
  // "localhost" and its subdomains are loopback by definition (RFC 6761), whatever DNS says.
  if (!allowed && (host === 'localhost' || host.endsWith('.localhost'))) throw new OutboundUrlRefused(`"${host}" is a private, loopback, link-local or reserved address`, true);
  if (isIP(host)) {
    if (!allowed && !isPublicAddress(host)) throw new OutboundUrlRefused(`"${host}" is a private, loopback, link-local or reserved address`, true);
    return { url, host, addresses: [host] };
  }
  const addresses = await resolve(host);
  if (addresses.length === 0) throw Object.assign(new Error(`${host} has no addresses`), { code: 'ENOTFOUND' });
  if (!allowed) {
    const inside = addresses.find((a) => !isPublicAddress(a));
    if (inside) throw new OutboundUrlRefused(`"${host}" resolves to ${inside}, a private, loopback, link-local or reserved address`, true);
  }
  return { url, host, addresses };
}

export interface PinnedResponse {
  status: number;
  /** The start of the body (at most `maxBodyBytes`), as UTF-8. */
  text: string;
}

/** Raised when the whole request took longer than its timeout. */
export class OutboundTimeout extends Error {
  override readonly name = 'TimeoutError';
}

/**
 * POST to a vetted URL, connecting only to its first vetted address: the host name still goes in the
 * Host header and in TLS (SNI and certificate check), but no second DNS answer is used. Redirects are
 * not followed (a 3xx is returned as it is).
 */
export function postPinned(target: VettedUrl, init: { headers: Record<string, string>; body: string; timeoutMs: number; maxBodyBytes?: number }): Promise<PinnedResponse> {
  const address = target.addresses[0];
  const family = isIP(address);
  const maxBodyBytes = init.maxBodyBytes ?? 64 * 1024;
  const pinnedLookup = (_host: string, options: { all?: boolean }, cb: (...args: any[]) => void) => {
    if (options?.all) cb(null, [{ address, family }]);
    else cb(null, address, family);
  };
  const send = target.url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise<PinnedResponse>((resolve, reject) => {
    const body = Buffer.from(init.body, 'utf8');
    const req = send(target.url, { method: 'POST', headers: { ...init.headers, 'content-length': String(body.length) }, lookup: pinnedLookup as any, agent: false });
    const timer = setTimeout(() => req.destroy(new OutboundTimeout(`no answer within ${init.timeoutMs / 1000} s`)), init.timeoutMs);
    req.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    req.on('response', (res: IncomingMessage) => {
      const chunks: Buffer[] = [];
      let size = 0;
      const done = () => {
        clearTimeout(timer);
        resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') });
      };
      res.on('data', (c: Buffer) => {
        if (size >= maxBodyBytes) return;
        chunks.push(c.subarray(0, maxBodyBytes - size));
        size += c.length;
        // Enough to judge the answer; stop reading a robot that talks too much.
        if (size >= maxBodyBytes) {
          res.destroy();
          done();
        }
      });
      res.on('end', done);
      res.on('error', (err) => {
        clearTimeout(timer);
        reject(err);
      });
    });
    req.end(body);
  });
}

/**
 * The deployment's policy from its configuration.
 * @example outboundPolicy({ webhookAllowPrivate: false, webhookAllowHosts: ['relay.intranet'] })
 */
export function outboundPolicy(config: { webhookAllowPrivate: boolean; webhookAllowHosts: readonly string[] }): OutboundPolicy {
  return { allowPrivate: config.webhookAllowPrivate, allowHosts: config.webhookAllowHosts.map((h) => h.trim().toLowerCase().replace(/^\[(.*)\]$/, '$1').replace(/\.$/, '')).filter(Boolean) };
}
