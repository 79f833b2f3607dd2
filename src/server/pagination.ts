import { z } from 'zod';
import { InvalidInputError } from '../domain/errors.ts';

/** Query parameters every list takes. `sort` is a field name, `-field` for descending. */
export const pageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(1000).default(50),
  offset: z.coerce.number().int().min(0).default(0),
  sort: z.string().optional(),
});
export type PageQuery = z.infer<typeof pageQuery>;

export interface Page<T> {
  readonly items: readonly T[];
  readonly total: number;
  readonly limit: number;
  readonly offset: number;
}

export function pageSchema<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item).readonly(), total: z.number().int(), limit: z.number().int(), offset: z.number().int() });
}

type SortKey<T> = (item: T) => string | number;

/** Sorts (stably, by one of `sortable`) and slices a list already filtered by the use case. */
export function paginate<T>(items: readonly T[], query: PageQuery, sortable: Readonly<Record<string, SortKey<T>>>): Page<T> {
  let sorted = items;
  if (query.sort) {
    const descending = query.sort.startsWith('-');
    const name = descending ? query.sort.slice(1) : query.sort;
    const key = sortable[name];
    if (!key) throw new InvalidInputError(`cannot sort by "${name}"; sort by ${Object.keys(sortable).join(', ')} (prefix - for descending)`, 'sort');
    sorted = [...items].sort((a, b) => compare(key(a), key(b)) * (descending ? -1 : 1));
  }
  return { items: sorted.slice(query.offset, query.offset + query.limit), total: items.length, limit: query.limit, offset: query.offset };
}

function compare(a: string | number, b: string | number): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a).localeCompare(String(b));
}
