import { describe, expect, it } from 'vitest';
import { DEVICE_SECRET_PARAMS, generateSecret, hashPassword, verifyPassword } from './password.ts';

describe('password hashing', () => {
  it('verifies the right password and refuses a wrong one', async () => {
    const stored = await hashPassword('correct horse battery', DEVICE_SECRET_PARAMS);
    expect(stored.startsWith('scrypt$4096$8$1$')).toBe(true);
    expect(await verifyPassword('correct horse battery', stored)).toBe(true);
    expect(await verifyPassword('correct horse batterY', stored)).toBe(false);
  });

  it('salts each hash', async () => {
    const a = await hashPassword('same password', DEVICE_SECRET_PARAMS);
    const b = await hashPassword('same password', DEVICE_SECRET_PARAMS);
    expect(a).not.toBe(b);
  });

  it('refuses a malformed stored hash instead of throwing', async () => {
    expect(await verifyPassword('x', 'md5$abc')).toBe(false);
  });

  it('generates url-safe secrets of useful length', () => {
    const s = generateSecret();
    expect(s).toMatch(/^[A-Za-z0-9_-]{32}$/);
  });
});
