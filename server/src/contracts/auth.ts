import { z } from 'zod';
import { role } from './common.ts';

export const loginInput = z.object({
  username: z.string().min(1).max(64),
  password: z.string().min(1).max(256),
});
export type LoginInput = z.infer<typeof loginInput>;

export const sessionUser = z.object({
  id: z.number().int(),
  username: z.string(),
  displayName: z.string(),
  roles: z.array(role),
});
export type SessionUser = z.infer<typeof sessionUser>;

export const loginResponse = z.object({ token: z.string(), user: sessionUser, expiresAt: z.string() });
export type LoginResponse = z.infer<typeof loginResponse>;

export const userInput = z.object({
  username: z.string().min(3).max(64).regex(/^[a-z0-9._-]+$/, 'lower-case letters, digits, dot, dash, underscore'),
  password: z.string().min(10).max(256),
  displayName: z.string().min(1).max(120),
  roles: z.array(role).min(1),
});
export type UserInput = z.infer<typeof userInput>;

/** Name of the httpOnly session cookie set by login. */
export const SESSION_COOKIE = 'vatio_session';
