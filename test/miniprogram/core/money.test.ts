import { priceLabel, yuanText } from '../../../miniprogram/core/money'

describe('money', () => {
  it.each([
    [0, '0.00'],
    [1, '0.01'],
    [10, '0.10'],
    [1990, '19.90'],
    [2000, '20.00'],
    [123456789, '1234567.89'],
  ])('%i fen is %s yuan', (fen, text) => {
    expect(yuanText(fen)).toBe(text)
  })

  it('labels a price with the yuan sign', () => {
    expect(priceLabel(1999)).toBe('¥19.99')
  })

  it.each([-1, 1.5, Number.NaN, 2 ** 60])('refuses %s fen', (fen) => {
    expect(() => yuanText(fen)).toThrow(RangeError)
  })
})
