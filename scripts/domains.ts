/** npm run domains: prints the server domains to whitelist in the WeChat MP console. */
import fs from 'node:fs'
import path from 'node:path'
import { config } from '../miniprogram/config'
import { whitelistDomains } from './lib/domains'

const liveNpm = JSON.parse(fs.readFileSync(path.join(__dirname, '../live-npm/package.json'), 'utf8')) as {
  dependencies: Record<string, string>
}
const sdkVersion = liveNpm.dependencies['zego-express-engine-miniprogram']
// The replay storage's origin is the server's setting; run with the server's environment to include it.
const lists = whitelistDomains({ ...config, replayDownloadOrigin: process.env.ZEGO_RECORD_DOWNLOAD_ORIGIN }, sdkVersion)

console.log(`Server domains for the WeChat MP console (开发管理 → 开发设置 → 服务器域名), ZEGO SDK ${sdkVersion}:`)
console.log(`request 合法域名:      ${lists.request.join(';')}`)
console.log(`socket 合法域名:       ${lists.socket.join(';')}`)
console.log(`uploadFile 合法域名:   ${lists.uploadFile.join(';')}`)
console.log(`downloadFile 合法域名: ${lists.downloadFile.join(';')}`)
