import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { DEMO_SHOPPER_LOGIN_CODE, ensureLocalConfig, localConfigFromEnv, localConfigHasDevLogin } from '../../scripts/lib/local-config'

function project(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'local-config-'))
  fs.mkdirSync(path.join(dir, 'miniprogram'))
  return dir
}

describe('the developer’s local mini-program settings (miniprogram/config-local.ts)', () => {
  it('are read from MP_* variables, each checked and named when malformed', () => {
    expect(localConfigFromEnv({})).toBeNull()
    expect(localConfigFromEnv({ MP_SERVER_URL: 'http://192.168.1.5:3000/', MP_ZEGO_APP_ID: '1739272706', MP_ZEGO_SERVER: 'wss://wss.example/ws' })).toEqual({
      serverUrl: 'http://192.168.1.5:3000',
      zegoAppId: 1739272706,
      zegoServer: 'wss://wss.example/ws',
    })
    expect(() => localConfigFromEnv({ MP_ZEGO_APP_ID: '0x10' })).toThrow(/MP_ZEGO_APP_ID must be the ZEGO AppID/)
    expect(() => localConfigFromEnv({ MP_SERVER_URL: 'ftp://x' })).toThrow(/MP_SERVER_URL must be a http\(s\) URL/)
  })

  it('are created empty when missing, kept when no variable is set, rewritten when one is', () => {
    const dir = project()
    const file = ensureLocalConfig(dir, {})
    expect(fs.readFileSync(file, 'utf8')).toContain('export const localConfig: LocalConfig = {}')
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('{}', '{"serverUrl":"http://10.0.0.2:3000"}'))
    ensureLocalConfig(dir, {})
    expect(fs.readFileSync(file, 'utf8')).toContain('http://10.0.0.2:3000')
    ensureLocalConfig(dir, { MP_SERVER_URL: 'https://dev.example.com' })
    expect(fs.readFileSync(file, 'utf8')).toContain('"serverUrl": "https://dev.example.com"')
  })

  it('hold a dev sign-in code only when npm start writes one, never from the environment', () => {
    const dir = project()
    ensureLocalConfig(dir, {}, { serverUrl: 'http://10.0.0.2:3000', devLoginCode: DEMO_SHOPPER_LOGIN_CODE })
    expect(fs.readFileSync(path.join(dir, 'miniprogram', 'config-local.ts'), 'utf8')).toContain('"devLoginCode": "dev:demo-shopper"')
    expect(localConfigHasDevLogin(dir)).toBe(true)
    expect(localConfigFromEnv({ MP_DEV_LOGIN_CODE: 'dev:x', MP_SERVER_URL: 'https://dev.example.com' })).toEqual({ serverUrl: 'https://dev.example.com' })
    ensureLocalConfig(dir, { MP_SERVER_URL: 'https://dev.example.com' })
    expect(localConfigHasDevLogin(dir)).toBe(false)
    expect(localConfigHasDevLogin(project())).toBe(false)
  })

  it('is ignored by git, so DevTools needs no edit of a tracked file', () => {
    const ignored = fs.readFileSync(path.resolve(__dirname, '../../.gitignore'), 'utf8').split('\n')
    expect(ignored).toContain('/miniprogram/config-local.ts')
  })
})
