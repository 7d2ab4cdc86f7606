/**
 * A wide table's box on a narrow screen: it scrolls sideways instead of widening the page, and
 * as a named region that takes focus it can be scrolled with the keyboard too (WCAG 2.1.1; axe
 * scrollable-region-focusable).
 */
import type { ReactNode } from 'react';
import './scroll-region.css';

export function ScrollRegion({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="table-scroll" role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}
