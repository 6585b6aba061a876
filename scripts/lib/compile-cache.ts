/**
 * A content-addressed cache of WeChat's offline compile. The compile is the slow step of a build
 * (tens of seconds on 2 cores) and is a pure function of the mini-program's files, the project's
 * compiler settings, the appid and the compiler's version: the key hashes exactly those, so a
 * build of unchanged sources (`npm run upload` after `npm run build`, a second `npm start`, the
 * test suites that build the same project) reuses the zip and file list instead of compiling
 * again, while any change to any input compiles afresh. Only successful compiles are kept.
 * Entries are written under a temporary name and renamed into place, so concurrent builds never
 * read half an entry. MP_COMPILE_CACHE=off turns it off.
 */
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'

/** Entries beyond this many, oldest first, are removed when a new one is stored. */
const MAX_ENTRIES = 6

export interface CachedCompile {
  files: Array<[string, number]>
}

export function compileCacheEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.MP_COMPILE_CACHE !== 'off'
}

/** node_modules/.cache/miniprogram-compile beside the compiler, where build tools keep their caches. */
export function defaultCacheDir(): string {
  const ciPackage = require.resolve('miniprogram-ci/package.json')
  return path.join(path.dirname(ciPackage), '..', '.cache', 'miniprogram-compile')
}

function compilerVersion(): string {
  const ciPackage = require.resolve('miniprogram-ci/package.json')
  return (JSON.parse(fs.readFileSync(ciPackage, 'utf8')) as { version?: string }).version ?? 'unknown'
}

function filesUnder(dir: string, base: string, out: string[]): void {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    // A concurrent npm pack's staging folder (pack-npm.ts) is not part of the project.
    if (entry.name.startsWith('.npm-staging-')) continue
    const full = path.join(dir, entry.name)
    if (entry.isDirectory()) filesUnder(full, base, out)
    else if (entry.isFile()) out.push(path.relative(base, full).split(path.sep).join('/'))
  }
}

/**
 * The hash of everything the compiled package depends on: every file below the mini-program root
 * (sources, miniprogram_npm, the local config), the project's compiler settings and tsconfig, the
 * appid and the compiler's version. Paths are relative, so a copy of the project hashes the same.
 */
export function compileKey(projectDir: string, miniprogramRoot: string, appid: string): string {
  const hash = crypto.createHash('sha256')
  hash.update(`compile-cache v1\0miniprogram-ci ${compilerVersion()}\0appid ${appid}\0`)
  for (const name of ['project.config.json', 'project.private.config.json', 'tsconfig.json']) {
    const file = path.join(projectDir, name)
    hash.update(`${name}\0`)
    if (fs.existsSync(file)) hash.update(fs.readFileSync(file))
    hash.update('\0')
  }
  const files: string[] = []
  filesUnder(miniprogramRoot, miniprogramRoot, files)
  for (const rel of files.sort()) {
    hash.update(`${rel}\0`)
    hash.update(crypto.createHash('sha256').update(fs.readFileSync(path.join(miniprogramRoot, rel))).digest())
  }
  return hash.digest('hex')
}

/** A hit copies the cached zip to `zipPath` and answers the compiled file list; a miss answers undefined. */
export function readCompile(cacheDir: string, key: string, zipPath: string): CachedCompile | undefined {
  const entry = path.join(cacheDir, key)
  const meta = path.join(entry, 'compile.json')
  const zip = path.join(entry, 'miniprogram.zip')
  if (!fs.existsSync(meta) || !fs.existsSync(zip)) return undefined
  try {
    const cached = JSON.parse(fs.readFileSync(meta, 'utf8')) as CachedCompile
    fs.copyFileSync(zip, zipPath)
    // Touched, so pruning removes the entries no build has used for longest.
    const now = new Date()
    fs.utimesSync(entry, now, now)
    return cached
  } catch {
    return undefined
  }
}

/** Stores a successful compile; a failure to store only costs the next build its compile. */
export function storeCompile(cacheDir: string, key: string, zipPath: string, compiled: CachedCompile): void {
  const entry = path.join(cacheDir, key)
  if (fs.existsSync(entry)) return
  const staging = path.join(cacheDir, `.staging-${key}-${process.pid}-${crypto.randomBytes(4).toString('hex')}`)
  try {
    fs.mkdirSync(staging, { recursive: true })
    fs.copyFileSync(zipPath, path.join(staging, 'miniprogram.zip'))
    fs.writeFileSync(path.join(staging, 'compile.json'), JSON.stringify(compiled))
    fs.renameSync(staging, entry)
  } catch {
    // Another build stored the same key first (rename onto a non-empty folder fails), or the disk is full.
    fs.rmSync(staging, { recursive: true, force: true })
    return
  }
  prune(cacheDir)
}

function prune(cacheDir: string): void {
  const entries = fs
    .readdirSync(cacheDir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && !e.name.startsWith('.'))
    .map((e) => ({ dir: path.join(cacheDir, e.name), used: fs.statSync(path.join(cacheDir, e.name)).mtimeMs }))
    .sort((a, b) => b.used - a.used)
  for (const old of entries.slice(MAX_ENTRIES)) fs.rmSync(old.dir, { recursive: true, force: true })
}

/** A lock older than this is taken to be left by a build that died. */
const STALE_LOCK_MS = 10 * 60 * 1000
const LOCK_POLL_MS = 250

/**
 * Runs `compile` for `key` once across concurrent builds: the first takes the key's lock (an
 * atomic mkdir) and compiles; the others wait for its entry and reuse it, or compile themselves
 * if it failed (a failed compile is not stored) or its lock went stale.
 */
export async function onceForKey<T>(cacheDir: string, key: string, reuse: () => T | undefined, compile: () => Promise<T>): Promise<T> {
  fs.mkdirSync(cacheDir, { recursive: true })
  const lock = path.join(cacheDir, `.lock-${key}`)
  for (;;) {
    const cached = reuse()
    if (cached !== undefined) return cached
    try {
      fs.mkdirSync(lock)
    } catch {
      const age = (() => {
        try {
          return Date.now() - fs.statSync(lock).mtimeMs
        } catch {
          return 0
        }
      })()
      if (age > STALE_LOCK_MS) fs.rmSync(lock, { recursive: true, force: true })
      else await new Promise((resolve) => setTimeout(resolve, LOCK_POLL_MS))
      continue
    }
    try {
      return await compile()
    } finally {
      fs.rmSync(lock, { recursive: true, force: true })
    }
  }
}
