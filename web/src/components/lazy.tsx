import { Center, Loader, Portal } from '@mantine/core';
import { type ComponentType, lazy, type ReactNode, Suspense, useState } from 'react';

/** Shown over the page while a dialog's code arrives (once per visit; then it opens at once). */
function DialogLoading() {
  return (
    <Portal>
      <Center pos="fixed" inset={0} style={{ zIndex: 300 }}>
        <Loader role="status" aria-label="Loading" />
      </Center>
    </Portal>
  );
}

/**
 * A dialog whose code loads the first time it opens, not with the page: the first screen
 * downloads only what it shows. Once opened it stays mounted, so it opens, closes and animates
 * exactly as the dialog it wraps.
 */
export function lazyDialog<P extends { opened: boolean }>(load: () => Promise<ComponentType<P>>) {
  const Dialog = lazy(async () => ({ default: await load() }));
  // biome-ignore lint/correctness/noComponentHookFactories: called once per dialog at module level (dialogs.tsx), never while rendering
  return function LazyDialog(props: P) {
    const [wanted, setWanted] = useState(props.opened);
    // Set while rendering (React's pattern for state derived from a prop): no extra frame closed.
    if (props.opened && !wanted) setWanted(true);
    if (!wanted) return null;
    return (
      <Suspense fallback={<DialogLoading />}>
        <Dialog {...props} />
      </Suspense>
    );
  };
}

/**
 * A part of a page (a tab's panel, a list of files opened on demand) whose code loads when it is
 * first drawn, with a loading state in its place until then.
 */
export function lazySection<P extends object>(load: () => Promise<ComponentType<P>>) {
  const Section = lazy(async () => ({ default: await load() }));
  // biome-ignore lint/correctness/noComponentHookFactories: called once per section at module level, never while rendering
  return function LazySection(props: P) {
    return (
      <Suspense
        fallback={
          <Center p="md">
            <Loader size="sm" role="status" aria-label="Loading" />
          </Center>
        }
      >
        <Section {...props} />
      </Suspense>
    );
  };
}

/**
 * A dialog drawn only once it has first opened: closed, Mantine's Modal still draws its portal,
 * transitions and overlay, and draws them again for its id, for every list that holds one. Once
 * opened it stays mounted, so it closes with its animation as before.
 */
export function OnceOpened({ opened, children }: { opened: boolean; children: ReactNode }) {
  const [wanted, setWanted] = useState(opened);
  // Set while rendering (React's pattern for state derived from a prop), as lazyDialog does.
  if (opened && !wanted) setWanted(true);
  return wanted ? children : null;
}
