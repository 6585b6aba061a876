import { whitelistDomains } from '../../scripts/lib/domains'

const config = {
  serverUrl: 'https://api.shop.example/v1',
  zegoServer: 'wss://wssliveroom-api.zego.im/ws',
  zegoLogUrl: 'https://weblogger-wss.zego.im/httplog',
}

describe('domain whitelist', () => {
  it('lists the server, ZEGO signalling without /ws, the log origin and the SDK 3.x domains', () => {
    const lists = whitelistDomains(config, '3.6.0')
    expect(lists.request).toEqual(['https://api.shop.example', 'https://weblogger-wss.zego.im', 'https://weblogger-wss.coolfcloud.com'])
    expect(lists.socket).toEqual([
      'wss://wssliveroom-api.zego.im',
      'wss://accesshub-wss.zego.im',
      'wss://accesshub-wss.coolzcloud.com',
      'wss://accesshub-wss.zegocloud.com',
    ])
    expect(lists.downloadFile).toEqual(['https://api.shop.example'])
  })

  it('leaves out domains an older SDK does not use', () => {
    const lists = whitelistDomains(config, '2.15.0')
    expect(lists.socket).toEqual(['wss://wssliveroom-api.zego.im'])
    expect(lists.request).not.toContain('https://weblogger-wss.coolfcloud.com')
  })

  it('adds the replay storage download origin when recording is configured, and only over https', () => {
    expect(whitelistDomains({ ...config, replayDownloadOrigin: 'https://replays.shop.example/replays/' }, '3.6.0').downloadFile).toEqual(['https://api.shop.example', 'https://replays.shop.example'])
    expect(whitelistDomains({ ...config, replayDownloadOrigin: '' }, '3.6.0').downloadFile).toEqual(['https://api.shop.example'])
    expect(() => whitelistDomains({ ...config, replayDownloadOrigin: 'http://replays.shop.example' }, '3.6.0')).toThrow(/replayDownloadOrigin must use https/)
  })

  it('refuses a plain-http server, which WeChat will not call', () => {
    expect(() => whitelistDomains({ ...config, serverUrl: 'http://api.shop.example' }, '3.6.0')).toThrow(/serverUrl must use https/)
  })

  it('adds the object storage that uploaded images are read from to the download domains, https only', () => {
    const lists = whitelistDomains(config, '3.6.0', { storagePublicBaseUrl: 'https://img.shop.example/uploads' })
    expect(lists.downloadFile).toEqual(['https://api.shop.example', 'https://img.shop.example'])
    expect(whitelistDomains(config, '3.6.0', { storagePublicBaseUrl: 'https://api.shop.example/files' }).downloadFile).toEqual(['https://api.shop.example'])
    expect(() => whitelistDomains(config, '3.6.0', { storagePublicBaseUrl: 'http://img.shop.example' })).toThrow(/S3_PUBLIC_BASE_URL must use https/)
  })
})
