/**
 * Rapport's mark: two speech bubbles that meet, in the theme's colour. Decorative beside the
 * name, so it is hidden from screen readers; the name beside it says what it is.
 */
export function LogoMark({ size = 28 }: { size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 32 32" aria-hidden="true" focusable="false">
      <rect width="32" height="32" rx="8" fill="var(--mantine-color-rapport-7)" />
      <path
        d="M7 9.5a3.5 3.5 0 0 1 3.5-3.5h7a3.5 3.5 0 0 1 3.5 3.5v4a3.5 3.5 0 0 1-3.5 3.5H13l-3.5 3v-3.2A3.5 3.5 0 0 1 7 13.5z"
        fill="#fff"
      />
      <path
        d="M25 16.5a3.5 3.5 0 0 0-3.5-3.5H21v1a5 5 0 0 1-5 5h-1.5v.5a3.5 3.5 0 0 0 3.5 3.5h2.5l3.5 3v-3.3a3.5 3.5 0 0 0 1-2.4z"
        fill="var(--mantine-color-rapport-2)"
      />
    </svg>
  );
}
