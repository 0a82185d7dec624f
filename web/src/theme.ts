import {
  Badge,
  type CSSVariablesResolver,
  createTheme,
  type MantineColorsTuple,
  type MantineThemeOverride,
  type ModalProps,
  mergeThemeOverrides,
  Notification,
} from '@mantine/core';
import { AA_TEXT, contrastRatio, mix } from '../../common/src/colour.ts';

/**
 * Rapport's own colour: a deep teal, the colour of a conversation that goes somewhere.
 * Shade 8 (the primary shade) carries white text at 7.8:1; shade 4, used for links on the dark scheme, reads at 5.4:1
 * on Mantine's dark body. Checked by axe in both schemes (e2e/identity.test.ts).
 */
export const rapportTeal: MantineColorsTuple = [
  '#e3f4f3',
  '#c4e7e5',
  '#93d3cf',
  '#5fbdb7',
  '#34a8a1',
  '#1d948d',
  '#0f807a',
  '#0b6d68',
  '#085c58',
  '#064a47',
];

/** Good news (active, met, saved): shade 8, the one used, carries white text at 8.5:1. */
const success: MantineColorsTuple = [
  '#e6f4ea',
  '#cce9d5',
  '#9bd3ad',
  '#67bc83',
  '#3fa862',
  '#2a9a4f',
  '#237f41',
  '#216e39',
  '#1b5c2f',
  '#144824',
];
/** Needs attention soon (high priority, waiting list): shade 8 carries white text at 9.8:1. */
const warning: MantineColorsTuple = [
  '#fff0e0',
  '#ffdcbf',
  '#ffb780',
  '#ff9340',
  '#f07a1a',
  '#d86400',
  '#b84f00',
  '#9c3d00',
  '#7a3000',
  '#5c2400',
];

export const theme = createTheme({
  colors: { rapport: rapportTeal, success, warning },
  primaryColor: 'rapport',
  // Shade 8 everywhere: Mantine's own colours (a red Escalate button) carry white text at AA there.
  primaryShade: { light: 8, dark: 8 },
  defaultRadius: 'md',
  fontFamily:
    'Inter, "Segoe UI", Roboto, "Helvetica Neue", "Liberation Sans", Arial, system-ui, -apple-system, sans-serif',
  headings: { fontWeight: '650' },
  respectReducedMotion: true,
  components: {
    // Sentence case, wrapped rather than cut (styles.css): "Waiting on partner", never "WAITING ON PA…".
    Badge: Badge.extend({ styles: { label: { textTransform: 'none', fontWeight: 600 } } }),
    // Written out rather than Modal.extend(…), which would bring the whole dialog (its focus trap,
    // scroll lock and transitions) into the first load: every dialog loads on demand.
    Modal: {
      defaultProps: { closeButtonProps: { 'aria-label': 'Close dialog' } } satisfies Partial<ModalProps>,
    },
    Notification: Notification.extend({
      defaultProps: { closeButtonProps: { 'aria-label': 'Dismiss' } },
      styles: { description: { color: 'var(--mantine-color-text)' } },
    }),
  },
});

/** Colours Mantine leaves below 4.5:1 in either scheme, raised to WCAG 2.2 AA. */
export const contrast: CSSVariablesResolver = () => ({
  variables: {},
  light: {
    // Shade 6 reads at 4.8:1 on white and differs from black body text by 4.4:1, so a link inside a
    // sentence is told apart without an underline (WCAG 1.4.1, axe's link-in-text-block).
    '--mantine-color-anchor': rapportTeal[6],
    '--mantine-color-dimmed': '#495057',
    '--mantine-color-placeholder': '#6c737a',
    '--mantine-color-error': '#c92a2a',
  },
  dark: {
    '--mantine-color-dimmed': '#b4b6ba',
    '--mantine-color-placeholder': '#a0a2a6',
    '--mantine-color-error': '#ff8787',
    '--mantine-color-anchor': rapportTeal[3],
  },
});

/** Mantine's dark body, which links on the dark scheme are read against. */
const DARK_BODY = '#242424';

/**
 * Ten shades around a university's own colour (shade 8, the primary shade, is the colour itself, which the server
 * only accepts when white text reads on it at 4.5:1), and a link colour for the dark scheme
 * light enough to read there.
 */
export function brandPalette(colour: string): {
  shades: MantineColorsTuple;
  darkLink: string;
  lightLink: string;
} {
  const towardsWhite = [0.92, 0.84, 0.7, 0.56, 0.42, 0.3, 0.18, 0.08];
  const shades = [
    ...towardsWhite.map((share) => mix(colour, '#ffffff', share)),
    colour,
    mix(colour, '#000000', 0.2),
  ] as unknown as MantineColorsTuple;
  const darkLink =
    [...shades.slice(0, 8)].reverse().find((shade) => contrastRatio(shade, DARK_BODY) >= AA_TEXT) ??
    shades[0];
  // On white: readable (4.5:1) and distinct from black body text (3:1), where a shade allows both.
  const lightLink =
    [...shades].find(
      (shade) => contrastRatio(shade, '#ffffff') >= AA_TEXT && contrastRatio(shade, '#000000') >= 3,
    ) ?? colour;
  return { shades, darkLink, lightLink };
}

/** Rapport's theme, in the university's colour when it has set one. */
export function themeFor(primaryColour: string | null): {
  theme: MantineThemeOverride;
  resolver: CSSVariablesResolver;
} {
  if (!primaryColour) return { theme, resolver: contrast };
  const { shades, darkLink, lightLink } = brandPalette(primaryColour);
  return {
    theme: mergeThemeOverrides(theme, { colors: { brand: shades }, primaryColor: 'brand' }),
    resolver: (t) => {
      const base = contrast(t);
      return {
        ...base,
        light: { ...base.light, '--mantine-color-anchor': lightLink },
        dark: { ...base.dark, '--mantine-color-anchor': darkLink },
      };
    },
  };
}
