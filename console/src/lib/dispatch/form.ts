/** Inputs of the create-order form that can carry a message. */
export type FormField = 'typeCode' | 'address' | 'location' | 'priority' | 'accountRef' | 'contactName' | 'contactPhone' | 'window' | 'notes' | 'general';

/**
 * Which input a 400's `field` (a zod path such as `location.lat` or `window.end`) is about.
 *
 * @example formField('window.end') // 'window'
 */
export function formField(field: string | null): FormField {
  const head = (field ?? '').split('.')[0] ?? '';
  const known: readonly FormField[] = ['typeCode', 'address', 'location', 'priority', 'accountRef', 'contactName', 'contactPhone', 'window', 'notes'];
  return (known as readonly string[]).includes(head) ? (head as FormField) : 'general';
}
