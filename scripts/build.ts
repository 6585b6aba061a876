/**
 * npm run build: pack npm, type-check, compile offline with WeChat's compiler, write
 * dist/miniprogram.zip and dist/package-size.json, and fail on any budget; then build the
 * merchant console (admin/, vite) into admin/dist, which the server serves at /admin.
 *   --no-typecheck   skip tsc (npm test has just run it)
 *   --no-pack-npm    reuse the miniprogram_npm folders already packed
 */
import { spawn } from 'node:child_process'
import path from 'node:path'
import { buildMiniprogram } from './lib/build'
import { BuildError } from './lib/build-error'
import { DEFAULT_BUDGETS, formatBytes } from './lib/budgets'

async function main(): Promise<void> {
  const args = new Set(process.argv.slice(2))
  const projectDir = path.resolve(__dirname, '..')
  // The console's vite build shares nothing with the mini-program's compile: it runs beside it, so
  // the two cores are both busy instead of one waiting for the other.
  const consoleBuild = buildConsole(projectDir)
  // A failed compile must still wait for vite, or its error would be lost behind the compile's.
  consoleBuild.catch(() => undefined)
  const result = await buildMiniprogram({
    projectDir,
    typecheck: !args.has('--no-typecheck'),
    packNpm: !args.has('--no-pack-npm'),
    log: (line) => console.log(`build: ${line}`),
  })
  const { sizes } = result
  console.log(`build: main ${formatBytes(sizes.main)} (budget ${formatBytes(DEFAULT_BUDGETS.main)})`)
  for (const [root, size] of Object.entries(sizes.subpackages)) {
    const budget = DEFAULT_BUDGETS.subpackages[root] ?? DEFAULT_BUDGETS.subpackageDefault
    console.log(`build: subpackage ${root} ${formatBytes(size)} (budget ${formatBytes(budget)})`)
  }
  console.log(`build: total ${formatBytes(sizes.total)} in ${sizes.files} files (budget ${formatBytes(DEFAULT_BUDGETS.total)})`)
  console.log(`build: wrote ${path.relative(projectDir, result.zipPath)} and ${path.relative(projectDir, result.sizeReportPath)}`)
  await consoleBuild
  console.log('build: wrote admin/dist (the console, served at /admin)')
}

function buildConsole(projectDir: string): Promise<void> {
  const adminDir = path.join(projectDir, 'admin')
  const vite = spawn(path.join(adminDir, 'node_modules/.bin/vite'), ['build', '--logLevel', 'warn'], { cwd: adminDir, stdio: 'inherit' })
  return new Promise((resolve, reject) => {
    vite.on('error', (err) => reject(new BuildError(`the console build (vite) could not start: ${err.message}`)))
    vite.on('close', (code, signal) => {
      if (code === 0) resolve()
      else reject(new BuildError(`the console build (vite) failed with exit ${code ?? signal ?? 'unknown'}`))
    })
  })
}

main().catch((err: unknown) => {
  if (err instanceof BuildError) console.error(`build failed: ${err.message}`)
  else console.error('build failed:', err)
  process.exitCode = 1
})
