/**
 * The server's one way into the mini-program is `miniprogram/contract/`: the shapes and rules both
 * sides share. A deep import anywhere else ties the server to mini-program code that may change
 * for the phone's sake (and, for a schema, lets the two sides drift apart unnoticed). The contract
 * itself imports only its own files and TypeBox, so going through it never leads further in.
 * Works on source text keyed by repo-relative `/`-separated paths, so tests can hand it a made-up tree.
 */
import path from 'node:path'
import { importSpecifiers } from './package-imports'

export const CONTRACT_DIR = 'miniprogram/contract/'
const MINIPROGRAM_DIR = 'miniprogram/'
/** The only package the contract's schema files import (the mini-program imports them type-only). */
const CONTRACT_PACKAGES = new Set(['@sinclair/typebox'])

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
