/** The clock and waits of the shop pages, in one place so that tests set them instead of waiting. */

/** Unix seconds now: the pay countdown and the pay-again check read it. */
export const orderClock = { now: (): number => Math.floor(Date.now() / 1000) }

/** Waits before each re-read of a `created` order after a `paid` outcome (then 支付确认中). */
export const resultPolling = { delaysMs: [1000, 2000, 3000, 5000] as number[] }
