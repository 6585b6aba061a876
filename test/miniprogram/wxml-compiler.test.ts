import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import simulate from 'miniprogram-simulate'

/** A component written to a temp folder, loaded the way every page test loads pages. */
function writeComponent(wxml: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wxml-'))
  fs.writeFileSync(path.join(dir, 'index.json'), JSON.stringify({ component: true, usingComponents: {} }))
  fs.writeFileSync(path.join(dir, 'index.wxml'), wxml)
  fs.writeFileSync(path.join(dir, 'index.js'), 'Component({ data: { name: "shelf" } })\n')
  return path.join(dir, 'index')
}

describe('page tests compile WXML with WeChat\'s own compiler', () => {
  it('renders valid WXML', () => {
    const file = writeComponent('<view class="x">{{name}}</view>')
    const id = simulate.load(file, { rootPath: path.dirname(file) })
    const comp = simulate.render(id)
    comp.attach(document.createElement('parent-wrapper'))
    expect(comp.dom!.textContent).toBe('shelf')
  })

  it('fails to load a component whose WXML has a syntax error', () => {
    const broken = writeComponent('<view class="x">{{name}}</vie>')
    expect(() => simulate.load(broken, { rootPath: path.dirname(broken) })).toThrow(/编译 .wxml 文件错误[\s\S]*index.wxml/)
  })
})
