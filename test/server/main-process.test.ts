/**
 * `npm run server` as a real process: refuses to start on a bad environment with one message per
 * problem, and otherwise migrates, listens on 127.0.0.1 and serves /healthz and the Swagger UI.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { baseEnv } from './support/test-server'

const root = path.resolve(__dirname, '../..')
const tsx = path.join(root, 'node_modules/.bin/tsx')
const main = path.join(root, 'server/src/main.ts')

function run(env: NodeJS.ProcessEnv): { child: ChildProcess; output: () => string } {
  let output = ''
  const child = spawn(tsx, [main], { cwd: root, env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env } })
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()))
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()))
  return { child, output: () => output }
}

/** The URL the server says it listens on; undefined if it exits first (its output is in the failure). */
function listeningUrl(child: ChildProcess, output: () => string): Promise<string | undefined> {
  const found = (): string | undefined => /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(output())?.[1]
  return new Promise((resolve) => {
    const check = (): void => {
      const url = found()
      if (url !== undefined) done(url)
    }
    const done = (url: string | undefined): void => {
      child.stdout?.off('data', check)
      child.stderr?.off('data', check)
      child.off('exit', onExit)
      resolve(url)
    }
    const onExit = (): void => done(found())
    child.stdout?.on('data', check)
    child.stderr?.on('data', check)
    child.once('exit', onExit)
    check()
  })
}

const exited = (child: ChildProcess): Promise<number | null> => new Promise((resolve) => child.once('exit', (code) => resolve(code)))

describe('server process', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'storefront-main-'))
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

  it('exits 1 listing every configuration problem', async () => {
    const { child, output } = run({ ZEGO_SERVER_SECRET: 'too-short', PORT: 'x' })
    expect(await exited(child)).toBe(1)
    expect(output()).toMatch(/invalid configuration/)
    expect(output()).toMatch(/PORT must be an integer/)
    expect(output()).toMatch(/ZEGO_APP_ID is required/)
    expect(output()).toMatch(/ZEGO_SERVER_SECRET must be exactly 32 characters, got 9/)
    expect(output()).toMatch(/SESSION_SECRET is required/)
  }, 120_000)

  it('starts, seeds demo data when asked, and serves /healthz and /docs', async () => {
    const { child, output } = run({ ...baseEnv(path.join(dir, 'main.sqlite')), HOST: '127.0.0.1', SEED_DEMO: '1' })
    try {
      // Waits for the line itself (or the process ending), however long a loaded machine takes to start it.
      const url = await listeningUrl(child, output)
      expect({ url, output: url === undefined ? output() : '' }).toEqual({ url: expect.any(String), output: '' })
      const health = (await (await fetch(`${url}/healthz`)).json()) as { devMode: boolean }
      expect(health.devMode).toBe(true)
      const docs = await fetch(`${url}/docs`)
      expect(docs.status).toBe(200)
      expect(await docs.text()).toMatch(/swagger/i)
      const room = (await (await fetch(`${url}/api/rooms/room_demo`)).json()) as { room: { streamId: string } }
      expect(room.room.streamId).toMatch(/^room_demo_u_[0-9a-f]+_main$/)
      expect(output()).toMatch(/DEV MODE/)
      expect(output()).not.toContain(baseEnv('x').SESSION_SECRET)
    } finally {
      child.kill('SIGTERM')
      await exited(child)
    }
  }, 120_000)
})
