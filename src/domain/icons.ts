/**
 * Icons as inline SVG markup, pure strings, for every output that would otherwise depend on a
 * font having a glyph (✔ ◐ ✘ ⏸ 🔒 ℹ render as empty boxes where no symbol or emoji font is
 * installed): the HTML and PDF report draw them, and the web may import the same ones. Each is
 * a 16 × 16 viewBox drawn in `currentColor`, so it takes the colour of the text around it and
 * reads in black and white; it is decorative (`aria-hidden`), the words beside it say what it
 * means.
 */
import type { GoalStatus } from './goals.js';

export type IconName = GoalStatus | 'lock' | 'info';

/** The drawing inside each icon's `<svg>`: paths in a 0–16 box. */
const SHAPES: Readonly<Record<IconName, string>> = {
  // A tick.
  achieved:
    '<path d="M2.5 8.5l3.5 3.5 7.5-8" fill="none" stroke="currentColor" stroke-width="2.2" stroke-linecap="round" stroke-linejoin="round"/>',
  // A circle, its left half filled.
  partlyAchieved:
    '<circle cx="8" cy="8" r="6" fill="none" stroke="currentColor" stroke-width="1.6"/><path d="M8 2a6 6 0 0 0 0 12z" fill="currentColor"/>',
  // A cross.
  notAchieved:
    '<path d="M3.5 3.5l9 9M12.5 3.5l-9 9" fill="none" stroke="currentColor" stroke-width="2.2" stroke-linecap="round"/>',
  // Two bars: paused.
  postponed:
    '<rect x="3.5" y="2.5" width="3" height="11" rx="0.6" fill="currentColor"/><rect x="9.5" y="2.5" width="3" height="11" rx="0.6" fill="currentColor"/>',
  // An empty circle: not assessed yet.
  notAssessed:
    '<circle cx="8" cy="8" r="5.6" fill="none" stroke="currentColor" stroke-width="1.6" stroke-dasharray="2.2 1.8"/>',
  // A padlock: shackle and body with a keyhole.
  lock: '<path d="M5 7V5a3 3 0 0 1 6 0v2" fill="none" stroke="currentColor" stroke-width="1.6"/><rect x="3" y="7" width="10" height="7.5" rx="1.2" fill="currentColor"/><circle cx="8" cy="10.5" r="1.2" fill="#fff"/>',
  // An "i" in a circle.
  info: '<circle cx="8" cy="8" r="6.6" fill="none" stroke="currentColor" stroke-width="1.5"/><circle cx="8" cy="4.9" r="1.05" fill="currentColor"/><rect x="7.1" y="6.8" width="1.8" height="5.2" rx="0.4" fill="currentColor"/>',
};

export const ICON_NAMES = Object.keys(SHAPES) as readonly IconName[];

/**
 * An icon as an inline `<svg>` element, `size` CSS pixels (default 1em, the size of the text
 * beside it), decorative; `className` is set as its class.
 */
export function iconSvg(
  name: IconName,
  options: { size?: string; className?: string } = {},
): string {
  const size = options.size ?? '1em';
  const cls = options.className === undefined ? '' : ` class="${options.className}"`;
  return `<svg xmlns="http://www.w3.org/2000/svg"${cls} viewBox="0 0 16 16" width="${size}" height="${size}" aria-hidden="true" focusable="false">${SHAPES[name]}</svg>`;
}

/** The drawing of an icon without its `<svg>` element, for callers that build their own. */
export function iconShape(name: IconName): string {
  return SHAPES[name];
}
