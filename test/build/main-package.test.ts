import fs from 'node:fs'
import path from 'node:path'
import type { AppJson } from '../../scripts/lib/app-json'
import { crossPackageImports, moduleImports, readMiniprogramSources, subpackageOnlyModules } from '../../scripts/lib/package-imports'

const repoRoot = path.resolve(__dirname, '../..')
const miniprogramRoot = path.join(repoRoot, 'miniprogram')
const app = JSON.parse(fs.readFileSync(path.join(miniprogramRoot, 'app.json'), 'utf8')) as AppJson

const tree = (entries: Record<string, string>): Map<string, string> => new Map(Object.entries(entries))
const fakeApp: AppJson = {
  pages: ['pages/rooms/index'],
  subpackages: [
    { root: 'live', pages: ['viewer/index'] },
    { root: 'wxlive', pages: ['room/index'] },
  ],
}

describe('package imports (rules)', () => {
  it('resolves files and folder index files, type-only imports included, and skips npm packages', () => {
    const sources = tree({
      'pages/rooms/index.ts': "import { a } from '../../core/a'\nimport type { B } from '../../core/b'\nimport 'mobx-miniprogram'",
      'core/a.ts': "export * from './b'",
      'core/b/index.ts': "const x = require('/core/a')",
    })
    expect(moduleImports(sources)).toEqual([
      { from: 'pages/rooms/index.ts', to: 'core/a.ts', specifier: '../../core/a' },
      { from: 'pages/rooms/index.ts', to: 'core/b/index.ts', specifier: '../../core/b' },
      { from: 'core/a.ts', to: 'core/b/index.ts', specifier: './b' },
      { from: 'core/b/index.ts', to: 'core/a.ts', specifier: '/core/a' },
    ])
  })

  it('refuses a main-package import from a subpackage, even of types, and one subpackage importing another', () => {
    const sources = tree({
      'pages/rooms/index.ts': "import type { LiveRole } from '../../live/core/roles'",
      'wxlive/room/index.ts': "import { x } from '../../live/core/roles'",
      'live/core/roles.ts': 'export type LiveRole = string\nexport const x = 1',
      'live/viewer/index.ts': "import { x } from '../core/roles'\nimport { y } from '../../core/shared'",
      'core/shared.ts': 'export const y = 1',
    })
    const problems = crossPackageImports(fakeApp, moduleImports(sources))
    expect(problems).toHaveLength(2)
    expect(problems[0]).toContain("pages/rooms/index.ts (the main package) imports live/core/roles.ts ('../../live/core/roles') from the live subpackage")
    expect(problems[0]).toContain('not even types')
    expect(problems[0]).toContain('Move what both use into a main-package folder (e.g. core/roles.ts')
    expect(problems[1]).toContain('wxlive/room/index.ts (the wxlive subpackage) imports live/core/roles.ts')
  })

  it('names a main-package module that only one subpackage uses, directly or through other main modules', () => {
    const sources = tree({
      'app.ts': "import { config } from './config'",
      'config.ts': 'export const config = {}',
      'pages/rooms/index.ts': "import { api } from '../../services/api'",
      'services/api.ts': "import type { Room } from '../core/types'",
      'core/types.ts': 'export type Room = string',
      'live/viewer/index.ts': "import { store } from '../../stores/live-room'\nimport { api } from '../../services/api'\nimport { nav } from '../../core/nav'",
      'wxlive/room/index.ts': "import { nav } from '../../core/nav'",
      'core/nav.ts': '',
      'stores/live-room.ts': "import { throttle } from '../core/throttle'\nimport { throttle as again } from '../core/throttle'",
      'core/throttle.ts': "import { a } from './cycle'",
      'core/cycle.ts': "import { b } from './throttle'",
      'wxlive/room/rules.ts': "import { LIMIT } from '../../contract/room-rules'",
      'contract/room-rules.ts': 'export const LIMIT = 1',
    })
    const problems = subpackageOnlyModules(fakeApp, sources, moduleImports(sources))
    expect(problems.map((p) => p.slice(0, p.indexOf(' is in')))).toEqual(['stores/live-room.ts', 'core/throttle.ts', 'core/cycle.ts'])
    expect(problems[0]).toBe(
      'stores/live-room.ts is in the main package, but only the live subpackage uses it (imported by live/viewer/index.ts): ' +
        'move it to live/stores/live-room.ts (keep the file name) and update the imports. Every main-package file is ' +
        'downloaded at first launch, within a 200.0 KiB budget; code that only live/ pages run belongs in live/. ' +
        'If main-package code is about to use it, that import keeps it in main.',
    )
    expect(problems[1]).toContain('(imported by stores/live-room.ts, core/cycle.ts)')
  })
})

describe('the main package (this project)', () => {
  const sources = readMiniprogramSources(miniprogramRoot)
  const imports = moduleImports(sources)

  it('reads the real import graph', () => {
    // Without this, an empty graph would pass the checks below.
    expect(imports).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ from: 'live/viewer/index.ts', to: 'live/stores/live-room.ts' }),
        expect.objectContaining({ from: 'live/services/live-api.ts', to: 'services/api.ts' }),
      ]),
    )
  })

  it('imports nothing from a subpackage outside that subpackage (main code must never require live/ files)', () => {
    expect(crossPackageImports(app, imports)).toEqual([])
  })

  it('holds no module that only one subpackage uses (live-only code lives under live/)', () => {
    expect(subpackageOnlyModules(app, sources, imports)).toEqual([])
  })
})
