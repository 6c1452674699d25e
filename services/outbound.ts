import dns from 'node:dns/promises';
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';

/**
 * Requests the product makes to addresses people typed in (webhooks, group robots: docs/NOTIFICATIONS.md "Outbound
 * addresses"). A URL whose host resolves to loopback, a private network, link-local (the cloud metadata services at
 * 169.254.169.254 and Alibaba's 100.100.100.200 included) or any other non-public range is refused, when it is saved
 * and again at each send: the name is resolved, checked and the connection made to the checked address, so a DNS
 * answer that changes between the check and the connect cannot lead inside. `OUTBOUND_ALLOWED_HOSTS` (comma-separated
 * `host` or `host:port`) lets a deployment reach its own bridges, and the test suite its local fakes.
 */
export class OutboundForbidden extends Error {
  constructor(readonly host: string) {
    super(`outbound address forbidden: ${host}`);
  }
}

export function allowedHosts(env: NodeJS.ProcessEnv = process.env): Set<string> {
  return new Set(
    (env.OUTBOUND_ALLOWED_HOSTS ?? '')
      .split(',')
      .map((h) => h.trim().toLowerCase())
      .filter(Boolean),
  );
}

/** Only ordinary public unicast addresses: every special range ipaddr.js knows (IPv4-mapped IPv6 as its IPv4) is out. */
export function isPublicAddress(ip: string): boolean {
  if (!ipaddr.isValid(ip)) return false;
  return ipaddr.process(ip).range() === 'unicast';
}

const defaultPort = (u: URL) => u.port || (u.protocol === 'https:' ? '443' : '80');
const bareHost = (u: URL) => u.hostname.replace(/^\[|\]$/g, '').toLowerCase();

function isAllowedHost(u: URL, allowed: Set<string>): boolean {
  const host = bareHost(u);
  return allowed.has(host) || allowed.has(`${host}:${defaultPort(u)}`) || allowed.has(`${u.host.toLowerCase()}`);
}

export interface CheckedAddress {
  address: string;
  family: 4 | 6;
}

/** Resolves the URL's host and checks every address it has; throws OutboundForbidden for an internal one. */
export async function checkOutboundUrl(raw: string, env: NodeJS.ProcessEnv = process.env): Promise<CheckedAddress> {
  const u = new URL(raw);
  const host = bareHost(u);
  const addresses = ipaddr.isValid(host)
    ? [{ address: host, family: ipaddr.parse(host).kind() === 'ipv6' ? 6 : 4 }]
    : await dns.lookup(host, { all: true, verbatim: true });
  if (addresses.length === 0) throw new OutboundForbidden(host);
  if (!isAllowedHost(u, allowedHosts(env)) && addresses.some((a) => !isPublicAddress(a.address)))
    throw new OutboundForbidden(host);
  return { address: addresses[0].address, family: addresses[0].family === 6 ? 6 : 4 };
}

/** Whether a URL may be saved: false when it leads inside (a name that does not resolve is a fault of its own). */
export async function outboundUrlAllowed(raw: string, env: NodeJS.ProcessEnv = process.env): Promise<boolean> {
  try {
    await checkOutboundUrl(raw, env);
    return true;
  } catch (err) {
    if (err instanceof OutboundForbidden) return false;
    return true; // not resolvable now: checked again at send time
  }
}

export interface OutboundAnswer {
  status: number;
  text: string;
}

/**
 * POSTs to a checked address: the connection goes to the address just checked, whatever DNS says a moment later (TLS
 * still verifies the certificate for the URL's host). Redirects are not followed. The answer's body is read up to
 * 64 KB (robots answer a small JSON with their errcode).
 */
export async function postOutbound(o: {
  url: string;
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
  env?: NodeJS.ProcessEnv;
}): Promise<OutboundAnswer> {
  const target = await checkOutboundUrl(o.url, o.env);
  const u = new URL(o.url);
  const lookup: LookupFunction = (_host, opts, cb) => {
    if ((opts as { all?: boolean }).all) (cb as never as (e: null, a: CheckedAddress[]) => void)(null, [target]);
    else cb(null, target.address, target.family);
  };
  const send = u.protocol === 'https:' ? https.request : http.request;
  return new Promise<OutboundAnswer>((resolve, reject) => {
    const req = send(
      u,
      {
        method: 'POST',
        lookup,
        timeout: o.timeoutMs,
        headers: { ...o.headers, 'content-length': String(Buffer.byteLength(o.body)) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (c: Buffer) => {
          size += c.length;
          if (size <= 65_536) chunks.push(c);
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    const timer = setTimeout(
      () => req.destroy(Object.assign(new Error('timeout'), { name: 'TimeoutError' })),
      o.timeoutMs,
    );
    req.on('close', () => clearTimeout(timer));
    req.on('timeout', () => req.destroy(Object.assign(new Error('timeout'), { name: 'TimeoutError' })));
    req.on('error', reject);
    req.end(o.body);
  });
}
