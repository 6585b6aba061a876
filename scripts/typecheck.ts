/**
 * npm run typecheck: the mini-program, the tests, the node side (server, scripts, bench) and the
 * merchant console, each its own TypeScript project. tsc is single-threaded, so the four run two
 * at a time; each one's output is printed whole when it ends, so errors never interleave.
 */
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { ensureLocalConfig } from './lib/local-config'

interface Check {
  name: string
  cwd: string
  bin: string
  args: string[]
}

interface Outcome {
  check: Check
  code: number | null
  output: string
}

const root = path.resolve(__dirname, '..')
const tsc = path.join(root, 'node_modules/.bin/tsc')
// npm hoists the console's tools to the root unless a version clashes with the root's.
const consoleBin = (name: string): string =>
  [path.join(root, 'admin/node_modules/.bin', name), path.join(root, 'node_modules/.bin', name)].find((p) => fs.existsSync(p)) ?? name
const CHECKS: Check[] = [
  { name: 'mini-program', cwd: root, bin: tsc, args: ['-p', 'tsconfig.json'] },
  { name: 'tests', cwd: root, bin: tsc, args: ['-p', 'test/tsconfig.json'] },
  { name: 'server, scripts and bench', cwd: root, bin: tsc, args: ['-p', 'tsconfig.node.json'] },
  { name: 'console', cwd: path.join(root, 'admin'), bin: consoleBin('vue-tsc'), args: ['--noEmit', '-p', 'tsconfig.json'] },
]

function run(check: Check): Promise<Outcome> {
  return new Promise((resolve) => {
    const child = spawn(check.bin, check.args, { cwd: check.cwd, stdio: ['ignore', 'pipe', 'pipe'] })
    let output = ''
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.on('error', (err) => resolve({ check, code: null, output: `${output}${err.message}\n` }))
    child.on('close', (code) => resolve({ check, code, output }))
  })
}

async function main(): Promise<number> {
  // The mini-program project reads the ignored local config: make sure it exists first.
  ensureLocalConfig(root, process.env)
  const width = Math.max(1, Math.min(2, os.availableParallelism()))
  const queue = [...CHECKS]
  const failed: string[] = []
  const lane = async (): Promise<void> => {
    for (let check = queue.shift(); check; check = queue.shift()) {
      const outcome = await run(check)
      if (outcome.output) process.stdout.write(outcome.output)
      if (outcome.code === 0) console.log(`typecheck: ${check.name} ok`)
      else failed.push(`${check.name} (exit ${outcome.code ?? 'signal'})`)
    }
  }
  await Promise.all(Array.from({ length: width }, lane))
  if (failed.length > 0) console.error(`typecheck failed: ${failed.join(', ')}`)
  return failed.length > 0 ? 1 : 0
}

main().then(
  (code) => (process.exitCode = code),
  (err: unknown) => {
    console.error(`typecheck: ${err instanceof Error ? err.message : String(err)}`)
    process.exitCode = 1
  },
)
