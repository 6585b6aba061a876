/**
 * Which peers may tell us the client's address in X-Forwarded-For. Rate limits per client IP are
 * only as good as this: trusting every peer lets any client name a fresh IP on each request.
 * TRUST_PROXY is unset (trust no one: the socket peer is the client), a hop count (`1` = the one
 * proxy in front of us, whatever its address), or the proxies' addresses and CIDRs, comma-separated
 * (`127.0.0.1,10.0.0.0/8`; `loopback`, `linklocal` and `uniquelocal` name those ranges).
 */
import net from 'node:net'

export type TrustProxy = false | number | string[]

const NAMED_RANGES = new Set(['loopback', 'linklocal', 'uniquelocal'])

function addressProblem(entry: string): string | null {
  if (NAMED_RANGES.has(entry)) return null
  const [address, bits, ...rest] = entry.split('/')
  if (rest.length > 0 || address === undefined) return `"${entry}" is not an address or CIDR`
  const family = net.isIP(address)
  if (family === 0) return `"${entry}" is not an IPv4 or IPv6 address`
  if (bits === undefined) return null
  const max = family === 4 ? 32 : 128
  if (!/^\d{1,3}$/.test(bits) || Number(bits) > max) return `"${entry}" has a prefix length outside 0–${max}`
  return null
}

/** Parses TRUST_PROXY; problems are pushed in the configuration's own words. */
export function parseTrustProxy(raw: string | undefined, problems: string[]): TrustProxy {
  if (raw === undefined) return false
  if (/^\d+$/.test(raw)) {
    const hops = Number(raw)
    if (hops < 1 || hops > 10) problems.push(`TRUST_PROXY as a hop count must be from 1 to 10, got "${raw}"`)
    return hops
  }
  const entries = raw.split(',').map((e) => e.trim()).filter(Boolean)
  const bad = entries.map(addressProblem).filter((p): p is string => p !== null)
  if (entries.length === 0 || bad.length > 0) {
    problems.push(`TRUST_PROXY must be a hop count or the proxies' addresses/CIDRs, comma-separated: ${bad.join('; ') || 'empty'}`)
  }
  return entries
}
