import fs from 'node:fs'
import path from 'node:path'
import { execFileSync } from 'node:child_process'
import { BuildError } from './build-error'
import { AppJson, readJsonFile, validateAppStructure } from './app-json'
import { budgetViolations, DEFAULT_BUDGETS, PackageSizes, SizeBudgets } from './budgets'
import { NpmRelation, packProjectNpmIfStale } from './pack-npm'
import { compileOffline } from './compile'
import { ensureLocalConfig } from './local-config'
import { ZEGO_STREAM_COMPONENTS, zegoModeProblems } from './zego-mode'
import type { ZegoComponentMode } from './zego-mode'

export interface BuildOptions {
  projectDir: string
  /** Where the zip and size report go; default `<projectDir>/dist`. */
  outDir?: string
  /** Pack npm with miniprogram-ci first (default true). */
  packNpm?: boolean
  /** Run tsc on the mini-program's tsconfig first (default true). */
  typecheck?: boolean
  budgets?: SizeBudgets
  log?: (line: string) => void
  /** Where compiles of unchanged sources are kept (default node_modules/.cache/miniprogram-compile); null: always compile. */
  compileCacheDir?: string | null
}

export interface BuildResult {
  zipPath: string
  sizeReportPath: string
  sizes: PackageSizes
  /** Paths of every file in the compiled package. */
  files: string[]
}

interface ProjectConfig {
  appid?: string
  miniprogramRoot?: string
  setting?: { packNpmManually?: boolean; packNpmRelationList?: NpmRelation[] }
}

export function readProjectConfig(projectDir: string): ProjectConfig {
  return readJsonFile<ProjectConfig>(path.join(projectDir, 'project.config.json'), 'project.config.json')
}

export function miniprogramRootOf(projectDir: string, config = readProjectConfig(projectDir)): string {
  return path.join(projectDir, config.miniprogramRoot ?? 'miniprogram/')
}

function typecheck(projectDir: string): void {
  const tsc = require.resolve('typescript/bin/tsc')
  try {
    execFileSync(process.execPath, [tsc, '-p', path.join(projectDir, 'tsconfig.json'), '--noEmit', '--pretty', 'false'], {
      cwd: projectDir,
      encoding: 'utf8',
      stdio: 'pipe',
    })
  } catch (err) {
    const out = `${(err as { stdout?: string }).stdout ?? ''}${(err as { stderr?: string }).stderr ?? ''}`.trim()
    throw new BuildError(`TypeScript does not compile:\n${out}`)
  }
}

/** The SDK belongs to the live subpackage; shipping it in the main package would cost about half its budget. */
function checkZegoPlacement(files: string[]): void {
  const misplaced = files.find((f) => /^miniprogram_npm\/zego-express-engine-miniprogram\//.test(f))
  if (misplaced) throw new BuildError(`the ZEGO SDK is in the main package (${misplaced}); it belongs to the live subpackage`)
}

/** The component mode the package will run in, read from the mini-program's own config.ts. */
function zegoModeOf(root: string): ZegoComponentMode {
  const configPath = path.join(root, 'config.ts')
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require(configPath) as { config?: { zegoComponentMode?: unknown } }
  const mode = mod.config?.zegoComponentMode
  if (mode !== 'plugin' && mode !== 'native') {
    throw new BuildError(`config.ts: zegoComponentMode must be "plugin" or "native", not ${JSON.stringify(mode)}`)
  }
  return mode
}

/** app.json and the stream components must declare what the configured ZEGO component mode needs. */
function checkZegoMode(root: string): string[] {
  const app = readJsonFile<object>(path.join(root, 'app.json'), 'app.json')
  const units: Record<string, object> = {}
  for (const unit of Object.keys(ZEGO_STREAM_COMPONENTS)) {
    const file = path.join(root, `${unit}.json`)
    if (fs.existsSync(file)) units[unit] = readJsonFile<object>(file, `${unit}.json`)
  }
  return zegoModeProblems(app, zegoModeOf(root), units)
}

export async function buildMiniprogram(options: BuildOptions): Promise<BuildResult> {
  const log = options.log ?? (() => undefined)
  const projectDir = path.resolve(options.projectDir)
  const outDir = options.outDir ?? path.join(projectDir, 'dist')
  const config = readProjectConfig(projectDir)
  const root = miniprogramRootOf(projectDir, config)
  // The developer's server URL and ZEGO settings (MP_* variables, or the ignored file as it is).
  ensureLocalConfig(projectDir, process.env)

  const early = [...validateAppStructure(root, false), ...checkZegoMode(root)]
  if (early.length) throw new BuildError(early.join('\n'))

  if (options.typecheck ?? true) {
    log('type-checking the mini-program')
    typecheck(projectDir)
  }

  if (options.packNpm ?? true) {
    // Packed again only when the package files changed: the packer stamps its output with the time,
    // so repacking unchanged packages would also change every compile's inputs.
    const packed = await packProjectNpmIfStale(projectDir)
    log(packed ? `packed npm for ${config.setting?.packNpmRelationList?.length ?? 0} relation(s)` : 'npm already packed from these package files')
  }

  const withNpm = validateAppStructure(root, true)
  if (withNpm.length) throw new BuildError(withNpm.join('\n'))

  const app = readJsonFile<AppJson>(path.join(root, 'app.json'), 'app.json')
  const zipPath = path.join(outDir, 'miniprogram.zip')
  const { sizes, files, cached } = await compileOffline(projectDir, root, config.appid ?? 'touristappid', app, zipPath, { cacheDir: options.compileCacheDir, log })
  if (cached) log('reused the compile of these exact sources (MP_COMPILE_CACHE=off compiles again)')
  checkZegoPlacement(files)

  const sizeReportPath = path.join(outDir, 'package-size.json')
  fs.writeFileSync(sizeReportPath, `${JSON.stringify(sizes, null, 2)}\n`)
  const violations = budgetViolations(sizes, options.budgets ?? DEFAULT_BUDGETS)
  if (violations.length) throw new BuildError(`package size over budget:\n${violations.join('\n')}`)
  return { zipPath, sizeReportPath, sizes, files }
}
