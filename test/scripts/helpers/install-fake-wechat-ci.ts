/**
 * Puts the fake WeChat CI service in place of the `request` package before miniprogram-ci loads:
 * miniprogram-ci sends every call to servicewechat.com through that package (dist/utils/request.js).
 * Imported first by the release child process, so that module order does the rest.
 */
import Module from 'node:module'
import path from 'node:path'
import { requestThroughFake } from '../../fakes/wechat-ci'

const ciDir = path.dirname(require.resolve('miniprogram-ci'))
const requestPath = require.resolve('request', { paths: [ciDir] })
const replacement = new Module(requestPath)
replacement.exports = requestThroughFake
replacement.loaded = true
require.cache[requestPath] = replacement
