import type { CrewSuggestion, OrderStatusValue, Priority } from '../contracts.ts';
import type { DispatchMessageKey } from '../i18n/dispatch-messages.ts';

// Template-literal keys: tsc fails here if a status or priority has no text.
export const statusKey = (s: OrderStatusValue): DispatchMessageKey => `dispatch.status.${s}`;
export const priorityKey = (p: Priority): DispatchMessageKey => `dispatch.priority.${p}`;
export const availabilityKey = (a: CrewSuggestion['availability']): DispatchMessageKey => `dispatch.availability.${a}`;
