import { flushPromises, mount } from '@vue/test-utils'
import ElementPlus from 'element-plus'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createMemoryHistory, createRouter } from 'vue-router'
import type { SkuInput, SpecDimension } from '@contract/goods-schemas'
import ImageList from '../src/components/ImageList.vue'
import SkuEditor from '../src/components/SkuEditor.vue'
import SignInView from '../src/views/SignInView.vue'

afterEach(() => {
  vi.unstubAllGlobals()
  vi.useRealTimers()
})

describe('SkuEditor', () => {
  it('turns typed spec values into one priced row per combination', async () => {
    let specs: SpecDimension[] = [{ name: '颜色', values: [] }]
    let skus: SkuInput[] = []
    const wrapper = mount(SkuEditor, {
      global: { plugins: [ElementPlus] },
      props: {
        specs,
        skus,
        'onUpdate:specs': (v: SpecDimension[]) => void wrapper.setProps({ specs: (specs = v) }),
        'onUpdate:skus': (v: SkuInput[]) => void wrapper.setProps({ skus: (skus = v) }),
      },
    })
    const values = wrapper.get('input[aria-label="规格 1 的值（逗号分隔）"]')
    await values.setValue('红色，蓝色 红色')
    await values.trigger('change')
    await flushPromises()
    expect(specs).toEqual([{ name: '颜色', values: ['红色', '蓝色'] }])
    expect(skus.map((s) => s.specValues)).toEqual([['红色'], ['蓝色']])
    expect(wrapper.findAll('input[aria-label$="价格（元）"]').map((i) => i.attributes('aria-label'))).toEqual(['红色 价格（元）', '蓝色 价格（元）'])
  })
})

describe('SignInView', () => {
  const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/', component: { template: '<p>home</p>' } }, { path: '/sign-in', component: SignInView }] })

  it('checks the form with the contract before sending, then shows the server error next to its field', async () => {
    const fetchMock = vi.fn(async () => new Response(JSON.stringify({ error: 'invalid_credentials', message: '账号或密码错误', field: 'password' }), { status: 401 }))
    vi.stubGlobal('fetch', fetchMock)
    await router.push('/sign-in')
    // Element Plus shows a field's message after a short debounce: advance a fake clock through it.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    const settle = async (): Promise<void> => {
      await flushPromises()
      vi.advanceTimersByTime(1000)
      await flushPromises()
    }
    const wrapper = mount(SignInView, { global: { plugins: [ElementPlus, router], stubs: { transition: false, 'transition-group': false } }, attachTo: document.body })
    const errorOf = (id: string) => wrapper.findAll('.el-form-item').find((item) => item.find(`#${id}`).exists())?.find('.el-form-item__error')
    await wrapper.get('form').trigger('submit')
    await settle()
    expect(fetchMock).not.toHaveBeenCalled()
    expect(errorOf('sign-in-name')?.text()).toMatch(/格式不正确/)

    await wrapper.get('#sign-in-name').setValue('demo-admin')
    await wrapper.get('#sign-in-password').setValue('wrong')
    await wrapper.get('form').trigger('submit')
    await settle()
    expect(fetchMock).toHaveBeenCalledTimes(1)
    expect(fetchMock.mock.calls[0]).toEqual(['/api/admin/staff/sign-in', expect.objectContaining({ method: 'POST', body: JSON.stringify({ name: 'demo-admin', password: 'wrong' }) })])
    expect(errorOf('sign-in-password')?.text()).toBe('账号或密码错误')
    const nameItem = wrapper.findAll('.el-form-item').find((item) => item.find('#sign-in-name').exists())
    expect(nameItem?.classes()).not.toContain('is-error')
    wrapper.unmount()
  })
})

describe('ImageList', () => {
  it('shows why an upload failed when the image store refused it, and adds no image', async () => {
    const answer = { error: 'storage_failed', message: 'the image was not stored: object storage refused the image: HTTP 403 SignatureDoesNotMatch; nothing was kept, try again', field: 'file' }
    const fetchMock = vi.fn(async () => new Response(JSON.stringify(answer), { status: 502 }))
    vi.stubGlobal('fetch', fetchMock)
    let images: string[] = []
    const wrapper = mount(ImageList, { global: { plugins: [ElementPlus] }, props: { label: '商品图片', max: 9, inputId: 'img', modelValue: images, 'onUpdate:modelValue': (v: string[]) => void (images = v) } })
    const input = wrapper.get('input[type="file"]')
    Object.defineProperty(input.element, 'files', { value: [new File([new Uint8Array([0x89, 0x50])], 'a.png', { type: 'image/png' })], configurable: true })
    await input.trigger('change')
    await flushPromises()
    expect(fetchMock).toHaveBeenCalledTimes(1)
    expect({ images, errors: wrapper.emitted('error') }).toEqual({ images: [], errors: [[answer.message]] })
  })
})
