import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  brandingSchema,
  LOGO_MAX_BYTES,
  logoParams,
  updateBrandingBody,
} from '../../../../common/src/contracts/branding.ts';
import { logoTypes } from '../../../../common/src/labels/branding.ts';
import { invalid } from '../../errors.ts';
import { contextOf } from '../../lib/context.ts';
import { getBranding, logoImage, removeLogo, setBranding, setLogo } from './branding.service.ts';

const tags = ['Branding'];
/** Reading the branding needs no sign-in: the sign-in page shows it. */
const readerOf = (request: FastifyRequest) => ({ db: request.server.database.db });
const YEAR = 'public, max-age=31536000, immutable';

/** The university's name, colour and logo: public to read (the sign-in page), administrators change them. */
export const brandingRoutes: FastifyPluginAsyncZod = async (app) => {
  // A logo is sent as the request body, typed as the image it is; its bytes are checked again.
  app.addContentTypeParser(
    [...logoTypes],
    { parseAs: 'buffer', bodyLimit: LOGO_MAX_BYTES },
    (_request, body, done) => done(null, body),
  );

  app.get(
    '/branding',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: "The university's name, primary colour and logo",
        response: { 200: brandingSchema },
      },
    },
    async (request) => getBranding(readerOf(request)),
  );
  app.put(
    '/branding',
    {
      config: { access: 'administrator' },
      schema: {
        tags,
        summary: "Set the university's name and primary colour",
        description: 'The colour must carry white text at 4.5:1 or more; null keeps Rapport’s own.',
        body: updateBrandingBody,
        response: { 200: brandingSchema },
      },
    },
    async (request) => setBranding(contextOf(request), request.body),
  );
  app.put(
    '/branding/logo',
    {
      config: { access: 'administrator' },
      schema: {
        tags,
        summary: 'Replace the logo (the image as the body: PNG, JPEG or WebP, at most 256 KB)',
        response: { 200: brandingSchema },
      },
    },
    async (request) => {
      // Any other body (JSON, a form) is not an image sent as the body.
      if (!Buffer.isBuffer(request.body))
        throw invalid('logo', 'send the image itself as the body, typed image/png, image/jpeg or image/webp');
      return setLogo(contextOf(request), request.body);
    },
  );
  app.delete(
    '/branding/logo',
    {
      config: { access: 'administrator' },
      schema: {
        tags,
        summary: 'Remove the logo (Rapport’s mark is shown again)',
        response: { 200: brandingSchema },
      },
    },
    async (request) => removeLogo(contextOf(request)),
  );
  app.get(
    '/branding/logo/:sha',
    {
      config: { access: 'public' },
      compress: false,
      schema: {
        tags,
        summary: 'The logo image; its address changes with it, so it is cached for a year',
        params: logoParams,
      },
    },
    async (request, reply) => {
      const logo = await logoImage(readerOf(request), request.params.sha);
      return reply
        .headers({ 'content-type': logo.type, 'cache-control': YEAR, 'x-content-type-options': 'nosniff' })
        .send(logo.body);
    },
  );
};
