/** The branding vocabularies and their labels, without zod: contracts/branding.ts builds its schemas from them. */

/** The kinds of image a logo may be: raster only (an SVG can carry script). */
export const logoTypes = ['image/png', 'image/jpeg', 'image/webp'] as const;
export type LogoType = (typeof logoTypes)[number];
