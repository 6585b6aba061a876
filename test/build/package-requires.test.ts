import { unresolvedRequires } from '../../scripts/lib/package-requires'

const pkg = (entries: Record<string, string>): Map<string, string> => new Map(Object.entries(entries))

describe('unresolvedRequires', () => {
  it('resolves relative files, .js and folder index files, and npm packages up the folder tree', () => {
    const files = pkg({
      'pages/rooms/index.js': 'var a=require("../../services/navigation"),b=require("./load-rooms.js"),c=require("mobx-miniprogram-bindings"),d=require("../../core/index")',
      'pages/rooms/load-rooms.js': '',
      'services/navigation.js': '',
      'core/index.js': '',
      'miniprogram_npm/mobx-miniprogram-bindings/index.js': 'require("./other-internal-file-not-checked")',
      'live/viewer/index.js': 'require("zego-express-engine-miniprogram");require("mobx-miniprogram-bindings");requirePlugin("live-player-plugin")',
      'live/miniprogram_npm/zego-express-engine-miniprogram/index.js': '',
      'app.json': '{"require": "not code"}',
    })
    expect(unresolvedRequires(files)).toEqual([])
  })

  it('names the file and what it requires when the target is not in the package', () => {
    const files = pkg({
      'live/viewer/index.js': 'var z=require("../../services/zego");var n=require("../../services/zego/index")',
      'services/zego/index.js': '',
      'pages/goods/index.js': 'require("zego-express-engine-miniprogram")',
      'live/miniprogram_npm/zego-express-engine-miniprogram/index.js': '',
    })
    expect(unresolvedRequires(files)).toEqual([
      // A folder import: WeChat resolves it to the index file, which is there; the real failure
      // is the compiler leaving the index out, which the next case shows.
      { file: 'pages/goods/index.js', specifier: 'zego-express-engine-miniprogram' },
    ])
    files.delete('services/zego/index.js')
    expect(unresolvedRequires(files)).toEqual([
      { file: 'live/viewer/index.js', specifier: '../../services/zego' },
      { file: 'live/viewer/index.js', specifier: '../../services/zego/index' },
      { file: 'pages/goods/index.js', specifier: 'zego-express-engine-miniprogram' },
    ])
  })
})
