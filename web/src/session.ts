/**
 * The logged-in user, shared by every page, and what the server says they may do. The web
 * decides nothing about permissions itself: the session answer carries `may` per municipality,
 * and the pages carry `editable`, `commentable`, `actions` and `kinds`.
 */
import { createContext, useContext } from 'react';
import type { Abilities, SessionView, UserView } from '../../src/api/schemas.js';

export type User = UserView;
export type Session = SessionView;
export type Role = UserView['role'];
export type { Abilities };

export interface Municipality {
  id: string;
  name: string;
  years: number[];
}

export interface AppContext {
  user: User;
  /** What the user may do in each municipality, as the session answer says. */
  may: Session['may'];
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

/** Nothing beyond reading: a municipality the session answer does not name. */
const NOTHING: Abilities = { imports: [], budgetChanges: false, approve: false, users: false };

/** What the session answer says the user may do in a municipality. */
export function abilitiesIn(may: Session['may'], municipality: string): Abilities {
  return may[municipality] ?? NOTHING;
}

/** Whether the session answer lets the user manage users (installation-wide, so in any municipality). */
export function mayManageUsers(may: Session['may']): boolean {
  return Object.values(may).some((abilities) => abilities.users);
}
