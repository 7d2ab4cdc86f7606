/**
 * Who may call what, for the HTTP API. Every route states one rule in its config; the server
 * refuses a request before its input is validated unless the rule allows it, so that a refused
 * caller learns nothing of a route's schema. The rules are the domain's access module, the same
 * the service operations check again; they are documented in docs/api.md and, per route, in the
 * OpenAPI document as `x-rule`.
 */
import type { FastifyRequest } from 'fastify';
import { allows, type Actor, type Rule } from '../domain/access.js';
import { UtfallError } from '../domain/errors.js';
import { mayChangeUnit, requireMember, type UnitTarget } from '../service/access.js';
import type { Db } from '../service/store.js';

export { RULES, type Rule } from '../domain/access.js';
export type { UnitTarget } from '../service/access.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    rule?: Rule;
    /** A rule that depends on the request (imports of units and mapping are admin's). */
    ruleFor?: (request: FastifyRequest) => Rule;
    /** For unit-editor: the unit of the request (default: params m, year, code). */
    unitOf?: (request: FastifyRequest, db: Db) => Promise<UnitTarget | undefined>;
  }
}

/** The municipality a request concerns (the `m` of its address), or null for the installation. */
function municipalityOf(params: unknown): string | null {
  const m = (params as { m?: unknown } | undefined)?.m;
  return typeof m === 'string' ? m : null;
}

function unitFromParams(params: unknown): UnitTarget | undefined {
  const p = params as { m?: string; year?: string | number; code?: string };
  if (!p.m || p.year === undefined || !p.code) return undefined;
  return { municipalityId: p.m, year: Number(p.year), unitCode: p.code };
}

/** Refuses the request unless the actor passes its rule (the CSRF token is checked before). */
export async function judge(
  request: FastifyRequest,
  rule: Exclude<Rule, 'public'>,
  actor: Actor,
  db: Db,
): Promise<void> {
  const config = request.routeOptions.config;
  // A municipality the actor does not belong to does not exist for them: 404 on every route
  // under /api/m/:m/, whatever its rule, before anything else is judged.
  const municipalityId = municipalityOf(request.params);
  if (municipalityId !== null) requireMember(actor, municipalityId);
  if (rule === 'unit-editor') {
    const target = config.unitOf
      ? await config.unitOf(request, db)
      : unitFromParams(request.params);
    if (!target) throw new UtfallError('notFound');
    if (!(await mayChangeUnit(db, actor, target))) {
      throw new UtfallError('forbidden', { unit: target.unitCode });
    }
    return;
  }
  if (!allows(actor, municipalityId, rule)) {
    throw new UtfallError('forbiddenRole', { rule });
  }
}
