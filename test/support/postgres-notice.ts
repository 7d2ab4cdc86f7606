/**
 * A reporter beside Vitest's own: when the PostgreSQL server did not answer (postgres-setup.ts),
 * each database test file ran on PGlite only and carries one skipped test saying so
 * (engines.ts). After the summary this prints one notice: why, which files, and what to do.
 */
import { relative } from 'node:path';
import type { Reporter, TestModule, Vitest } from 'vitest/node';
import { REQUIRE_POSTGRES, SKIPPED_ON_POSTGRES } from './postgres.js';

export default class PostgresNotice implements Reporter {
  private vitest: Vitest | undefined;

  onInit(vitest: Vitest): void {
    this.vitest = vitest;
  }

  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    const root = this.vitest?.config.root ?? process.cwd();
    const files: string[] = [];
    let reason = '';
    for (const module of testModules) {
      for (const test of module.children.allTests()) {
        if (!test.name.startsWith(SKIPPED_ON_POSTGRES)) continue;
        reason = test.name.slice(SKIPPED_ON_POSTGRES.length).trim();
        files.push(relative(root, module.moduleId));
      }
    }
    if (files.length === 0) return;
    const lines = [
      '',
      `${reason}:`,
      `the PostgreSQL half of ${files.length} database test ${files.length === 1 ? 'file' : 'files'} was skipped (the PGlite half ran):`,
      ...wrap(files.sort(), 100).map((line) => `  ${line}`),
      'To run them, start PostgreSQL (CONTRIBUTING.md) or set DATABASE_TEST_URL to a server;',
      `UTFALL_ENGINES=pglite runs PGlite alone without this notice; ${REQUIRE_POSTGRES}=1 (as CI sets it) fails the run instead.`,
      '',
    ];
    const log = this.vitest ? (text: string) => this.vitest?.logger.log(text) : console.log;
    log(lines.join('\n'));
  }
}

/** Names joined by ", " into lines of at most `width` characters. */
function wrap(names: string[], width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const name of names) {
    const next = line ? `${line}, ${name}` : name;
    if (line && next.length > width) {
      lines.push(`${line},`);
      line = name;
    } else {
      line = next;
    }
  }
  if (line) lines.push(line);
  return lines;
}
