import { randomBytes } from 'node:crypto';
import type { Sql } from 'postgres';
import { z } from 'zod';
import { Id } from '../../domain/campaign';
import { notFound, refused } from '../errors';
import { ROLES, refineScope } from '../keys';
import type { Principal } from '../principal';
import { decodeCursorAs, encodeCursor } from '../schemas';
import { assertMayGrant } from './grants';
import { managedBy } from '../../services/scope';
import { generatePassword, hashPassword } from './passwords';
import { endAllSessions } from './sessions';

/**
 * User accounts (SPEC §13): a person with a role and a scope as on an API key (SPEC §1). An admin manages every
 * account; a bureau those of its own subtree (bureau and discipline accounts of its jurisdiction and below, agency
 * accounts of its agencies), never an admin account. A new or reset account gets a generated password, shown once,
 * that must be changed at the first sign-in.
 */
export const Username = z
  .string()
  .min(2)
  .max(64)
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.@-]*$/, '用户名只能包含字母、数字和 _ . @ -');

/** The identity provider's subject (its `sub` claim) an account is linked to: how the provider's sign-in finds it. */
export const OidcSubject = z
  .string()
  .min(1)
  .max(255)
  .regex(/^[\x21-\x7e]+$/, '统一身份认证标识只能包含可见的 ASCII 字符')
  .describe("the identity provider's subject (sub) this account signs in as");

/** A mainland mobile number for text messages (docs/NOTIFICATIONS.md "SMS"). */
export const AccountMobile = z
  .string()
  .regex(/^1[3-9]\d{9}$/, '手机号码应为 11 位数字，以 1 开头')
  .describe('a mainland mobile number: its text messages reach this person');

export const CreateUserSchema = z
  .strictObject({
    username: Username,
    displayName: z.string().trim().min(1, '请填写姓名').max(100),
    role: z.enum(ROLES),
    jurisdictionId: Id.optional(),
    agencyId: Id.optional(),
    oidcSubject: OidcSubject.optional(),
    mobile: AccountMobile.optional(),
  })
  .superRefine(refineScope('account'));
export type CreateUserInput = z.infer<typeof CreateUserSchema>;

export const UserView = z
  .object({
    id: z.string(),
    username: z.string(),
    displayName: z.string(),
    role: z.enum(ROLES),
    jurisdictionId: z.string().nullable(),
    agencyId: z.string().nullable(),
    mustChangePassword: z.boolean(),
    oidcSubject: z.string().nullable(),
    mobile: z.string().nullable(),
    createdAt: z.string(),
    disabledAt: z.string().nullable(),
  })
  .meta({ id: 'User' });
export type UserView = z.infer<typeof UserView>;

interface UserRow {
  id: string;
  username: string;
  display_name: string;
  role: UserView['role'];
  jurisdiction_id: string | null;
  agency_id: string | null;
  must_change_password: boolean;
  oidc_subject: string | null;
  mobile: string | null;
  created_at: Date;
  disabled_at: Date | null;
}

const COLUMNS = (sql: Sql) =>
  sql`id, username, display_name, role, jurisdiction_id, agency_id, must_change_password, oidc_subject, mobile, created_at, disabled_at`;

export const userView = (r: UserRow): UserView => ({
  id: r.id,
  username: r.username,
  displayName: r.display_name,
  role: r.role,
  jurisdictionId: r.jurisdiction_id,
  agencyId: r.agency_id,
  mustChangePassword: r.must_change_password,
  oidcSubject: r.oidc_subject,
  mobile: r.mobile,
  createdAt: r.created_at.toISOString(),
  disabledAt: r.disabled_at ? r.disabled_at.toISOString() : null,
});

export async function createUser(
  sql: Sql,
  p: Principal,
  input: CreateUserInput,
): Promise<{ id: string; initialPassword: string }> {
  await assertMayGrant(sql, p, input);
  const id = `u_${randomBytes(6).toString('hex')}`;
  const initialPassword = generatePassword();
  const inserted = await linkingSubject(
    sql`
    insert into users (id, username, display_name, role, jurisdiction_id, agency_id, password_hash, created_by, oidc_subject, mobile)
    values (${id}, ${input.username}, ${input.displayName}, ${input.role}, ${input.jurisdictionId ?? null}, ${input.agencyId ?? null},
            ${await hashPassword(initialPassword)}, ${p.keyId}, ${input.oidcSubject ?? null}, ${input.mobile ?? null})
    on conflict (lower(username)) do nothing
    returning 1`,
  );
  if (!inserted.length) throw refused('username_taken', `用户名 ${input.username} 已被使用`);
  return { id, initialPassword };
}

/** A write that may link a subject: one already linked to another account is a 409, not the index's 500. */
async function linkingSubject<T>(write: Promise<T>): Promise<T> {
  try {
    return await write;
  } catch (err) {
    if ((err as { constraint_name?: string }).constraint_name === 'users_by_oidc_subject')
      throw refused('oidc_subject_taken', '该统一身份认证标识已关联本系统的另一用户');
    throw err;
  }
}

/** Links an account to the provider's subject, or unlinks it (null); its sessions go on. */
export async function setOidcSubject(sql: Sql, p: Principal, id: string, subject: string | null): Promise<UserView> {
  await managedUser(sql, p, id);
  const [row] = await linkingSubject(
    sql<UserRow[]>`update users set oidc_subject = ${subject} where id = ${id} returning ${COLUMNS(sql)}`,
  );
  return userView(row);
}

/** Sets or clears (null) the mobile number an account's text messages go to; its manager's to change. */
export async function setMobile(sql: Sql, p: Principal, id: string, mobile: string | null): Promise<UserView> {
  await managedUser(sql, p, id);
  const [row] = await sql<UserRow[]>`update users set mobile = ${mobile} where id = ${id} returning ${COLUMNS(sql)}`;
  return userView(row);
}

/** The account the provider's sign-in names, enabled or not; null when no account is linked to the subject. */
export async function findByOidcSubject(
  sql: Sql,
  subject: string,
): Promise<{ id: string; disabled_at: Date | null } | null> {
  const [row] = await sql<
    { id: string; disabled_at: Date | null }[]
  >`select id, disabled_at from users where oidc_subject = ${subject}`;
  return row ?? null;
}

/** Accounts by username, keyset-paginated. */
export async function listUsers(
  sql: Sql,
  p: Principal,
  o: { limit: number; cursor?: string; disabled?: boolean },
): Promise<{ items: UserView[]; nextCursor: string | null }> {
  const after = decodeCursorAs(o.cursor, z.string().min(1))?.toLowerCase();
  const rows = await sql<UserRow[]>`
    select ${COLUMNS(sql)} from users
    where ${managedBy(sql, p)}
      ${o.disabled === undefined ? sql`` : o.disabled ? sql`and disabled_at is not null` : sql`and disabled_at is null`}
      ${after ? sql`and lower(username) > ${after}` : sql``}
    order by lower(username)
    limit ${o.limit + 1}`;
  const page = rows.slice(0, o.limit);
  return {
    items: page.map(userView),
    nextCursor: rows.length > o.limit ? encodeCursor(JSON.stringify(page[page.length - 1].username)) : null,
  };
}

/** An account the caller manages; one outside its subtree answers 404, as other scopes' objects do. */
async function managedUser(sql: Sql, p: Principal, id: string): Promise<UserRow> {
  const [row] = await sql<UserRow[]>`select ${COLUMNS(sql)} from users where id = ${id} and ${managedBy(sql, p)}`;
  if (!row) throw notFound('user');
  return row;
}

/** Disables an account and ends its sessions; 409 when it already is. A person does not disable themself. */
export async function disableUser(sql: Sql, p: Principal, id: string): Promise<UserView> {
  if (p.person?.userId === id) throw refused('cannot_disable_self', '不能停用自己的账号');
  await managedUser(sql, p, id);
  const [row] = await sql<UserRow[]>`
    update users set disabled_at = clock_timestamp() where id = ${id} and disabled_at is null returning ${COLUMNS(sql)}`;
  if (!row) throw refused('account_already_disabled', '该账号已停用');
  await endAllSessions(sql, id);
  return userView(row);
}

/**
 * Enables a disabled account again: the person signs in with the password they had (a manager resets it when that is
 * in doubt); 409 when it is not disabled.
 */
export async function enableUser(sql: Sql, p: Principal, id: string): Promise<UserView> {
  await managedUser(sql, p, id);
  const [row] = await sql<UserRow[]>`
    update users set disabled_at = null where id = ${id} and disabled_at is not null returning ${COLUMNS(sql)}`;
  if (!row) throw refused('account_not_disabled', '该账号未停用');
  return userView(row);
}

/** A new generated password, to be changed at the next sign-in; every session of the account ends. */
export async function resetPassword(
  sql: Sql,
  p: Principal,
  id: string,
): Promise<{ id: string; initialPassword: string }> {
  await managedUser(sql, p, id);
  const initialPassword = generatePassword();
  await sql`
    update users set password_hash = ${await hashPassword(initialPassword)}, must_change_password = true, password_changed_at = clock_timestamp()
    where id = ${id}`;
  await endAllSessions(sql, id);
  return { id, initialPassword };
}

export interface SignInRow {
  id: string;
  username: string;
  password_hash: string;
  disabled_at: Date | null;
}

export async function findForSignIn(sql: Sql, username: string): Promise<SignInRow | null> {
  const [row] = await sql<
    SignInRow[]
  >`select id, username, password_hash, disabled_at from users where lower(username) = lower(${username})`;
  return row ?? null;
}

/** Sets a person's own new password (already checked against the policy) and signs them out everywhere. */
export async function setOwnPassword(sql: Sql, userId: string, next: string): Promise<void> {
  await sql`
    update users set password_hash = ${await hashPassword(next)}, must_change_password = false, password_changed_at = clock_timestamp()
    where id = ${userId}`;
  await endAllSessions(sql, userId);
}

export async function passwordHashOf(sql: Sql, userId: string): Promise<string | null> {
  const [row] = await sql<{ password_hash: string }[]>`select password_hash from users where id = ${userId}`;
  return row?.password_hash ?? null;
}
