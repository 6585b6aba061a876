/** npm run domains: prints the server domains to whitelist in the WeChat MP console. */
import fs from 'node:fs'
import path from 'node:path'
import { config } from '../miniprogram/config'
import { defaultPublicBase } from '../server/src/storage/storage-config'
import { whitelistDomains } from './lib/domains'

const liveNpm = JSON.parse(fs.readFileSync(path.join(__dirname, '../live-npm/package.json'), 'utf8')) as {
  dependencies: Record<string, string>
}
const sdkVersion = liveNpm.dependencies['zego-express-engine-miniprogram']
// Images uploaded to object storage are read from its public URL, as the server is configured.
const env = process.env
const storagePublicBaseUrl =
  env.S3_BUCKET === undefined || env.S3_BUCKET === ''
    ? undefined
    : env.S3_PUBLIC_BASE_URL || (env.S3_ENDPOINT ? defaultPublicBase(env.S3_ENDPOINT.replace(/\/+$/, ''), env.S3_BUCKET, env.S3_FORCE_PATH_STYLE === 'true') : undefined)
// The replay storage's origin is the server's setting too; run with the server's environment to include both.
const lists = whitelistDomains({ ...config, replayDownloadOrigin: env.ZEGO_RECORD_DOWNLOAD_ORIGIN }, sdkVersion, { storagePublicBaseUrl })

console.log(`Server domains for the WeChat MP console (开发管理 → 开发设置 → 服务器域名), ZEGO SDK ${sdkVersion}:`)
console.log(`request 合法域名:      ${lists.request.join(';')}`)
console.log(`socket 合法域名:       ${lists.socket.join(';')}`)
console.log(`uploadFile 合法域名:   ${lists.uploadFile.join(';')}`)
console.log(`downloadFile 合法域名: ${lists.downloadFile.join(';')}`)
if (storagePublicBaseUrl !== undefined) console.log(`(downloadFile includes the object storage the uploaded images are read from: ${storagePublicBaseUrl})`)
