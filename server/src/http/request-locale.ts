import { AsyncLocalStorage } from 'node:async_hooks';
import { z } from 'zod';

/**
 * The language of validation messages for the request being served. The console sends its UI
 * locale as `Accept-Language`; phones and browsers send theirs. Spanish for any `es*` first
 * preference, English otherwise (API clients and scripts).
 */
export type ApiLocale = 'es' | 'en';

const store = new AsyncLocalStorage<ApiLocale>();

export function localeOf(acceptLanguage: string | undefined): ApiLocale {
  const first = (acceptLanguage ?? '').split(',')[0]?.trim().toLowerCase() ?? '';
  return first.startsWith('es') ? 'es' : 'en';
}

export function withLocale<T>(locale: ApiLocale, fn: () => T): T {
  return store.run(locale, fn);
}

export function currentLocale(): ApiLocale {
  return store.getStore() ?? 'en';
}

// zod's own Spanish messages; the contracts' custom messages are translated where the error is
// rendered (errorMiddleware → localise.ts → messages-es.ts).
const spanish = z.locales.es().localeError;

/** zod parse options for the current request's language. */
export function zodParams(): { error?: typeof spanish } {
  return currentLocale() === 'es' ? { error: spanish } : {};
}
