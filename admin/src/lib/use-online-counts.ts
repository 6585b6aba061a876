/** Online counts of some rooms, asked again as often as the server's cache renews them (at least 10 s apart) while the view is open. */
import { onBeforeUnmount, ref, watch } from 'vue'
import type { OnlineCount, OnlineCountsResponse } from '@contract/online-schemas'
import { api } from '../api/client'

const MIN_REFRESH_MS = 10_000

export function useOnlineCounts(roomIds: () => readonly string[]) {
  const counts = ref<Map<string, OnlineCount>>(new Map())
  const error = ref('')
  let timer: ReturnType<typeof setTimeout> | undefined
  let stopped = false

  async function refresh(): Promise<void> {
    clearTimeout(timer)
    const ids = roomIds()
    let nextMs = MIN_REFRESH_MS
    if (ids.length > 0) {
      try {
        const res = await api.get<OnlineCountsResponse>(`/api/admin/online-counts?roomIds=${ids.slice(0, 100).map(encodeURIComponent).join(',')}`)
        counts.value = new Map(res.counts.map((c) => [c.roomId, c]))
        error.value = ''
        nextMs = Math.max(MIN_REFRESH_MS, res.freshSeconds * 1000)
      } catch (err) {
        error.value = err instanceof Error ? err.message : String(err)
      }
    }
    if (!stopped) timer = setTimeout(() => void refresh(), nextMs)
  }

  watch(() => roomIds().join(','), () => void refresh(), { immediate: true })
  onBeforeUnmount(() => {
    stopped = true
    clearTimeout(timer)
  })
  return { counts, error, refresh }
}
