import { useHotkeys } from '@mantine/hooks';

/** What the palette can do besides opening a record: the layout owns these dialogs. */
export type PaletteCommands = {
  logTouchpoint: (partnerId?: string) => void;
  raiseRequest: (partnerId?: string) => void;
  newPartner: () => void;
  toggleScheme: () => void;
  scheme: 'light' | 'dark';
};

/** Ctrl/Cmd-K opens the palette and `?` the shortcuts, from anywhere but a text field. */
export function usePaletteHotkeys(openPalette: () => void, openShortcuts: () => void) {
  useHotkeys([
    ['mod+K', openPalette],
    ['shift+?', openShortcuts],
  ]);
}
