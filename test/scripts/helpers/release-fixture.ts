import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

export const APPID = 'wx0123456789abcdef'

/** A throwaway RSA key in the PEM form WeChat's .key download has. */
export function makePrivateKey(): string {
  const { privateKey } = crypto.generateKeyPairSync('rsa', {
    modulusLength: 2048,
    privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  })
  return privateKey
}

/** A minimal project folder with the three files the release config reads. */
export function makeProject(options: { appid?: string; version?: string } = {}): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'release-'))
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'fixture', version: options.version ?? '1.4.2' }))
  fs.writeFileSync(
    path.join(dir, 'project.config.json'),
    JSON.stringify({ appid: options.appid ?? APPID, miniprogramRoot: 'miniprogram/' }),
  )
  fs.mkdirSync(path.join(dir, 'miniprogram'))
  fs.writeFileSync(
    path.join(dir, 'miniprogram', 'app.json'),
    JSON.stringify({
      pages: ['pages/rooms/index', 'pages/goods/index'],
      subpackages: [{ root: 'live', pages: ['viewer/index', 'anchor/index'] }],
    }),
  )
  return dir
}

export const fixedCommit = () => 'abc1234 Add the live room'
