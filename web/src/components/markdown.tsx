/**
 * Narrative Markdown shown as the report shows it: the report's own safe renderer (no raw HTML,
 * only http/https/mailto links, no images), loaded on first use so it does not weigh on the
 * first page load.
 */
import { useEffect, useState } from 'react';

type Render = (markdown: string) => string;
let renderer: Promise<Render> | null = null;

function loadRenderer(): Promise<Render> {
  renderer ??= import('../../../src/report/markdown.js').then((module) => module.renderMarkdown);
  return renderer;
}

/** The rendered text; nothing until the renderer has loaded (a few milliseconds). */
export function MarkdownView({ source, className }: { source: string; className?: string }) {
  const [render, setRender] = useState<Render | null>(null);
  useEffect(() => {
    let live = true;
    void loadRenderer().then((fn) => {
      if (live) setRender(() => fn);
    });
    return () => {
      live = false;
    };
  }, []);
  if (!render) return <div className={className}>{source}</div>;
  // The renderer escapes raw HTML and drops unsafe links: its output is safe to insert.
  return <div className={className} dangerouslySetInnerHTML={{ __html: render(source) }} />;
}
