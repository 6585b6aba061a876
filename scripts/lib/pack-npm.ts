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
    fs.rmSync(path.join(distDir, 'miniprogram_npm'), { recursive: true, force: true })
    const result = await ci.packNpmManually({ packageJsonPath, miniprogramNpmDistDir: distDir, ignores })
    if (result.miniProgramPackNum + result.otherNpmPackNum === 0) {
      throw new BuildError(`npm relation ${relation.packageJsonPath} packed nothing into ${relation.miniprogramNpmDistDir}`)
    }
  }
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
