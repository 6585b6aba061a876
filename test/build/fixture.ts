import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { packNpmRelations, prepareLiveNpm } from '../../scripts/lib/pack-npm'

export const repoRoot = path.resolve(__dirname, '../..')

/**
 * A throw-away copy of the mini-program project with its npm packed by miniprogram-ci, so that a
 * test can break one thing and run the real build on it. node_modules is linked, not copied.
 */
export async function makeFixture(): Promise<string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mp-build-'))
  for (const entry of ['miniprogram', 'typings', 'project.config.json', 'tsconfig.json']) {
    fs.cpSync(path.join(repoRoot, entry), path.join(dir, entry), {
      recursive: true,
      filter: (src) => !src.split(path.sep).includes('miniprogram_npm'),
    })
  }
  fs.symlinkSync(path.join(repoRoot, 'node_modules'), path.join(dir, 'node_modules'))
  prepareLiveNpm(repoRoot)
  // Pack from the repository's own relations, into the fixture's mini-program.
  await packNpmRelations(repoRoot, [
    { packageJsonPath: 'package.json', miniprogramNpmDistDir: path.relative(repoRoot, path.join(dir, 'miniprogram')) },
    { packageJsonPath: 'live-npm/package.json', miniprogramNpmDistDir: path.relative(repoRoot, path.join(dir, 'miniprogram/live')) },
  ])
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
