import { createHash } from 'node:crypto';
import { fileTypeFromBuffer } from 'file-type';
import {
  type Branding,
  LOGO_MAX_BYTES,
  type UpdateBranding,
} from '../../../../common/src/contracts/branding.ts';
import { type LogoType, logoTypes } from '../../../../common/src/labels/branding.ts';
import { recordChange } from '../../db/records.ts';
import { AppError, forbidden, invalid, notFound } from '../../errors.ts';
import type { Ctx } from '../../lib/context.ts';
import { isAdministrator } from '../access/actor.ts';
import {
  BRANDING_KEY,
  LOGO_KEY,
  lockBrandingSetting,
  readBrandingRows,
  removeBrandingSetting,
  type StoredBranding,
  type StoredLogo,
  writeBrandingSetting,
} from './branding.repository.ts';

/**
 * The university's name, primary colour and logo: read by everyone (the sign-in page shows them),
 * changed by administrators only, each change audited under a fixed id per setting.
 */
const SETTING_IDS = {
  [BRANDING_KEY]: '00000000-0000-4000-8000-000000000003',
  [LOGO_KEY]: '00000000-0000-4000-8000-000000000004',
} as const;

const mustAdminister = (ctx: Ctx) => {
  if (!isAdministrator(ctx.actor)) throw forbidden('Only administrators change how Rapport is branded');
};

/** The logo's public facts (its bytes stay out of the audit log). */
const logoFacts = (logo: StoredLogo | undefined | null) =>
  logo ? { type: logo.type, sha256: logo.sha256, bytes: logo.bytes } : null;

export async function getBranding(ctx: Pick<Ctx, 'db'>): Promise<Branding> {
  const { branding, logo } = await readBrandingRows(ctx.db);
  return {
    name: branding?.value.name ?? null,
    primaryColour: branding?.value.primaryColour ?? null,
    logoUrl: logo ? `/api/v1/branding/logo/${logo.value.sha256}` : null,
    // Both settings' versions: any change to either gives a new value (the web app's cache key).
    version: (branding?.version ?? 0) + (logo?.version ?? 0),
  };
}

export async function setBranding(ctx: Ctx, input: UpdateBranding): Promise<Branding> {
  mustAdminister(ctx);
  const value: StoredBranding = {
    name: input.name || null,
    primaryColour: input.primaryColour?.toLowerCase() ?? null,
  };
  await ctx.db.transaction(async (tx) => {
    const before = await lockBrandingSetting(tx, BRANDING_KEY);
    await writeBrandingSetting(tx, BRANDING_KEY, value);
    await recordChange(tx, ctx, {
      entity: 'setting',
      entityId: SETTING_IDS[BRANDING_KEY],
      action: 'updated',
      before: before?.value ?? null,
      after: value,
    });
  });
  return getBranding(ctx);
}

/** Replaces the logo with an image whose bytes (not its declared type) are PNG, JPEG or WebP. */
export async function setLogo(ctx: Ctx, body: Buffer): Promise<Branding> {
  mustAdminister(ctx);
  if (body.length === 0) throw invalid('logo', 'is empty: send the image as the request body');
  if (body.length > LOGO_MAX_BYTES)
    throw new AppError('too_large', `The logo must be at most ${LOGO_MAX_BYTES / 1024} KB`);
  const detected = await fileTypeFromBuffer(body);
  if (!detected || !(logoTypes as readonly string[]).includes(detected.mime))
    throw invalid('logo', 'must be a PNG, JPEG or WebP image (recognised from its contents)');
  const logo: StoredLogo = {
    type: detected.mime as LogoType,
    sha256: createHash('sha256').update(body).digest('hex'),
    bytes: body.length,
    data: body.toString('base64'),
  };
  await ctx.db.transaction(async (tx) => {
    const before = await lockBrandingSetting(tx, LOGO_KEY);
    await writeBrandingSetting(tx, LOGO_KEY, logo);
    await recordChange(tx, ctx, {
      entity: 'setting',
      entityId: SETTING_IDS[LOGO_KEY],
      action: 'updated',
      before: logoFacts(before?.value as StoredLogo | undefined),
      after: logoFacts(logo),
    });
  });
  return getBranding(ctx);
}

export async function removeLogo(ctx: Ctx): Promise<Branding> {
  mustAdminister(ctx);
  await ctx.db.transaction(async (tx) => {
    const removed = await removeBrandingSetting(tx, LOGO_KEY);
    if (!removed) return;
    await recordChange(tx, ctx, {
      entity: 'setting',
      entityId: SETTING_IDS[LOGO_KEY],
      action: 'updated',
      before: logoFacts(removed.value as StoredLogo),
      after: null,
    });
  });
  return getBranding(ctx);
}

/** The current logo's bytes, when `sha` names it (an old address finds nothing). */
export async function logoImage(ctx: Pick<Ctx, 'db'>, sha: string) {
  const { logo } = await readBrandingRows(ctx.db);
  if (!logo || logo.value.sha256 !== sha) throw notFound('Logo');
  return { type: logo.value.type, body: Buffer.from(logo.value.data, 'base64') };
}
