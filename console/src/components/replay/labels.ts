import { t } from '../../lib/i18n/locale.svelte.ts';
import { replayEsUY, type ReplayMessageKey } from '../../lib/i18n/replay-messages.ts';
import type { Locale } from '../../lib/i18n/messages.ts';
import { ZONE } from '../../lib/replay/query.ts';

/** An order action in words; an action the console does not know yet shows as the server sent it. */
export function actionText(action: string): string {
  const key = `replay.action.${action}`;
  return key in replayEsUY ? t(key as ReplayMessageKey) : action;
}

export function formatDay(ms: number, locale: Locale): string {
  return new Intl.DateTimeFormat(locale, { timeZone: ZONE, day: 'numeric', month: 'short', year: 'numeric' }).format(new Date(ms));
}
