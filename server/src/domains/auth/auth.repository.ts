import type { Pool } from '../../infra/db.ts';
import type { Role } from '../../contracts/index.ts';

export interface UserRow {
  id: number;
  username: string;
  displayName: string;
  passwordHash: string;
  roles: Role[];
  disabled: boolean;
}

const USER_COLUMNS = `id, username, display_name as "displayName", password_hash as "passwordHash", roles, disabled`;

export class AuthRepository {
  constructor(private readonly pool: Pool) {}

  async findByUsername(username: string): Promise<UserRow | null> {
    const r = await this.pool.query<UserRow>(`select ${USER_COLUMNS} from users where username = $1`, [username]);
    return r.rows[0] ?? null;
  }

  async countUsers(): Promise<number> {
    const r = await this.pool.query<{ n: number }>('select count(*)::int as n from users');
    return r.rows[0]?.n ?? 0;
  }

  async insertUser(u: { username: string; displayName: string; passwordHash: string; roles: Role[] }): Promise<UserRow> {
    const r = await this.pool.query<UserRow>(
      `insert into users (username, display_name, password_hash, roles) values ($1, $2, $3, $4)
       on conflict (username) do nothing returning ${USER_COLUMNS}`,
      [u.username, u.displayName, u.passwordHash, u.roles],
    );
    const row = r.rows[0];
    if (!row) throw Object.assign(new Error('username taken'), { code: 'username_taken' });
    return row;
  }

  async listUsers(): Promise<Omit<UserRow, 'passwordHash'>[]> {
    const r = await this.pool.query<UserRow>(`select ${USER_COLUMNS} from users order by username`);
    return r.rows.map(({ passwordHash: _omit, ...u }) => u);
  }

  async insertSession(tokenHash: string, userId: number, expiresAt: Date): Promise<void> {
    await this.pool.query('insert into sessions (token_hash, user_id, expires_at) values ($1, $2, $3)', [
      tokenHash,
      userId,
      expiresAt,
    ]);
  }

  async findSession(tokenHash: string): Promise<(UserRow & { expiresAt: Date }) | null> {
    const r = await this.pool.query<UserRow & { expiresAt: Date }>(
      `select u.id, u.username, u.display_name as "displayName", u.password_hash as "passwordHash", u.roles, u.disabled,
              s.expires_at as "expiresAt"
         from sessions s join users u on u.id = s.user_id
        where s.token_hash = $1 and s.expires_at > now()`,
      [tokenHash],
    );
    return r.rows[0] ?? null;
  }

  async deleteSession(tokenHash: string): Promise<void> {
    await this.pool.query('delete from sessions where token_hash = $1', [tokenHash]);
  }
}
