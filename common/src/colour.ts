/** WCAG 2.2 relative luminance and contrast of `#rrggbb` colours (the formula of SC 1.4.3). */
export function relativeLuminance(hex: string): number {
  const channel = (i: number) => {
    const value = Number.parseInt(hex.slice(i, i + 2), 16) / 255;
    return value <= 0.04045 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
}

export function contrastRatio(a: string, b: string): number {
  const [light, dark] = [relativeLuminance(a), relativeLuminance(b)].sort((x, y) => y - x) as [
    number,
    number,
  ];
  return (light + 0.05) / (dark + 0.05);
}

/** Text smaller than 18 pt needs 4.5:1 (WCAG 2.2 AA). */
export const AA_TEXT = 4.5;

/** `a` moved towards `b` by `share` (0 … 1), channel by channel in sRGB, as `#rrggbb`. */
export function mix(a: string, b: string, share: number): string {
  const channel = (hex: string, i: number) => Number.parseInt(hex.slice(i, i + 2), 16);
  return `#${[1, 3, 5]
    .map((i) => Math.round(channel(a, i) + (channel(b, i) - channel(a, i)) * share))
    .map((value) => value.toString(16).padStart(2, '0'))
    .join('')}`;
}
