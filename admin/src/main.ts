import ElementPlus from 'element-plus'
import zhCn from 'element-plus/es/locale/lang/zh-cn'
import 'element-plus/dist/index.css'
import { createApp } from 'vue'
import App from './App.vue'
import { setUnauthorizedHandler } from './api/client'
import { session } from './api/session'
import { router } from './router'

setUnauthorizedHandler(() => {
  session.staff = null
  if (router.currentRoute.value.name !== 'sign-in') void router.push({ name: 'sign-in', query: { next: router.currentRoute.value.fullPath } })
})

createApp(App).use(ElementPlus, { locale: zhCn }).use(router).mount('#app')
