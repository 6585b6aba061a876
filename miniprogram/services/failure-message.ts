/** The line a list shows when a load failed: the service's own message, or a general one. */
export function failureMessage(err: unknown): string {
  return err instanceof Error && err.message ? err.message : '加载失败，请稍后重试'
}
