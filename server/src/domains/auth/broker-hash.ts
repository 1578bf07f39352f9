import { pbkdf2Sync, randomBytes } from 'node:crypto';

/**
 * A Mosquitto 2.x password-file hash ("$7$" = PBKDF2-SHA512, 101 iterations, 12-byte salt,
 * 64-byte key, base64), so an external Mosquitto can be given the same device secrets
 * (mosquitto_passwd's format; see mosquitto's password_mosq.c).
 */
export function mosquittoHash(secret: string, salt: Buffer = randomBytes(12), iterations = 101): string {
  const key = pbkdf2Sync(secret, salt, iterations, 64, 'sha512');
  return `$7$${iterations}$${salt.toString('base64')}$${key.toString('base64')}`;
}
