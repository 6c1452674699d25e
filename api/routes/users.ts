import { z } from 'zod';
import { Id } from '../../domain/campaign';
import {
  AccountMobile,
  CreateUserSchema,
  OidcSubject,
  UserView,
  createUser,
  disableUser,
  enableUser,
  listUsers,
  resetPassword,
  setMobile,
  setOidcSubject,
} from '../people/users';
import { route } from '../route';
import { Page, PageQuery } from '../schemas';

const MANAGERS = ['admin', 'bureau'] as const;
const Params = z.strictObject({ id: Id });
const WithPassword = z.object({
  id: z.string(),
  initialPassword: z
    .string()
    .optional()
    .describe(
      'shown once, changed at the first sign-in; absent from an Idempotency-Key replay, which never stores it (reset the password if the first answer was lost)',
    ),
});

/**
 * User accounts (SPEC §13): an admin manages all, a bureau those of its subtree (api/people/users.ts). A generated
 * password is in the answer only: an Idempotency-Key replay answers without it.
 */
export const userRoutes = [
  route({
    method: 'post',
    path: '/v1/users',
    tag: 'access',
    summary:
      'Create an account with a generated first password (shown once, to be changed at the first sign-in); a bureau only for its subtree',
    access: MANAGERS,
    body: CreateUserSchema,
    secretFields: ['initialPassword'],
    response: { status: 201, description: 'the new account', schema: WithPassword },
    errors: [409],
    async handler({ body, principal, deps }) {
      return { status: 201, body: await createUser(deps.sql, principal, body) };
    },
  }),

  route({
    method: 'get',
    path: '/v1/users',
    tag: 'access',
    summary: 'The accounts the caller manages, by username; filter disabled',
    access: MANAGERS,
    query: PageQuery.extend({
      disabled: z
        .enum(['true', 'false'])
        .transform((v) => v === 'true')
        .optional(),
    }),
    response: { status: 200, description: 'a page of accounts', schema: Page(UserView) },
    async handler({ query, principal, deps }) {
      return { body: await listUsers(deps.sql, principal, query) };
    },
  }),

  route({
    method: 'post',
    path: '/v1/users/:id/disable',
    tag: 'access',
    summary: 'Disable an account: its sessions end and it can no longer sign in; disabling twice is a 409',
    access: MANAGERS,
    params: Params,
    response: { status: 200, description: 'the disabled account', schema: UserView },
    errors: [409, 422],
    async handler({ params, principal, deps }) {
      return { body: await disableUser(deps.sql, principal, params.id) };
    },
  }),

  route({
    method: 'post',
    path: '/v1/users/:id/enable',
    tag: 'access',
    summary:
      'Enable a disabled account again: it signs in with its password as before; enabling one not disabled is a 409',
    access: MANAGERS,
    params: Params,
    response: { status: 200, description: 'the enabled account', schema: UserView },
    errors: [409],
    async handler({ params, principal, deps }) {
      return { body: await enableUser(deps.sql, principal, params.id) };
    },
  }),

  route({
    method: 'post',
    path: '/v1/users/:id/reset-password',
    tag: 'access',
    summary:
      'A new generated password (shown once, to be changed at the next sign-in); every session of the account ends',
    access: MANAGERS,
    params: Params,
    secretFields: ['initialPassword'],
    response: { status: 200, description: 'the new password', schema: WithPassword },
    async handler({ params, principal, deps }) {
      return { body: await resetPassword(deps.sql, principal, params.id) };
    },
  }),

  route({
    method: 'put',
    path: '/v1/users/:id/oidc-subject',
    tag: 'access',
    summary:
      "Link an account to the identity provider's subject (sign-in through 统一身份认证), or unlink it with null; a subject linked to another account is a 409",
    access: ['admin'],
    params: Params,
    body: z.strictObject({ oidcSubject: OidcSubject.nullable() }),
    response: { status: 200, description: 'the account', schema: UserView },
    async handler({ params, body, principal, deps }) {
      return { body: await setOidcSubject(deps.sql, principal, params.id, body.oidcSubject) };
    },
  }),

  route({
    method: 'put',
    path: '/v1/users/:id/mobile',
    tag: 'access',
    summary:
      "Set the account's mobile number, or clear it with null: the text messages of its agency (an agency account) or of its jurisdiction (a bureau account) reach it while it is enabled",
    access: MANAGERS,
    params: Params,
    body: z.strictObject({ mobile: AccountMobile.nullable() }),
    response: { status: 200, description: 'the account', schema: UserView },
    async handler({ params, body, principal, deps }) {
      return { body: await setMobile(deps.sql, principal, params.id, body.mobile) };
    },
  }),
];
