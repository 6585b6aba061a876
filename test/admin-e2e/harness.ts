/**
 * What the console's browser tests run against: the console built by vite into admin/dist, the
 * real server as its own process (tsx, SQLite in a tmp dir, demo data, 127.0.0.1, port 0, so
 * @fastify/static serves /admin as in production), the ZEGO server API fake for live comments,
 * and Debian's chromium driven by playwright-core.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { chromium, type BrowserContext } from 'playwright-core'
import { FakeZegoServerApi } from '../fakes/zego-server-api'
import { baseEnv, TEST_ZEGO_APP_ID, TEST_ZEGO_SECRET } from '../server/support/test-server'

export const ROOT = path.resolve(__dirname, '../..')
export const SCREENSHOT_DIR = path.join(ROOT, 'dist/admin-screenshots')
export const CHROMIUM = '/usr/bin/chromium'

function exitOf(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => resolve(code))
    child.once('error', reject)
  })
}

/** vite build of admin/ into admin/dist (what npm run build does), so the test sees the current source. */
export async function buildConsole(): Promise<void> {
  let output = ''
  const child = spawn(path.join(ROOT, 'admin/node_modules/.bin/vite'), ['build', '--logLevel', 'warn'], { cwd: path.join(ROOT, 'admin'), env: process.env })
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()))
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()))
  const code = await exitOf(child)
  if (code !== 0) throw new Error(`vite build failed (${code}):\n${output}`)
}

export interface E2eServer {
  url: string
  zego: FakeZegoServerApi
  output(): string
  close(): Promise<void>
}

export async function startServer(): Promise<E2eServer> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'storefront-e2e-'))
  const zego = new FakeZegoServerApi(TEST_ZEGO_APP_ID, TEST_ZEGO_SECRET)
  await zego.start()
  const env = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    ...baseEnv(path.join(dir, 'e2e.sqlite')),
    HOST: '127.0.0.1',
    SEED_DEMO: '1',
    UPLOAD_DIR: path.join(dir, 'uploads'),
    ZEGO_API_BASE: zego.baseUrl,
    RATE_LIMIT_COMMENTS_PER_MINUTE: '1000',
  }
  let output = ''
  const child = spawn(path.join(ROOT, 'node_modules/.bin/tsx'), [path.join(ROOT, 'server/src/main.ts')], { cwd: ROOT, env })
  const url = await new Promise<string>((resolve, reject) => {
    const onData = (d: Buffer): void => {
      output += d.toString()
      const match = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(output)
      // Demo data is seeded before listening, so the staff accounts exist by now.
      if (match?.[1] !== undefined) resolve(match[1])
    }
    child.stdout?.on('data', onData)
    child.stderr?.on('data', onData)
    child.once('exit', (code) => reject(new Error(`the server exited (${code}) before listening:\n${output}`)))
    child.once('error', reject)
  })
  return {
    url,
    zego,
    output: () => output,
    close: async () => {
      const exited = exitOf(child)
      child.kill('SIGTERM')
      await exited
      await zego.close()
      fs.rmSync(dir, { recursive: true, force: true })
    },
  }
}

/** Chromium on a fresh profile directory (playwright passes it as --user-data-dir), removed on close. */
export async function launchChromium(): Promise<BrowserContext> {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'storefront-chromium-'))
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    viewport: { width: 1360, height: 860 },
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  })
  // Chromium may still be writing to the profile while it exits; retry the removal.
  context.once('close', () => fs.rm(profile, { recursive: true, force: true, maxRetries: 5 }, () => undefined))
  return context
}

/** Form controls on the page that have no accessible name (label, aria-label, aria-labelledby). */
export const UNLABELLED_CONTROLS = `(() => {
  const out = []
  const visible = (el) => el.offsetParent !== null || el.getClientRects().length > 0
  for (const el of document.querySelectorAll('input:not([type=hidden]), select, textarea, button, [role=combobox], [role=button]')) {
    if (!visible(el)) continue
    const labelledBy = (el.getAttribute('aria-labelledby') || '').split(/\\s+/).filter(Boolean).map((id) => document.getElementById(id)?.textContent?.trim() || '').join('')
    const byFor = el.id ? Array.from(document.querySelectorAll('label[for="' + CSS.escape(el.id) + '"]')).map((l) => l.textContent.trim()).join('') : ''
    const wrapping = el.closest('label')?.textContent?.trim() || ''
    const own = el.getAttribute('aria-label') || el.getAttribute('title') || ''
    const text = el.tagName === 'BUTTON' || el.getAttribute('role') === 'button' ? (el.textContent || '').trim() : ''
    if (!(labelledBy || byFor || wrapping || own || text)) out.push(el.outerHTML.slice(0, 160))
  }
  return out
})()`
