/** GET /api/client-config: public settings the mini-program reads at run time (never a secret). */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { ErrorResponses } from '../../../miniprogram/contract/common-schemas'
import { ClientConfigResponseSchema } from '../../../miniprogram/contract/share-schemas'
import type { Config } from '../config'

export const clientConfigPlugin: FastifyPluginAsyncTypebox<{ config: Config }> = async (app, { config }) => {
  app.get(
    '/api/client-config',
    { schema: { tags: ['config'], summary: 'Public settings for the mini-program (Channels live ID)', response: { 200: ClientConfigResponseSchema, ...ErrorResponses } } },
    async () => ({ channelsFinderUserName: config.channelsFinderUserName }),
  )
}
