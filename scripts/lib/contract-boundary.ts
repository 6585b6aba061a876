/**
 * The server's one way into the mini-program is `miniprogram/contract/`: the shapes and rules both
 * sides share. A deep import anywhere else ties the server to mini-program code that may change
 * for the phone's sake (and, for a schema, lets the two sides drift apart unnoticed). The contract
 * itself imports only its own files and TypeBox, so going through it never leads further in.
 * Works on source text keyed by repo-relative `/`-separated paths, so tests can hand it a made-up tree.
 */
import fs from 'node:fs'
import path from 'node:path'
import { importSpecifiers } from './package-imports'

export const CONTRACT_DIR = 'miniprogram/contract/'
const MINIPROGRAM_DIR = 'miniprogram/'
/** The only package the contract's schema files import (the mini-program imports them type-only). */
const CONTRACT_PACKAGES = new Set(['@sinclair/typebox'])

/** Every .ts file under the given repo-relative folders, keyed by repo-relative path. */
export function readSources(repoRoot: string, folders: readonly string[]): Map<string, string> {
  const sources = new Map<string, string>()
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name)
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules' && entry.name !== 'miniprogram_npm') walk(full)
      } else if (entry.isFile() && entry.name.endsWith('.ts')) {
        sources.set(path.relative(repoRoot, full).split(path.sep).join('/'), fs.readFileSync(full, 'utf8'))
      }
    }
  }
  for (const folder of folders) walk(path.join(repoRoot, folder))
  return sources
}

const resolved = (from: string, specifier: string): string => path.posix.normalize(path.posix.join(path.posix.dirname(from), specifier))
const isRelative = (specifier: string): boolean => specifier.startsWith('./') || specifier.startsWith('../')

/** One sentence per import that crosses the contract boundary, from server code or from the contract. */
export function contractBoundaryProblems(sources: ReadonlyMap<string, string>): string[] {
  const problems: string[] = []
  for (const [file, source] of sources) {
    const inContract = file.startsWith(CONTRACT_DIR)
    for (const specifier of importSpecifiers(source)) {
      const target = isRelative(specifier) ? resolved(file, specifier) : null
      if (inContract) {
        if (target === null ? !CONTRACT_PACKAGES.has(specifier) : !target.startsWith(CONTRACT_DIR)) {
          problems.push(
            `${file} imports '${specifier}': contract files import only each other and @sinclair/typebox, so the server, ` +
              'the mini-program and the console can all take them as they are. Move what it needs into the contract.',
          )
        }
      } else if (target !== null && target.startsWith(MINIPROGRAM_DIR) && !target.startsWith(CONTRACT_DIR)) {
        problems.push(
          `${file} imports '${specifier}' (${target}): the server reaches the mini-program only through ${CONTRACT_DIR}. ` +
            'Move the shared type, schema or rule into the contract (a *-schemas.ts or *-rules.ts file) and import it from there.',
        )
      }
    }
  }
  return problems
}
