import crypto from 'node:crypto'
import fs from 'node:fs'

export const KEY_HELP =
  'download the code-upload key from 微信公众平台 → 管理 → 开发管理 → 开发设置 → 小程序代码上传 and set MP_PRIVATE_KEY to its content (a CI secret) or MP_PRIVATE_KEY_PATH to the file'

const PEM_PRIVATE_KEY = /^-----BEGIN ((?:RSA |EC )?PRIVATE KEY)-----\n[A-Za-z0-9+/=\n]+\n-----END \1-----\n?$/

export interface LoadedKey {
  /** Key content, handed to miniprogram-ci's Project as `privateKey`; never printed. */
  content: string
  /** Where it came from, for messages: `MP_PRIVATE_KEY` or `MP_PRIVATE_KEY_PATH=<path>`. */
  source: string
}

export type KeyResult = { key: LoadedKey; problem?: undefined } | { key?: undefined; problem: string }

/**
 * Secrets pasted into CI settings often arrive with CRLF line ends or with the newlines written as
 * the two characters `\n`; both are the same key, so normalise before checking.
 */
function normalise(text: string): string {
  let out = text.replace(/\r\n?/g, '\n').trim()
  if (!out.includes('\n') && out.includes('\\n')) out = out.replace(/\\n/g, '\n')
  return `${out}\n`
}

function check(content: string, source: string): KeyResult {
  const pem = normalise(content)
  if (!PEM_PRIVATE_KEY.test(pem)) {
    return {
      problem: `${source} does not look like a PEM private key: it must be the whole .key file, from "-----BEGIN RSA PRIVATE KEY-----" to "-----END RSA PRIVATE KEY-----" with its line breaks; ${KEY_HELP}`,
    }
  }
  try {
    crypto.createPrivateKey(pem)
  } catch (err) {
    return { problem: `${source} has PEM markers but is not a readable private key (${(err as Error).message}); ${KEY_HELP}` }
  }
  return { key: { content: pem, source } }
}

/** Reads the upload key from MP_PRIVATE_KEY or MP_PRIVATE_KEY_PATH; a problem names what to set. */
export function loadPrivateKey(env: NodeJS.ProcessEnv): KeyResult {
  const content = env.MP_PRIVATE_KEY?.trim() ? env.MP_PRIVATE_KEY : undefined
  const keyPath = env.MP_PRIVATE_KEY_PATH?.trim() || undefined
  if (content && keyPath) {
    return { problem: 'both MP_PRIVATE_KEY and MP_PRIVATE_KEY_PATH are set: set only one, so it is clear which key signs' }
  }
  if (content) return check(content, 'MP_PRIVATE_KEY')
  if (keyPath) {
    let text: string
    try {
      text = fs.readFileSync(keyPath, 'utf8')
    } catch {
      return { problem: `MP_PRIVATE_KEY_PATH=${keyPath}: no such readable file; ${KEY_HELP}` }
    }
    return check(text, `MP_PRIVATE_KEY_PATH=${keyPath}`)
  }
  return { problem: `no upload key: ${KEY_HELP}` }
}
