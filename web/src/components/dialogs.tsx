import { lazyDialog } from './lazy.tsx';

// The dialogs the header, the command palette and several pages open, each loaded on first use.
export const LogTouchpointModal = lazyDialog(
  async () => (await import('./LogTouchpointModal.tsx')).LogTouchpointModal,
);
export const RaiseRequestModal = lazyDialog(
  async () => (await import('./RaiseRequestModal.tsx')).RaiseRequestModal,
);
export const PartnerForm = lazyDialog(async () => (await import('./PartnerForm.tsx')).PartnerForm);
export const CommandPalette = lazyDialog(async () => (await import('./CommandPalette.tsx')).CommandPalette);
export const ShortcutsOverlay = lazyDialog(
  async () => (await import('./CommandPalette.tsx')).ShortcutsOverlay,
);
export const TaskForm = lazyDialog(async () => (await import('./TaskForm.tsx')).TaskForm);
export const SendSurveyModal = lazyDialog(
  async () => (await import('./surveys/SendSurveyModal.tsx')).SendSurveyModal,
);
// Saving a list's filters as a view: a form (name, who can use it) opened from the saved-views menu.
export const SaveViewModal = lazyDialog(async () => (await import('./SaveViewModal.tsx')).SaveViewModal);
