import zlib from 'node:zlib';
import compress from '@fastify/compress';
import fp from 'fastify-plugin';

/**
 * Compresses answers of 1 KB or more (API JSON, the OpenAPI document) with brotli or gzip, as
 * the client accepts. The web app's files are compressed once at build time (scripts/build-web.mjs)
 * and served as they are (plugins/web.ts), so this costs nothing for them. For API answers the
 * levels are the cheap ones: brotli quality 4 and gzip level 6 take about 0.3–0.4 ms of CPU for a
 * 20 KB list page (bench/compression.mjs), where brotli's default quality 11 takes 40 ms.
 * Request bodies are not decompressed: the API takes plain JSON, and bodyLimit keeps its meaning.
 */
export const compressionPlugin = fp(async (app) => {
  await app.register(compress, {
    global: true,
    globalDecompression: false,
    threshold: 1024,
    encodings: ['br', 'gzip'],
    brotliOptions: { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 4 } },
    zlibOptions: { level: 6 },
  });
});
