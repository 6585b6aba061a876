import { createDecipheriv } from 'node:crypto'
import { Token04InputError, decodeToken04, generateToken04 } from '../../server/src/zego/token04'
import { hostPayload, viewerPayload } from '../../server/src/zego/privileges'
import { deriveStreamId, roomIdProblem, streamIdProblem } from '../../server/src/zego/identifiers'

const SECRET = 'abcdefghijklmnopqrstuvwxyz012345'
const NOW = 1_795_000_000

/** Deterministic randomness: 0x01 0x02 0x03 … so nonce and int32 are known in advance. */
function countingBytes(): (size: number) => Buffer {
  let next = 1
  return (size) => Buffer.from(Array.from({ length: size }, () => next++ & 0xff))
}

/** Unpacks the GCM layout by hand (independently of decodeToken04) and decrypts it. */
function unpack(token: string): { expire: bigint; nonceLen: number; nonce: Buffer; cipherLen: number; mode: number; total: number; json: string } {
  expect(token.startsWith('04')).toBe(true)
  const buf = Buffer.from(token.slice(2), 'base64')
  const expire = buf.readBigInt64BE(0)
  const nonceLen = buf.readUInt16BE(8)
  const nonce = buf.subarray(10, 10 + nonceLen)
  const cipherLen = buf.readUInt16BE(10 + nonceLen)
  const sealed = buf.subarray(12 + nonceLen, 12 + nonceLen + cipherLen)
  const mode = buf[12 + nonceLen + cipherLen] ?? -1
  const decipher = createDecipheriv('aes-256-gcm', Buffer.from(SECRET), nonce)
  decipher.setAuthTag(sealed.subarray(sealed.length - 16))
  const json = Buffer.concat([decipher.update(sealed.subarray(0, sealed.length - 16)), decipher.final()]).toString('utf8')
  return { expire, nonceLen, nonce: Buffer.from(nonce), cipherLen, mode, total: buf.length, json }
}

describe('generateToken04 (GCM)', () => {
  it('packs expire | 12-byte nonce | ciphertext+tag | mode 1 and encrypts the compact JSON in the reference order', () => {
    const payload = JSON.stringify(viewerPayload('room_1'))
    const { token, expire } = generateToken04(
      { appId: 1234567890, userId: 'u_1', secret: SECRET, effectiveTimeInSeconds: 3600, payload },
      { nowSeconds: NOW, randomBytes: countingBytes() },
    )
    const parts = unpack(token)
    expect(expire).toBe(NOW + 3600)
    expect(parts.expire).toBe(BigInt(NOW + 3600))
    expect(parts.nonceLen).toBe(12)
    // int32 nonce took bytes 1..4, the GCM nonce bytes 5..16.
    expect([...parts.nonce]).toEqual([5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16])
    expect(parts.mode).toBe(1)
    expect(parts.cipherLen).toBe(Buffer.byteLength(parts.json) + 16)
    expect(parts.total).toBe(25 + parts.cipherLen)
    expect(parts.json).toBe(
      `{"app_id":1234567890,"user_id":"u_1","nonce":${0x01020304},"ctime":${NOW},"expire":${NOW + 3600},"payload":${JSON.stringify(payload)}}`,
    )
  })

  it('is a pure function of its inputs, clock and randomness', () => {
    const input = { appId: 1, userId: 'u', secret: SECRET, effectiveTimeInSeconds: 60 }
    const a = generateToken04(input, { nowSeconds: NOW, randomBytes: countingBytes() })
    const b = generateToken04(input, { nowSeconds: NOW, randomBytes: countingBytes() })
    const c = generateToken04(input, { nowSeconds: NOW + 1, randomBytes: countingBytes() })
    expect(a.token).toBe(b.token)
    expect(c.token).not.toBe(a.token)
  })

  it('uses the 32 secret characters as the AES-256 key: another secret cannot decrypt it', () => {
    const { token } = generateToken04({ appId: 1, userId: 'u', secret: SECRET, effectiveTimeInSeconds: 60 }, { nowSeconds: NOW, randomBytes: countingBytes() })
    expect(decodeToken04(token, SECRET).plaintext.user_id).toBe('u')
    expect(() => decodeToken04(token, 'X'.repeat(32))).toThrow()
  })

  it('encodes a negative int32 nonce as the reference does (full int32 range)', () => {
    const { token } = generateToken04(
      { appId: 1, userId: 'u', secret: SECRET, effectiveTimeInSeconds: 60 },
      { nowSeconds: NOW, randomBytes: (n) => Buffer.alloc(n, 0xff) },
    )
    expect(decodeToken04(token, SECRET).plaintext.nonce).toBe(-1)
  })

  it.each([
    [{ userId: 'x'.repeat(65) }, 'userId'],
    [{ userId: '用'.repeat(22) }, 'userId'], // 66 bytes in UTF-8
    [{ userId: '' }, 'userId'],
    [{ secret: 'short' }, 'secret'],
    [{ appId: 0 }, 'appId'],
    [{ effectiveTimeInSeconds: 0 }, 'effectiveTimeInSeconds'],
  ])('rejects %p naming %s', (override, field) => {
    const input = { appId: 1, userId: 'u', secret: SECRET, effectiveTimeInSeconds: 60, ...override }
    try {
      generateToken04(input, { nowSeconds: NOW, randomBytes: countingBytes() })
      throw new Error('expected a Token04InputError')
    } catch (err) {
      expect(err).toBeInstanceOf(Token04InputError)
      expect((err as Token04InputError).field).toBe(field)
    }
  })

  it('accepts a user ID of exactly 64 bytes', () => {
    const { token } = generateToken04({ appId: 1, userId: 'x'.repeat(64), secret: SECRET, effectiveTimeInSeconds: 60 }, { nowSeconds: NOW, randomBytes: countingBytes() })
    expect(decodeToken04(token, SECRET).plaintext.user_id).toHaveLength(64)
  })
})

describe('privileges and identifiers', () => {
  it('gives viewers login only and hosts publish on their listed streams', () => {
    expect(JSON.stringify(viewerPayload('r'))).toBe('{"room_id":"r","privilege":{"1":1,"2":0},"stream_id_list":[]}')
    expect(JSON.stringify(hostPayload('r', ['s']))).toBe('{"room_id":"r","privilege":{"1":1,"2":1},"stream_id_list":["s"]}')
  })

  it('enforces room ID < 128 bytes and stream ID ≤ 256 of [A-Za-z0-9_-]', () => {
    expect(roomIdProblem('a'.repeat(127))).toBeNull()
    expect(roomIdProblem('a'.repeat(128))).toMatch(/128/)
    expect(streamIdProblem('a'.repeat(256))).toBeNull()
    expect(streamIdProblem('a'.repeat(257))).toMatch(/256/)
    expect(streamIdProblem('a b')).toMatch(/A-Z/)
  })

  it('derives a sanitised stream ID from room and anchor', () => {
    expect(deriveStreamId('room_1', 'u_2')).toBe('room_1_u_2_main')
    expect(deriveStreamId('room 1', 'u.2')).toBe('room-1_u-2_main')
    expect(streamIdProblem(deriveStreamId('r'.repeat(200), 'u'.repeat(100)))).toBeNull()
  })
})
