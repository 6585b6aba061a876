/**
 * The README promises that `npm ci` installs on the oldest Node that `engines` names, with no engine
 * warning: every package the lockfile installs must accept that version.
 */
import fs from 'node:fs'
import path from 'node:path'
import semver from 'semver'

const root = path.resolve(__dirname, '../..')
const read = (file: string): unknown => JSON.parse(fs.readFileSync(path.join(root, file), 'utf8'))

interface LockPackage { version?: string; engines?: { node?: string } | string[] }

describe('Node version', () => {
  const manifest = read('package.json') as { engines: { node: string } }
  const oldest = semver.minVersion(manifest.engines.node)

  it('names an oldest supported Node in engines', () => {
    expect(oldest?.version).toMatch(/^20\./)
  })

  it('is accepted by every package in the lockfile', () => {
    const lock = read('package-lock.json') as { packages: Record<string, LockPackage> }
    const refusing = Object.entries(lock.packages)
      .filter(([, pkg]) => !Array.isArray(pkg.engines) && typeof pkg.engines?.node === 'string')
      .filter(([, pkg]) => !semver.satisfies(oldest?.version ?? '0.0.0', (pkg.engines as { node: string }).node))
      .map(([where, pkg]) => `${where}@${pkg.version ?? '?'} wants node ${(pkg.engines as { node: string }).node}`)
    expect(refusing).toEqual([])
  })
})
