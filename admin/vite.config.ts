/// <reference types="vitest/config" />
// The console builds to admin/dist, served by the server at /admin (same origin as the API).
// It imports the commerce contract from ../miniprogram/contract, so forms check what the server checks.
import { fileURLToPath } from 'node:url'
import vue from '@vitejs/plugin-vue'
import { defineConfig } from 'vite'

const root = fileURLToPath(new URL('.', import.meta.url))

export default defineConfig({
  root,
  base: '/admin/',
  plugins: [vue()],
  resolve: { alias: { '@contract': fileURLToPath(new URL('../miniprogram/contract', import.meta.url)) } },
  server: { fs: { allow: [fileURLToPath(new URL('..', import.meta.url))] } },
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 2000 },
  test: { environment: 'jsdom', include: ['test/**/*.test.ts'], root },
})
