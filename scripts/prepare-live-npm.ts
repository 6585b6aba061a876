/**
 * Fills live-npm/node_modules (the ZEGO SDK) from the root install, so that both npm relations of
 * project.config.json can be packed, by `npm run build` or by DevTools' 构建 npm. Runs on postinstall.
 */
import path from 'node:path'
import { prepareLiveNpm } from './lib/pack-npm'

prepareLiveNpm(path.resolve(__dirname, '..'))
