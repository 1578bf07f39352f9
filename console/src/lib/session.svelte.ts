import { loginResponse, sessionUser, type SessionUser } from './contracts.ts';
import { z } from 'zod';
import { api, apiVoid, ApiError, setToken } from './api.ts';

type SessionState =
  | { phase: 'checking' }
  | { phase: 'signed-out' }
  | { phase: 'signed-in'; user: SessionUser };

const state = $state<{ current: SessionState }>({ current: { phase: 'checking' } });

const meResponse = z.object({ user: sessionUser });

export const session = {
  get current(): SessionState {
    return state.current;
  },

  /** On load: a valid cookie skips the sign-in page. */
  async restore(): Promise<void> {
    try {
      const { user } = await api('/api/v1/auth/me', meResponse);
      state.current = { phase: 'signed-in', user };
    } catch {
      state.current = { phase: 'signed-out' };
    }
  },

  /** Throws ApiError; the page turns it into words. */
  async signIn(username: string, password: string): Promise<void> {
    const res = await api('/api/v1/auth/login', loginResponse, { method: 'POST', body: { username, password } });
    setToken(res.token);
    state.current = { phase: 'signed-in', user: res.user };
  },

  async signOut(): Promise<void> {
    try {
      await apiVoid('/api/v1/auth/logout', { method: 'POST' });
    } catch (e) {
      // signing out locally is what matters; a dead session server-side is already out
      if (!(e instanceof ApiError)) throw e;
    } finally {
      setToken(null);
      state.current = { phase: 'signed-out' };
    }
  },

  /** Any 401 from a later call means the session expired. */
  expired(): void {
    setToken(null);
    state.current = { phase: 'signed-out' };
  },
};
