/**
 * The server domains to whitelist in the WeChat MP console (开发管理 → 开发设置 → 服务器域名),
 * derived from the mini-program's public configuration and the ZEGO SDK version it ships.
 */
export interface DomainConfig {
  serverUrl: string
  zegoServer: string
  zegoLogUrl: string
  /**
   * Where replay files are downloaded from (the server's ZEGO_RECORD_DOWNLOAD_ORIGIN), when cloud
   * recording is on. Whether WeChat checks `<video>` sources is not documented; listing the domain
   * as a downloadFile domain costs nothing and covers it if it does.
   */
  replayDownloadOrigin?: string
}

export interface DomainLists {
  request: string[]
  socket: string[]
  uploadFile: string[]
  downloadFile: string[]
}

/** SDK 3.0 moved room signalling behind ZEGO's access hub; these socket domains are needed from then on. */
const ZEGO_ACCESS_HUB_SOCKETS = ['wss://accesshub-wss.zego.im', 'wss://accesshub-wss.coolzcloud.com', 'wss://accesshub-wss.zegocloud.com']
/** SDK 3.6 reports logs to this request domain besides the console's LogUrl. */
const ZEGO_WEBLOGGER_REQUEST = 'https://weblogger-wss.coolfcloud.com'

function origin(url: string, field: string, scheme: 'https:' | 'wss:'): string {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    throw new Error(`${field} is not a URL: ${url}`)
  }
  if (parsed.protocol !== scheme) throw new Error(`${field} must use ${scheme.slice(0, -1)}: ${url} (WeChat accepts only ${scheme} here)`)
  return parsed.origin
}

function atLeast(version: string, major: number, minor: number): boolean {
  const [a, b] = version.split('.').map((n) => Number.parseInt(n, 10))
  return a > major || (a === major && b >= minor)
}

export interface DomainOptions {
  /**
   * Where uploaded goods and cover images are read from when they live in object storage
   * (S3_PUBLIC_BASE_URL, or the bucket's own URL): the mini-program downloads images from there.
   */
  storagePublicBaseUrl?: string
}

export function whitelistDomains(config: DomainConfig, zegoSdkVersion: string, options: DomainOptions = {}): DomainLists {
  const server = origin(config.serverUrl, 'serverUrl', 'https:')
  const request = [server, origin(config.zegoLogUrl, 'zegoLogUrl', 'https:')]
  const socket = [origin(config.zegoServer, 'zegoServer', 'wss:')]
  if (atLeast(zegoSdkVersion, 3, 0)) socket.push(...ZEGO_ACCESS_HUB_SOCKETS)
  if (atLeast(zegoSdkVersion, 3, 6)) request.push(ZEGO_WEBLOGGER_REQUEST)
  const unique = (list: string[]) => [...new Set(list)]
  const downloadFile = [server]
  if (config.replayDownloadOrigin !== undefined && config.replayDownloadOrigin !== '') downloadFile.push(origin(config.replayDownloadOrigin, 'replayDownloadOrigin', 'https:'))
  if (options.storagePublicBaseUrl !== undefined) downloadFile.push(origin(options.storagePublicBaseUrl, 'S3_PUBLIC_BASE_URL', 'https:'))
  return { request: unique(request), socket: unique(socket), uploadFile: [server], downloadFile: unique(downloadFile) }
}
