import { createHash, randomBytes } from 'node:crypto';
import type { Role, SessionUser, UserInput } from '../../contracts/index.ts';
import { AppError, conflict, unauthorized } from '../../errors.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { AuthRepository } from './auth.repository.ts';
import { generateSecret, hashPassword, verifyPassword } from './password.ts';

/** Who is acting: a signed-in user, or the system itself (start-up, simulator). */
export interface Actor {
  userId: number | null;
  username: string;
  roles: Role[];
  requestId?: string | undefined;
}

export const SYSTEM_ACTOR: Actor = { userId: null, username: 'system', roles: ['admin'] };

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

export class AuthService {
  // A hash of a random password: verifying against it makes an unknown username cost the same
  // time as a wrong password, so timing does not reveal which usernames exist.
  private dummyHash: Promise<string> | null = null;

  constructor(
    private readonly repo: AuthRepository,
    private readonly audit: AuditService,
    private readonly sessionHours: number,
  ) {}

  async login(username: string, password: string): Promise<{ token: string; user: SessionUser; expiresAt: Date }> {
    const row = await this.repo.findByUsername(username);
    if (!row || row.disabled) {
      this.dummyHash ??= hashPassword(generateSecret());
      await verifyPassword(password, await this.dummyHash);
      throw unauthorized('wrong username or password');
    }
    if (!(await verifyPassword(password, row.passwordHash))) throw unauthorized('wrong username or password');
    return this.issueSession(row.id, { id: row.id, username: row.username, displayName: row.displayName, roles: row.roles });
  }

  /** A session for a user without a password check: for the in-process simulator at start-up. */
  async issueSession(userId: number, user: SessionUser): Promise<{ token: string; user: SessionUser; expiresAt: Date }> {
    const token = randomBytes(32).toString('base64url');
    const expiresAt = new Date(Date.now() + this.sessionHours * 3600_000);
    await this.repo.insertSession(sha256(token), userId, expiresAt);
    return { token, user, expiresAt };
  }

  async authenticate(token: string): Promise<SessionUser | null> {
    if (!token || token.length > 200) return null;
    const row = await this.repo.findSession(sha256(token));
    if (!row || row.disabled) return null;
    return { id: row.id, username: row.username, displayName: row.displayName, roles: row.roles };
  }

  async logout(token: string): Promise<void> {
    await this.repo.deleteSession(sha256(token));
  }

  async createUser(actor: Actor, input: UserInput): Promise<SessionUser> {
    const passwordHash = await hashPassword(input.password);
    try {
      const row = await this.repo.insertUser({ ...input, passwordHash });
      const user = { id: row.id, username: row.username, displayName: row.displayName, roles: row.roles };
      await this.audit.record(actor, { action: 'user.create', entity: 'user', entityId: String(row.id), after: user });
      return user;
    } catch (err) {
      if ((err as { code?: string }).code === 'username_taken') throw conflict(`user ${input.username} already exists`);
      throw err;
    }
  }

  listUsers() {
    return this.repo.listUsers();
  }

  /**
   * Makes sure user `admin` exists on a fresh database. Returns the generated password when one
   * had to be generated (to be printed once), null otherwise.
   */
  async ensureAdmin(password: string | undefined): Promise<{ user: SessionUser; generatedPassword: string | null }> {
    const existing = await this.repo.findByUsername('admin');
    if (existing) {
      return {
        user: { id: existing.id, username: existing.username, displayName: existing.displayName, roles: existing.roles },
        generatedPassword: null,
      };
    }
    const generated = password ? null : generateSecret(12);
    const pw = password ?? generated;
    if (!pw) throw new AppError(500, 'internal', 'no admin password');
    const row = await this.repo.insertUser({
      username: 'admin',
      displayName: 'Administrador',
      passwordHash: await hashPassword(pw),
      roles: ['admin'],
    });
    const user = { id: row.id, username: row.username, displayName: row.displayName, roles: row.roles };
    await this.audit.record(SYSTEM_ACTOR, { action: 'user.create', entity: 'user', entityId: String(row.id), after: user });
    return { user, generatedPassword: generated };
  }

  async findUser(username: string) {
    return this.repo.findByUsername(username);
  }
}
