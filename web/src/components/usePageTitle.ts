import { useEffect } from 'react';

const APP = 'Rapport';
let focusOnNextTitle = false;

/** Called by the layout when the route changes (not on the first load): the next page's heading takes focus. */
export const moveFocusOnNextPage = () => {
  focusOnNextTitle = true;
};

/**
 * Sets `<title>` from the most specific part to the least ("Ashdown Building Society · Partners ·
 * Rapport"). Once every part is known (the record has loaded, so its heading is on the page),
 * focus moves to the page's main heading if the person has just navigated, so a screen reader
 * starts reading the new page and a keyboard user tabs on from its top.
 */
export function usePageTitle(...parts: (string | null | undefined)[]) {
  const ready = parts.every((p) => typeof p === 'string' && p.length > 0);
  const title = [...parts.filter((p): p is string => !!p), APP].join(' · ');
  useEffect(() => {
    document.title = title;
    if (!ready || !focusOnNextTitle) return;
    focusOnNextTitle = false;
    const heading = document.querySelector<HTMLElement>('#main h1, #main h2, main h1');
    if (!heading) return;
    heading.tabIndex = -1;
    heading.focus({ preventScroll: false });
  }, [title, ready]);
}
