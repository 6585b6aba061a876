import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { packProjectNpmIfStale } from '../../scripts/lib/pack-npm'

export const repoRoot = path.resolve(__dirname, '../..')

/**
 * A throw-away copy of the mini-program project with its npm packed, so that a test can break one
 * thing and run the real build on it. The npm is the repository's own packed output (packed first
 * if stale), copied byte for byte: an unchanged copy then compiles exactly as the repository does,
 * and the build reuses that compile (scripts/lib/compile-cache.ts). node_modules is linked, not copied.
 */
export async function makeFixture(): Promise<string> {
  await packProjectNpmIfStale(repoRoot)
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mp-build-'))
  for (const entry of ['miniprogram', 'typings', 'project.config.json', 'tsconfig.json']) {
    fs.cpSync(path.join(repoRoot, entry), path.join(dir, entry), { recursive: true, filter: (src) => !path.basename(src).startsWith('.npm-staging-') })
  }
  fs.symlinkSync(path.join(repoRoot, 'node_modules'), path.join(dir, 'node_modules'))
  return dir
}

/** Copies a packed fixture so each test breaks its own copy. */
export function cloneFixture(base: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mp-build-case-'))
  for (const entry of fs.readdirSync(base)) {
    const src = path.join(base, entry)
    if (entry === 'node_modules') fs.symlinkSync(fs.readlinkSync(src), path.join(dir, entry))
    else fs.cpSync(src, path.join(dir, entry), { recursive: true })
  }
  return dir
}

export function editJson(file: string, edit: (json: Record<string, unknown>) => void): void {
  const json = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>
  edit(json)
  fs.writeFileSync(file, JSON.stringify(json, null, 2))
}

/**
 * A one-page mini-program with the repository's project and compiler settings, for the cases that
 * break a file and must see WeChat's compiler refuse it: it compiles in seconds, where the whole
 * project takes most of a minute, and it fails the same way.
 */
export function makeTinyProject(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mp-build-tiny-'))
  for (const entry of ['typings', 'project.config.json', 'tsconfig.json']) fs.cpSync(path.join(repoRoot, entry), path.join(dir, entry), { recursive: true })
  fs.symlinkSync(path.join(repoRoot, 'node_modules'), path.join(dir, 'node_modules'))
  const files: Record<string, string> = {
    'app.json': JSON.stringify({ pages: ['pages/index/index'], sitemapLocation: 'sitemap.json' }, null, 2),
    'sitemap.json': JSON.stringify({ rules: [{ action: 'allow', page: '*' }] }),
    'app.ts': 'App({})\n',
    // The build writes config-local.ts, which imports this type, as the real config.ts has it.
    'config.ts': "export const config = { zegoComponentMode: 'native' as const }\nexport type LocalConfig = Partial<Record<'serverUrl' | 'zegoServer' | 'zegoLogUrl' | 'devLoginCode', string>> & { zegoAppId?: number }\n",
    'pages/index/index.json': JSON.stringify({ usingComponents: {} }),
    'pages/index/index.wxml': '<view class="page">{{title}}</view>\n',
    'pages/index/index.less': '.page { padding: 16px; }\n',
    'pages/index/index.ts': "Page({ data: { title: '直播' } })\n",
  }
  for (const [name, content] of Object.entries(files)) {
    const file = path.join(dir, 'miniprogram', name)
    fs.mkdirSync(path.dirname(file), { recursive: true })
    fs.writeFileSync(file, content)
  }
  return dir
}
