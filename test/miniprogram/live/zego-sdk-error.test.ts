import { zegoSdkError } from '../../../miniprogram/live/services/zego/sdk-error'
import { streamFailureMessage, ZegoCode } from '../../../miniprogram/live/core/zego-error-codes'

describe('what the ZEGO SDK rejects with, read once', () => {
  it('reads a ZegoServerResponse: errorCode and extendedData', () => {
    expect(zegoSdkError({ errorCode: 1002017, extendedData: 'room extra info key exceed the limit' })).toEqual({ code: 1002017, message: 'room extra info key exceed the limit' })
  })

  it('reads the SDK’s own {code, msg}, a numeric string code included', () => {
    expect(zegoSdkError({ code: 1102018, msg: 'token expired' })).toEqual({ code: 1102018, message: 'token expired' })
    expect(zegoSdkError({ code: '1002031', msg: 'login failed' })).toEqual({ code: 1002031, message: 'login failed' })
  })

  it('reads an Error as code 0 with its message', () => {
    expect(zegoSdkError(new Error('socket closed'))).toEqual({ code: 0, message: 'socket closed' })
  })

  it('takes the first non-empty text whichever field carries it', () => {
    expect(zegoSdkError({ errorCode: 1000017, extendedData: '', msg: 'network disconnected' })).toEqual({ code: 1000017, message: 'network disconnected' })
    expect(zegoSdkError({ code: 5, msg: '', message: 'from message' })).toEqual({ code: 5, message: 'from message' })
  })

  it('answers code 0 and no text for anything that is not an SDK rejection', () => {
    for (const err of [undefined, null, 'boom', 42, {}, { code: 'abc' }, { code: Number.NaN }]) {
      expect([err, zegoSdkError(err)]).toEqual([err, { code: 0, message: '' }])
    }
  })
})

describe('named ZEGO codes', () => {
  it('keep the platform’s numbers for the give-up codes the app recovers from', () => {
    expect([ZegoCode.pusherGaveUp, ZegoCode.playerGaveUp]).toEqual([-1307, -2301])
    expect(streamFailureMessage(ZegoCode.pusherGaveUp)).toBe('网络不稳定，推流中断')
    expect(streamFailureMessage(ZegoCode.playerGaveUp)).toBe('网络不稳定，画面中断')
    expect(streamFailureMessage(ZegoCode.tokenExpired)).toBe('登录凭证已过期')
  })
})
