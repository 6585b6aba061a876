import { createHash } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import * as ci from 'miniprogram-ci'
import { BuildError } from './build-error'

export interface NpmRelation {
  packageJsonPath: string
  miniprogramNpmDistDir: string
}

/**
 * Copies the ZEGO SDK from the root install into live-npm/node_modules, so the second npm relation
 * (ZEGO SDK → live subpackage) has the node_modules that miniprogram-ci and DevTools expect beside
 * its package.json. The version pinned in live-npm/package.json must be the one installed.
 */
export function prepareLiveNpm(projectDir: string): void {
  const liveDir = path.join(projectDir, 'live-npm')
  const manifestPath = path.join(liveDir, 'package.json')
  if (!fs.existsSync(manifestPath)) return
  const manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8')) as { dependencies?: Record<string, string> }
  for (const [name, version] of Object.entries(manifest.dependencies ?? {})) {
    let installedDir: string
    try {
      installedDir = path.dirname(require.resolve(`${name}/package.json`, { paths: [projectDir] }))
    } catch {
      throw new BuildError(`live-npm/package.json needs ${name}, which is not installed: run npm install`)
    }
    const installed = JSON.parse(fs.readFileSync(path.join(installedDir, 'package.json'), 'utf8')) as { version: string }
    if (installed.version !== version) {
      throw new BuildError(
        `live-npm/package.json pins ${name}@${version} but ${installed.version} is installed: keep it equal to the root package.json pin`,
      )
    }
    const target = path.join(liveDir, 'node_modules', name)
    fs.rmSync(target, { recursive: true, force: true })
    fs.mkdirSync(path.dirname(target), { recursive: true })
    fs.cpSync(installedDir, target, { recursive: true })
  }
}

/**
 * Packs each npm relation of project.config.json. Every relation is packed from its own package.json
 * only: miniprogram-ci would otherwise pick up the dependencies of every package.json below it
 * (the server's, the live subpackage's) and put them in the main package.
 */
export async function packNpmRelations(projectDir: string, relations: NpmRelation[]): Promise<void> {
  for (const relation of relations) {
    const packageJsonPath = path.resolve(projectDir, relation.packageJsonPath)
    const relationDir = path.dirname(packageJsonPath)
    const distDir = path.resolve(projectDir, relation.miniprogramNpmDistDir)
    if (!fs.existsSync(path.join(relationDir, 'node_modules'))) {
      throw new BuildError(`npm relation ${relation.packageJsonPath} has no node_modules beside it: run npm install`)
    }
    const ignores = fs
      .readdirSync(relationDir)
      .filter((entry) => entry !== 'node_modules' && entry !== 'package.json')
      .map((entry) => `${entry}/**`)
    // Packed beside the target, then swapped in with renames: another process reading the packed
    // npm (a second test run, DevTools) never sees a half-written or deleted folder.
    const staging = fs.mkdtempSync(path.join(distDir, '.npm-staging-'))
    try {
      const result = await ci.packNpmManually({ packageJsonPath, miniprogramNpmDistDir: staging, ignores })
      if (result.miniProgramPackNum + result.otherNpmPackNum === 0) {
        throw new BuildError(`npm relation ${relation.packageJsonPath} packed nothing into ${relation.miniprogramNpmDistDir}`)
      }
      swapIn(path.join(staging, 'miniprogram_npm'), path.join(distDir, 'miniprogram_npm'), path.join(staging, 'previous'))
    } finally {
      fs.rmSync(staging, { recursive: true, force: true })
    }
  }
}

/** Replaces `target` by `fresh`; the old folder is moved aside first, so `target` is never half there. */
function swapIn(fresh: string, target: string, aside: string): void {
  if (fs.existsSync(target)) fs.renameSync(target, aside)
  fs.renameSync(fresh, target)
}

/** What the packed npm depends on: when none of it changed, packing again would give the same files. */
function packInputsHash(projectDir: string, relations: NpmRelation[]): string {
  const hash = createHash('sha256')
  const inputs = ['package-lock.json', 'project.config.json', ...relations.map((r) => r.packageJsonPath)]
  for (const input of inputs) {
    const file = path.join(projectDir, input)
    hash.update(`${input}\0${fs.existsSync(file) ? fs.readFileSync(file) : ''}\0`)
  }
  for (const r of relations) hash.update(String(fs.existsSync(path.join(projectDir, r.miniprogramNpmDistDir, 'miniprogram_npm'))))
  return hash.digest('hex')
}

/**
 * Packs every relation unless the packed npm is already there from the same inputs (the stamp in
 * dist/ says so). Tests call this first, so two runs in one checkout do not repack under each other.
 */
export async function packProjectNpmIfStale(projectDir: string): Promise<boolean> {
  const config = JSON.parse(fs.readFileSync(path.join(projectDir, 'project.config.json'), 'utf8')) as ProjectConfigNpm
  const relations = config.setting?.packNpmRelationList ?? []
  const stamp = path.join(projectDir, 'dist', 'npm-pack.stamp')
  const before = packInputsHash(projectDir, relations)
  if (fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8') === before) return false
  await packProjectNpm(projectDir)
  fs.mkdirSync(path.dirname(stamp), { recursive: true })
  fs.writeFileSync(stamp, packInputsHash(projectDir, relations))
  return true
}

interface ProjectConfigNpm {
  setting?: { packNpmManually?: boolean; packNpmRelationList?: NpmRelation[] }
}

/** Packs every npm relation project.config.json lists, as DevTools' 构建 npm does. Returns how many. */
export async function packProjectNpm(projectDir: string): Promise<number> {
  const config = JSON.parse(fs.readFileSync(path.join(projectDir, 'project.config.json'), 'utf8')) as ProjectConfigNpm
  const relations = config.setting?.packNpmRelationList ?? []
  if (!config.setting?.packNpmManually || relations.length === 0) {
    throw new BuildError('project.config.json must set setting.packNpmManually and list setting.packNpmRelationList')
  }
  prepareLiveNpm(projectDir)
  await packNpmRelations(projectDir, relations)
  return relations.length
}
