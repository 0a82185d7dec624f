import DOMPurify from 'dompurify';
import { marked } from 'marked';

// Notes are prose: anything that asks for input (in-app phishing) or plays media has no place.
const FORBID_TAGS = [
  'form',
  'input',
  'button',
  'select',
  'option',
  'optgroup',
  'textarea',
  'fieldset',
  'datalist',
  'output',
  'label',
  'iframe',
  'frame',
  'object',
  'embed',
  'audio',
  'video',
  'source',
  'track',
  'picture',
  'style',
  'link',
  'meta',
  'base',
];
// style can fetch (background: url(…)); srcset and the form attributes name other places to go.
const FORBID_ATTR = ['style', 'srcset', 'action', 'formaction', 'ping', 'background', 'poster'];

/** Same-origin or data: images only: a remote image in a confidential note tells its host who read it. */
function isAllowedImage(src: string): boolean {
  if (src.startsWith('data:')) return /^data:image\/[a-z0-9.+-]+[;,]/i.test(src);
  try {
    return new URL(src, window.location.href).origin === window.location.origin;
  } catch {
    return false;
  }
}

const purify = DOMPurify(window);
purify.addHook('afterSanitizeAttributes', (node) => {
  if (node.nodeName === 'IMG' && !isAllowedImage(node.getAttribute('src') ?? '')) {
    node.removeAttribute('src');
  }
});

/** A touch point's markdown notes as HTML safe to put in the page: no script, form, input or remote image. */
export function renderNotes(markdown: string): string {
  return purify.sanitize(marked.parse(markdown, { async: false }), {
    USE_PROFILES: { html: true },
    FORBID_TAGS,
    FORBID_ATTR,
  });
}
