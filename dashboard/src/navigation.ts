import type { Role } from './api';
import type { Dictionary as Dict } from './i18n';

/**
 * Who may open which screen: the single table the header's navigation, the route table (App.tsx) and the campaign's
 * tabs (CampaignFrame) read, so no role is offered a page the API answers with 403 (test/integration/permissions.test.ts
 * is the API's side of the same table).
 */
export interface Page {
  path: string;
  label(t: Dict): string;
  roles: readonly Role[];
  testId: string;
}

/** The header's links, in order. */
export const NAV_PAGES: readonly Page[] = [
  { path: '/', label: (t) => t.campaigns, roles: ['bureau', 'agency'], testId: 'nav-campaigns' },
  { path: '/complaints', label: (t) => t.complaints, roles: ['bureau'], testId: 'nav-complaints' },
  // GET /v1/inbox serves an agency and a bureau (App.tsx renders this link with its unread count)
  { path: '/inbox', label: (t) => t.inbox.title, roles: ['bureau', 'agency'], testId: 'nav-inbox' },
  { path: '/referrals', label: (t) => t.referrals, roles: ['discipline'], testId: 'nav-referrals' },
  // GET /v1/documents serves the commission too, whose letters its referrals screen prints and signs
  { path: '/documents', label: (t) => t.register.title, roles: ['bureau', 'agency'], testId: 'nav-documents' },
  { path: '/keys', label: (t) => t.keys, roles: ['admin', 'bureau'], testId: 'nav-keys' },
  { path: '/registry', label: (t) => t.registry.title, roles: ['bureau', 'admin'], testId: 'nav-registry' },
  { path: '/users', label: (t) => t.users, roles: ['admin', 'bureau'], testId: 'nav-users' },
];

/** Screens reached from within a page rather than from the header. */
export const INNER_PAGES = {
  newCampaign: ['bureau'],
  /** a campaign's pages: its overview and agency table (bureau), an agency's own page (agency) */
  campaign: ['bureau', 'agency'],
  overview: ['bureau'],
  agencies: ['bureau'],
  /** the spot-check phase's screens (GET/POST /v1/campaigns/:id/spot-checks serve a bureau only) */
  spotChecks: ['bureau'],
  /** the deadline calendar (期限日历): a bureau's from the campaign's plan, an agency's from its own page's data */
  calendar: ['bureau', 'agency'],
  item: ['bureau', 'agency'],
  /** the assessment (GET …/assessment serves a bureau, and an agency its own row) */
  assessment: ['bureau', 'agency'],
} as const satisfies Record<string, readonly Role[]>;

export const may = (roles: readonly Role[], role: Role) => roles.includes(role);

/** The header's links a role is offered. */
export const navFor = (role: Role) => NAV_PAGES.filter((p) => may(p.roles, role));

/** Whether a header page (by its path) is open to a role. */
export const mayOpen = (path: string, role: Role) => NAV_PAGES.some((p) => p.path === path && may(p.roles, role));
