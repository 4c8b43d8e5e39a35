// How a Venice character is shown: name, description and rating as plain, bounded, single-line text
// (everything here comes from other users of Venice and is untrusted). No `vscode` import.
import { oneLine } from '../util/text';
import type { Character } from '../venice/types';

/** What venice.chat.character may hold (the client checks the same before it calls /characters/{slug}). */
export const SLUG_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$/;

export function isValidSlug(slug: string): boolean {
  return SLUG_PATTERN.test(slug) && !/^\.+$/.test(slug);
}

export interface CharacterRow {
  slug: string;
  /** Name, single line, bounded. */
  label: string;
  /** Rating, tags and flags. */
  description: string;
  /** The character's description, single line, bounded. */
  detail: string;
}

export function formatCount(n: number): string {
  if (n >= 1_000_000) return `${+(n / 1_000_000).toFixed(1)}M`;
  if (n >= 1_000) return `${+(n / 1_000).toFixed(1)}k`;
  return String(Math.round(n));
}

/** "★ 4.6 (1.2k ratings)", or '' when Venice has no rating for it. */
export function ratingText(c: Character): string {
  const avg = c.stats?.averageRating;
  const count = c.stats?.ratingCount;
  if (typeof avg !== 'number' || !Number.isFinite(avg) || avg <= 0) return '';
  const n = typeof count === 'number' && Number.isFinite(count) && count > 0 ? ` (${formatCount(count)} rating${count === 1 ? '' : 's'})` : '';
  return `★ ${avg.toFixed(1)}${n}`;
}

export function characterRow(c: Character): CharacterRow {
  const extras: string[] = [];
  const rating = ratingText(c);
  if (rating) extras.push(rating);
  const tags = (Array.isArray(c.tags) ? c.tags : []).filter((t): t is string => typeof t === 'string').slice(0, 4).map((t) => oneLine(t, { maxLength: 24 }));
  if (tags.length) extras.push(tags.join(', '));
  if (c.adult) extras.push('adult');
  if (c.webEnabled) extras.push('web search');
  const name = oneLine(c.name, { maxLength: 80 }) || c.slug;
  return {
    slug: c.slug,
    label: name,
    description: extras.join(' · '),
    detail: oneLine(typeof c.description === 'string' ? c.description : '', { maxLength: 200 }) || '(no description)',
  };
}
