import { z } from 'zod';
import { ledgerFigures } from '../../services/ledgerFigures';
import { route } from '../route';
import { AgencyParams } from '../schemas';
import { visibleAgency, visibleCampaign } from '../scope';

const LedgerFiguresSchema = z
  .object({ problemsFound: z.number().int(), closed: z.number().int(), inProgress: z.number().int() })
  .meta({ id: 'LedgerFigures' });

export const ledgerFigureRoutes = [
  route({
    method: 'get',
    path: '/v1/campaigns/:id/agencies/:agencyId/ledger-figures',
    tag: 'ledger',
    summary:
      "The agency's ledger as D7's statistics count it (problems found, closed, in progress): what the D7 form starts from",
    access: ['agency', 'bureau'],
    params: AgencyParams,
    readCache: 'data',
    response: { status: 200, description: 'the figures', schema: LedgerFiguresSchema },
    async handler({ params, principal, deps }) {
      const c = await visibleCampaign(deps, params.id, principal);
      await visibleAgency(deps.sql, c.id, params.agencyId, principal);
      return { body: await ledgerFigures(deps.sql, c.id, params.agencyId) };
    },
  }),
];
