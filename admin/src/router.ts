import { createRouter, createWebHistory } from 'vue-router'
import { restoreSession, session } from './api/session'

export const router = createRouter({
  history: createWebHistory('/admin/'),
  routes: [
    { path: '/sign-in', name: 'sign-in', component: () => import('./views/SignInView.vue'), meta: { public: true, title: '登录' } },
    { path: '/', name: 'dashboard', component: () => import('./views/DashboardView.vue'), meta: { title: '概览' } },
    { path: '/goods', name: 'goods', component: () => import('./views/GoodsView.vue'), meta: { title: '商品' } },
    { path: '/rooms', name: 'rooms', component: () => import('./views/RoomsView.vue'), meta: { title: '直播间' } },
    { path: '/rooms/:id/monitor', name: 'monitor', component: () => import('./views/MonitorView.vue'), meta: { title: '直播监控' } },
    { path: '/orders', name: 'orders', component: () => import('./views/OrdersView.vue'), meta: { title: '订单' } },
    { path: '/shares', name: 'shares', component: () => import('./views/SharesView.vue'), meta: { title: '分享' } },
    { path: '/payment-anomalies', name: 'payment-anomalies', component: () => import('./views/PaymentAnomaliesView.vue'), meta: { title: '支付异常', adminOnly: true } },
    { path: '/users', name: 'users', component: () => import('./views/UsersView.vue'), meta: { title: '用户', adminOnly: true } },
    { path: '/:rest(.*)*', redirect: '/' },
  ],
})

router.beforeEach(async (to) => {
  if (!session.checked) await restoreSession()
  if (to.meta.public === true) return true
  if (session.staff === null) return { name: 'sign-in', query: { next: to.fullPath } }
  if (to.meta.adminOnly === true && session.staff.role !== 'admin') return { name: 'dashboard' }
  return true
})

router.afterEach((to) => {
  document.title = `${String(to.meta.title ?? '')} · 商家后台`
})
