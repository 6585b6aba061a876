/** Session and share tokens share one signed format, and neither is ever taken for the other. */
import { issueSessionToken, verifySessionToken, SESSION_TTL_SECONDS } from '../../server/src/auth/session-token'
import { issueShareToken, verifyShareToken } from '../../server/src/shares/share-token'

const SECRET = 'signed-token-test-secret-0123456789'
const NOW = 1_800_000_000

describe('signed tokens', () => {
  it('reads back what it signed, and nothing once expired', () => {
    const session = issueSessionToken(SECRET, 'u_1', NOW)
    expect(verifySessionToken(SECRET, session, NOW + 60)).toBe('u_1')
    expect(verifySessionToken(SECRET, session, NOW + SESSION_TTL_SECONDS)).toBeNull()
    const share = issueShareToken(SECRET, { u: 'u_2', r: 'room_1', iat: NOW })
    expect(verifyShareToken(SECRET, share, NOW + 60)).toEqual({ u: 'u_2', r: 'room_1', iat: NOW })
  })

  it('refuses a token of the other kind, even re-labelled with its version', () => {
    const session = issueSessionToken(SECRET, 'u_1', NOW)
    const share = issueShareToken(SECRET, { u: 'u_1', iat: NOW })
    expect(verifyShareToken(SECRET, session, NOW)).toBeNull()
    expect(verifySessionToken(SECRET, share, NOW)).toBeNull()
    // Same payload bytes and signature under the other prefix: the signing context differs.
    expect(verifyShareToken(SECRET, session.replace(/^v1\./, 's1.'), NOW)).toBeNull()
    expect(verifySessionToken(SECRET, share.replace(/^s1\./, 'v1.'), NOW)).toBeNull()
  })

  it('refuses an edited payload, another secret, and text that is not a token', () => {
    const session = issueSessionToken(SECRET, 'u_1', NOW)
    const [version, , signature] = session.split('.')
    const forged = `${version}.${Buffer.from(JSON.stringify({ sub: 'u_admin', exp: NOW + 3600 })).toString('base64url')}.${signature}`
    expect(verifySessionToken(SECRET, forged, NOW)).toBeNull()
    expect(verifySessionToken('another-secret-0123456789abcdef', session, NOW)).toBeNull()
    for (const junk of ['', 'v1', 'v1..', 'v1.e30.', `v1.${Buffer.from('null').toString('base64url')}.x`, '\uD800.\uDFFF.x']) {
      expect({ junk, user: verifySessionToken(SECRET, junk, NOW) }).toEqual({ junk, user: null })
    }
  })
})
