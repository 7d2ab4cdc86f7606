/**
 * Icons as inline SVG, so that every browser draws them (a symbol or emoji font may be missing,
 * and its glyphs then show as empty boxes). The goal statuses, the lock and the info sign are
 * the shapes the reports draw (src/domain/icons.ts); the others are the web's own, drawn the same
 * way: a 16 × 16 box in `currentColor`. An icon is decorative (`aria-hidden`) — the words beside
 * it say what it means — unless it is given a `label`, which it then carries as its name.
 */
import { iconShape, type IconName as SharedIcon } from '../../../src/domain/icons.js';

/** Shapes only the web draws. */
const WEB_SHAPES = {
  // A triangle with an exclamation mark: a warning.
  warning:
    '<path d="M8 1.8 15 14H1z" fill="none" stroke="currentColor" stroke-width="1.5" stroke-linejoin="round"/><rect x="7.2" y="5.8" width="1.6" height="4.4" rx="0.4" fill="currentColor"/><circle cx="8" cy="12" r="0.95" fill="currentColor"/>',
  // A filled circle with a cross: an error.
  error:
    '<circle cx="8" cy="8" r="7" fill="currentColor"/><path d="M5.3 5.3l5.4 5.4M10.7 5.3l-5.4 5.4" stroke="#fff" stroke-width="1.8" stroke-linecap="round"/>',
  // A pencil: a draft.
  draft:
    '<path d="M2.5 13.5l.8-3.2 7.6-7.6a1.6 1.6 0 0 1 2.3 0l.1.1a1.6 1.6 0 0 1 0 2.3l-7.6 7.6z" fill="none" stroke="currentColor" stroke-width="1.5" stroke-linejoin="round"/><path d="M9.8 3.8l2.4 2.4" stroke="currentColor" stroke-width="1.5"/>',
  // An arrow to the right: submitted.
  submitted:
    '<path d="M2.5 8h10M8.5 3.8 12.8 8l-4.3 4.2" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round"/>',
  // A diamond: a binding line.
  binding: '<path d="M8 2 14 8 8 14 2 8z" fill="currentColor"/>',
  // Chevrons of a tree's open and closed branches.
  open: '<path d="M3.5 6 8 10.5 12.5 6" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round"/>',
  closed:
    '<path d="M6 3.5 10.5 8 6 12.5" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round"/>',
  // An arrow up over a bar: over the budget.
  overrun:
    '<path d="M8 13V3.5M4 7.3 8 3.3l4 4" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round"/><rect x="2" y="13.2" width="12" height="1.6" rx="0.5" fill="currentColor"/>',
} as const;

export type IconName = SharedIcon | keyof typeof WEB_SHAPES;

function shapeOf(name: IconName): string {
  return name in WEB_SHAPES
    ? WEB_SHAPES[name as keyof typeof WEB_SHAPES]
    : iconShape(name as SharedIcon);
}

/** An icon the size of the text beside it; with `label`, an image of that name. */
export function Icon({
  name,
  label,
  className,
}: {
  name: IconName;
  label?: string;
  className?: string;
}) {
  const named = label !== undefined;
  return (
    <svg
      className={`icon icon-${name}${className ? ` ${className}` : ''}`}
      viewBox="0 0 16 16"
      width="1em"
      height="1em"
      focusable="false"
      {...(named ? { role: 'img', 'aria-label': label } : { 'aria-hidden': true })}
      // The shapes are constants of this module and src/domain/icons.ts, never user input.
      dangerouslySetInnerHTML={{ __html: shapeOf(name) }}
    />
  );
}
