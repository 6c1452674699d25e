import { z } from 'zod';
import { Id } from '../domain/campaign';

/** Shapes shared by several routes. */
export const ErrorBody = z
  .object({
    error: z.object({
      code: z.string().meta({ description: 'what was refused, one of domain/errorCodes.ts; stable' }),
      kind: z.string().meta({
        description:
          'the generic code of the status: invalid_request, forbidden, not_found, conflict, rule_violation …',
      }),
      message: z.string(),
      details: z.array(z.unknown()),
    }),
  })
  .meta({ id: 'Error' });

export const Page = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() });

export const PageQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(200).optional(),
});

export const CampaignParams = z.strictObject({ id: Id });
export const AgencyParams = z.strictObject({ id: Id, agencyId: Id });

export const encodeCursor = (value: string | number) => Buffer.from(String(value)).toString('base64url');
export function decodeCursor(cursor: string | undefined): string | null {
  if (!cursor) return null;
  const text = Buffer.from(cursor, 'base64url').toString();
  if (!text)
    throw new z.ZodError([
      { code: 'custom', path: ['cursor'], message: 'not a cursor this API issued', input: cursor },
    ]);
  return text;
}

/**
 * A cursor that holds JSON (e.g. a keyset tuple), parsed and checked against the shape the route issued: anything else
 * is a 400 "not a cursor this API issued", never a SyntaxError or TypeError (a 500) from JSON.parse or destructuring.
 *   const after = decodeCursorAs(query.cursor, z.tuple([z.string(), z.string()]));
 */
export function decodeCursorAs<S extends z.ZodType>(cursor: string | undefined, shape: S): z.output<S> | null {
  const text = decodeCursor(cursor);
  if (text === null) return null;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    value = undefined;
  }
  const parsed = shape.safeParse(value);
  if (!parsed.success)
    throw new z.ZodError([
      { code: 'custom', path: ['cursor'], message: 'not a cursor this API issued', input: cursor },
    ]);
  return parsed.data;
}
