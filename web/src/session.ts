/** The logged-in user, shared by every page, and what their role lets them do. */
import { createContext, useContext } from 'react';
import type { SessionView, UserView } from '../../src/api/schemas.js';

export type User = UserView;
export type Session = SessionView;
export type Role = UserView['role'];

export interface Municipality {
  id: string;
  name: string;
  years: number[];
}

export interface AppContext {
  user: User;
  municipalities: Municipality[];
  /** Forgets the session here and on the server. */
  logout: () => Promise<void>;
}

export const SessionContext = createContext<AppContext | null>(null);

export function useSession(): AppContext {
  const context = useContext(SessionContext);
  if (!context) throw new Error('useSession outside of a session');
  return context;
}

/** Finance and admin: imports, budget changes, approval and locking. */
export function isFinance(user: User): boolean {
  return user.role === 'finance' || user.role === 'admin';
}

/**
 * Whether the user's role lets them change the unit at all (comment, edit when the workflow
 * allows): finance and admin everywhere, an editor on the units assigned to them and below.
 */
export function mayWorkOn(user: User, municipality: string, unitAndAncestors: string[]): boolean {
  if (isFinance(user)) return true;
  if (user.role !== 'editor') return false;
  const assigned = new Set(user.units[municipality] ?? []);
  return unitAndAncestors.some((code) => assigned.has(code));
}
