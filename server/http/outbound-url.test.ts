import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { type HostResolver, isPublicAddress, OutboundUrlRefused, outboundPolicy, postPinned, PUBLIC_ONLY, vetOutboundUrl } from './outbound-url.js';

/** A resolver from a fixed table: no network in tests. Unknown names fail as DNS would. */
const table =
  (entries: Record<string, string[]>): HostResolver =>
  async (host) => {
    if (entries[host]) return entries[host];
    throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
  };

const refusal = async (url: string, resolve: HostResolver = table({}), policy = PUBLIC_ONLY) => {
  try {
    await vetOutboundUrl(url, policy, resolve);
  } catch (err) {
    if (err instanceof OutboundUrlRefused) return err.message;
    throw err;
  }
  return null;
};

describe('isPublicAddress', () => {
  it.each([
    '127.0.0.1', '127.255.0.9', '10.0.0.5', '172.16.0.1', '172.31.255.255', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '0.1.2.3',
    '224.0.0.1', '239.255.255.250', '255.255.255.255', '240.0.0.1', '192.0.2.10', '198.18.0.1', '203.0.113.7',
    '::', '::1', 'fc00::1', 'fd12:3456::1', 'fe80::1', 'fec0::1', 'ff02::1', '::ffff:127.0.0.1', '::ffff:7f00:1', '::ffff:169.254.169.254', '::ffff:10.0.0.5',
    '64:ff9b::a00:5', '::127.0.0.1', '2001:db8::1', '2002:7f00:1::1', '2001::1', '100::1', 'not-an-ip',
  ])('%s is not public', (ip) => {
    expect(isPublicAddress(ip)).toBe(false);
  });

  it.each(['8.8.8.8', '1.1.1.1', '101.91.22.57', '172.32.0.1', '192.169.0.1', '100.128.0.1', '2400:da00::6666', '2001:4860:4860::8888', '::ffff:8.8.8.8', '64:ff9b::808:808'])('%s is public', (ip) => {
    expect(isPublicAddress(ip)).toBe(true);
  });
});

describe('vetOutboundUrl', () => {
  it('refuses addresses that are not http(s), carry credentials or point inside the network', async () => {
    expect(await refusal('ftp://files.example.com/x')).toBe('only http:// and https:// addresses can receive notices');
    expect(await refusal('file:///etc/passwd')).toBe('only http:// and https:// addresses can receive notices');
    expect(await refusal('http://user:pass@hooks.example.com/x')).toBe('the address must not contain a user name or password');
    expect(await refusal('http://127.0.0.1:8080/hook')).toBe('"127.0.0.1" is a private, loopback, link-local or reserved address');
    expect(await refusal('http://10.0.0.5/hook')).toBe('"10.0.0.5" is a private, loopback, link-local or reserved address');
    expect(await refusal('http://[::1]:3000/')).toBe('"::1" is a private, loopback, link-local or reserved address');
    expect(await refusal('http://169.254.169.254/latest/meta-data/')).toContain('"169.254.169.254" is a private');
    expect(await refusal('http://[::ffff:127.0.0.1]/')).toContain('is a private');
    expect(await refusal('http://[fd00::1]/')).toContain('is a private');
    expect(await refusal('http://[fe80::1]/')).toContain('is a private');
    expect(await refusal('http://0.0.0.0:3000/')).toContain('is a private');
    // Other spellings of 127.0.0.1 that the URL parser normalises.
    expect(await refusal('http://2130706433/')).toContain('"127.0.0.1" is a private');
    expect(await refusal('http://0x7f.1/')).toContain('"127.0.0.1" is a private');
    expect(await refusal('http://localhost:3000/')).toBe('"localhost" is a private, loopback, link-local or reserved address');
    expect(await refusal('http://LOCALHOST./')).toContain('"localhost" is a private');
    expect(await refusal('http://api.localhost/')).toContain('is a private');
  });

  it('refuses a name when any of its addresses is internal', async () => {
    const resolve = table({ 'intranet.example.com': ['10.1.2.3'], 'mixed.example.com': ['93.184.215.14', '192.168.0.8'], 'v6.example.com': ['fd00::8'] });
    expect(await refusal('https://intranet.example.com/hook', resolve)).toBe('"intranet.example.com" resolves to 10.1.2.3, a private, loopback, link-local or reserved address');
    expect(await refusal('https://mixed.example.com/hook', resolve)).toContain('resolves to 192.168.0.8');
    expect(await refusal('https://v6.example.com/hook', resolve)).toContain('resolves to fd00::8');
  });

  it('accepts a public name with the addresses it resolved to, and passes resolver failures through', async () => {
    const resolve = table({ 'qyapi.weixin.qq.com': ['101.91.22.57', '2400:da00::6666'] });
    const vetted = await vetOutboundUrl('https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abc', PUBLIC_ONLY, resolve);
    expect(vetted).toMatchObject({ host: 'qyapi.weixin.qq.com', addresses: ['101.91.22.57', '2400:da00::6666'] });
    expect((await vetOutboundUrl('http://8.8.8.8/x', PUBLIC_ONLY, resolve)).addresses).toEqual(['8.8.8.8']);
    await expect(vetOutboundUrl('https://nowhere.example/x', PUBLIC_ONLY, resolve)).rejects.toMatchObject({ code: 'ENOTFOUND' });
  });

  it('lets the deployment allow private addresses, everywhere or for listed hosts', async () => {
    const resolve = table({ 'relay.intranet': ['10.8.0.2'], 'other.intranet': ['10.8.0.3'], localhost: ['127.0.0.1'] });
    const hosts = outboundPolicy({ webhookAllowPrivate: false, webhookAllowHosts: [' Relay.Intranet ', '[::1]', '127.0.0.1'] });
    expect(hosts.allowHosts).toEqual(['relay.intranet', '::1', '127.0.0.1']);
    expect(await refusal('http://relay.intranet/push', resolve, hosts)).toBeNull();
    expect(await refusal('http://[::1]:9000/push', resolve, hosts)).toBeNull();
    expect(await refusal('http://127.0.0.1:9000/push', resolve, hosts)).toBeNull();
    expect(await refusal('http://other.intranet/push', resolve, hosts)).toContain('resolves to 10.8.0.3');
    expect(await refusal('http://10.0.0.5/push', resolve, hosts)).toContain('is a private');
    const any = outboundPolicy({ webhookAllowPrivate: true, webhookAllowHosts: [] });
    expect(await refusal('http://other.intranet/push', resolve, any)).toBeNull();
    expect(await refusal('http://localhost:8080/push', resolve, any)).toBeNull();
    // Allowing private addresses does not allow other schemes or credentials.
    expect(await refusal('ftp://relay.intranet/x', resolve, any)).toContain('only http://');
    expect(await refusal('http://a:b@relay.intranet/x', resolve, any)).toContain('user name or password');
  });
});

describe('postPinned', () => {
  it('connects to the vetted address while sending the name in the Host header', async () => {
    let got: { headers: IncomingHttpHeaders; body: string } | undefined;
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        got = { headers: req.headers, body };
        res.writeHead(201).end('ok');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const port = (server.address() as AddressInfo).port;
      // "robot.invalid" cannot resolve anywhere: the request reaches the server only through the pinned address.
      const vetted = await vetOutboundUrl(`http://robot.invalid:${port}/hook?key=1`, { allowPrivate: false, allowHosts: ['robot.invalid'] }, table({ 'robot.invalid': ['127.0.0.1'] }));
      const res = await postPinned(vetted, { headers: { 'content-type': 'application/json' }, body: '{"a":"通知"}', timeoutMs: 5000 });
      expect(res).toEqual({ status: 201, text: 'ok' });
      expect(got?.headers.host).toBe(`robot.invalid:${port}`);
      expect(got?.body).toBe('{"a":"通知"}');
    } finally {
      await new Promise((r) => server.close(r));
    }
  });

  it('gives up after the timeout', async () => {
    const server = createServer(() => {});
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const port = (server.address() as AddressInfo).port;
      const vetted = await vetOutboundUrl(`http://127.0.0.1:${port}/slow`, { allowPrivate: true, allowHosts: [] });
      await expect(postPinned(vetted, { headers: {}, body: '{}', timeoutMs: 200 })).rejects.toMatchObject({ name: 'TimeoutError' });
    } finally {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });
});
