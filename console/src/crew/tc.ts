import { i18n } from '../lib/i18n/locale.svelte.ts';
import { translateCrew, type CrewMessageKey } from './messages.ts';

/** Reactive: reads the shared locale (the console's choice in localStorage), so a switch re-renders. */
export function tc(key: CrewMessageKey, params?: Record<string, string | number>): string {
  return translateCrew(i18n.locale, key, params);
}
