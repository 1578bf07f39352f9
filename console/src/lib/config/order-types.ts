import type { z } from 'zod';
import { slugId, type completionField, type OrderType, type OrderTypeInput, type Priority } from '../contracts.ts';

export type FieldKind = z.infer<typeof completionField>['kind'];
export const fieldKinds: readonly FieldKind[] = ['text', 'number', 'boolean', 'photo', 'signature'];

/** A completion field as the form holds it (pattern '' = none). `uid` keys the rows while they move. */
export interface FieldDraft {
  uid: number;
  key: string;
  label: string;
  kind: FieldKind;
  required: boolean;
  pattern: string;
}

/** The editor's form: numbers as typed (strings), tags as lists. */
export interface OrderTypeDraft {
  code: string;
  name: string;
  defaultPriority: Priority;
  responseMinutes: string;
  resolutionMinutes: string;
  durationMinutes: string;
  requiredSkills: string[];
  requiredEquipment: string[];
  completionFields: FieldDraft[];
  active: boolean;
}

let nextUid = 1;
export function newFieldDraft(p: Partial<FieldDraft> = {}): FieldDraft {
  return { uid: nextUid++, key: '', label: '', kind: 'text', required: true, pattern: '', ...p };
}

export function toDraft(t: OrderType): OrderTypeDraft {
  return {
    code: t.code,
    name: t.name,
    defaultPriority: t.defaultPriority,
    responseMinutes: String(t.responseMinutes),
    resolutionMinutes: String(t.resolutionMinutes),
    durationMinutes: String(t.durationMinutes),
    requiredSkills: [...t.requiredSkills],
    requiredEquipment: [...t.requiredEquipment],
    completionFields: t.completionFields.map((f) => newFieldDraft({ ...f, pattern: f.pattern ?? '' })),
    active: t.active,
  };
}

/** A new type starts with sensible defaults a dispatcher would expect (normal, 1 day / 3 days, 1 h). */
export function emptyDraft(): OrderTypeDraft {
  return {
    code: '',
    name: '',
    defaultPriority: 'normal',
    responseMinutes: '1440',
    resolutionMinutes: '4320',
    durationMinutes: '60',
    requiredSkills: [],
    requiredEquipment: [],
    completionFields: [],
    active: true,
  };
}

/** A whole number typed in a box, or NaN (the server says what is wrong with it). */
function intOf(text: string): number {
  const t = text.trim();
  return /^-?\d+$/.test(t) ? Number(t) : Number.NaN;
}

/** The `PUT` body. Ranges are the server's to judge; its 400 names the field. */
export function toInput(d: OrderTypeDraft): OrderTypeInput {
  return {
    name: d.name.trim(),
    defaultPriority: d.defaultPriority,
    responseMinutes: intOf(d.responseMinutes),
    resolutionMinutes: intOf(d.resolutionMinutes),
    durationMinutes: intOf(d.durationMinutes),
    requiredSkills: d.requiredSkills,
    requiredEquipment: d.requiredEquipment,
    completionFields: d.completionFields.map((f) => ({
      key: f.key.trim(),
      label: f.label.trim(),
      kind: f.kind,
      required: f.required,
      ...(f.pattern.trim() && f.kind === 'text' ? { pattern: f.pattern.trim() } : {}),
    })),
    active: d.active,
  };
}

/** Splits what was typed into a tag box ("ladder, bucket_truck") into tags. */
export function parseTags(text: string): string[] {
  return text
    .split(/[\s,;]+/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

export function addTags(list: readonly string[], text: string): string[] {
  const out = [...list];
  for (const tag of parseTags(text)) if (!out.includes(tag)) out.push(tag);
  return out;
}

/** Problems the form can see before asking the server, by field path (as the server names them). */
export type DraftProblem = 'required' | 'slug' | 'duplicateCode' | 'wholeNumber' | 'positive' | 'tag' | 'fieldKey' | 'duplicateKey' | 'pattern' | 'resolutionBeforeResponse';

/**
 * Checks what a person gets wrong while typing: empty or malformed inputs, a code or field key
 * used twice, a pattern that is not a regular expression. Limits (how many minutes at most…)
 * are left to the server, whose 400 names the field the same way.
 *
 * @example checkDraft({ ...emptyDraft(), code: 'poda' }, { isNew: true, codes: [] })
 *   // { name: 'required' }
 */
export function checkDraft(d: OrderTypeDraft, opts: { isNew: boolean; codes: readonly string[] }): Record<string, DraftProblem> {
  const p: Record<string, DraftProblem> = {};
  if (opts.isNew) {
    if (!d.code.trim()) p['code'] = 'required';
    else if (!slugId.safeParse(d.code.trim()).success) p['code'] = 'slug';
    else if (opts.codes.includes(d.code.trim())) p['code'] = 'duplicateCode';
  }
  if (!d.name.trim()) p['name'] = 'required';
  for (const k of ['responseMinutes', 'resolutionMinutes', 'durationMinutes'] as const) {
    const n = intOf(d[k]);
    if (!d[k].trim()) p[k] = 'required';
    else if (Number.isNaN(n)) p[k] = 'wholeNumber';
    else if (n <= 0) p[k] = 'positive';
  }
  if (!p['responseMinutes'] && !p['resolutionMinutes'] && intOf(d.resolutionMinutes) < intOf(d.responseMinutes)) {
    p['resolutionMinutes'] = 'resolutionBeforeResponse';
  }
  d.requiredSkills.forEach((s, i) => {
    if (!slugId.safeParse(s).success) p[`requiredSkills.${i}`] = 'tag';
  });
  d.requiredEquipment.forEach((s, i) => {
    if (!slugId.safeParse(s).success) p[`requiredEquipment.${i}`] = 'tag';
  });
  const seen = new Set<string>();
  d.completionFields.forEach((f, i) => {
    const key = f.key.trim();
    if (!key) p[`completionFields.${i}.key`] = 'required';
    else if (!/^[a-z][a-z0-9_]{0,39}$/.test(key)) p[`completionFields.${i}.key`] = 'fieldKey';
    else if (seen.has(key)) p[`completionFields.${i}.key`] = 'duplicateKey';
    seen.add(key);
    if (!f.label.trim()) p[`completionFields.${i}.label`] = 'required';
    if (f.kind === 'text' && f.pattern.trim()) {
      try {
        new RegExp(f.pattern.trim());
      } catch {
        p[`completionFields.${i}.pattern`] = 'pattern';
      }
    }
  });
  return p;
}

/**
 * Where a server 400 goes in the form: its `field` (a zod path like `completionFields.2.key`,
 * `requiredSkills.0`, or just `completionFields`) as the editor names its inputs. The code in the
 * URL is reported as `code`; anything unknown goes to the form's general message.
 */
export function formPath(field: string | null): string {
  if (!field) return 'general';
  const known = ['code', 'name', 'defaultPriority', 'responseMinutes', 'resolutionMinutes', 'durationMinutes', 'requiredSkills', 'requiredEquipment', 'completionFields', 'active'];
  const head = field.split('.')[0] ?? '';
  if (!known.includes(head)) return 'general';
  if (head === 'completionFields') {
    const m = /^completionFields\.(\d+)\.(key|label|kind|required|pattern)$/.exec(field);
    return m ? `completionFields.${m[1]}.${m[2]}` : 'completionFields';
  }
  if (head === 'requiredSkills' || head === 'requiredEquipment') {
    return /^\w+\.\d+$/.test(field) ? field : head;
  }
  return head;
}

/** The server's message without its `field: ` prefix (the form shows it under that field). */
export function bareMessage(message: string): string {
  return message.replace(/^[\w.]+:\s*/, '');
}

/** "1 d 2 h", "45 min": minutes typed, read back to the admin. */
export function minutesText(text: string): string {
  const n = intOf(text);
  if (!Number.isFinite(n) || n <= 0) return '';
  const d = Math.floor(n / 1440);
  const h = Math.floor((n % 1440) / 60);
  const m = n % 60;
  return [d ? `${d} d` : '', h ? `${h} h` : '', m ? `${m} min` : ''].filter(Boolean).join(' ');
}
