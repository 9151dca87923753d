// The edit form: answer <-> form fields, and a copy of unsaved text in localStorage per answer,
// so a crash or a closed tab never loses work.
import { $ } from './dom.js';

const BACKUP_PREFIX = 'sds-editor-unsaved:';
const TEXT_FIELDS = { title: 'f-title', short: 'f-short', more: 'f-more', simpler: 'f-simpler', topic: 'f-topic', last_reviewed: 'f-last-reviewed' };
const LIST_FIELDS = { keywords: 'f-keywords', related: 'f-related', organisations: 'f-organisations', sources: 'f-sources' };
export const FIELD_LABELS = {
  title: 'Title', short: 'Short answer', more: 'Tell me more', simpler: 'Say it more simply', topic: 'Topic',
  last_reviewed: 'Last checked for facts', keywords: 'Words people may use', related: 'Related answers',
  organisations: 'Organisations', sources: 'Sources', picture: 'Picture',
};

const lines = (text) => text.split('\n').map((s) => s.trim()).filter(Boolean);

export function fillForm(answer) {
  for (const [key, id] of Object.entries(TEXT_FIELDS)) $(id).value = answer[key] ?? '';
  for (const [key, id] of Object.entries(LIST_FIELDS)) $(id).value = (answer[key] || []).join('\n');
  $('f-picture').value = answer.picture?.openmoji ?? '';
  $('f-picture-alt').value = answer.picture?.alt ?? '';
}

// The answer as PUT takes it: the loaded answer's fields with the form's values on top.
export function readForm(base) {
  const answer = {
    id: base.id,
    status: 'draft',
    topic: $('f-topic').value.trim(),
    title: $('f-title').value.trim(),
    last_reviewed: $('f-last-reviewed').value,
    short: $('f-short').value,
    more: $('f-more').value,
    simpler: $('f-simpler').value,
    picture: { openmoji: $('f-picture').value.trim(), alt: $('f-picture-alt').value.trim() },
  };
  for (const [key, id] of Object.entries(LIST_FIELDS)) answer[key] = lines($(id).value);
  return answer;
}

export function fieldText(answer, key) {
  const value = answer[key];
  if (key === 'picture') return value ? `${value.openmoji}: ${value.alt}` : '';
  if (Array.isArray(value)) return value.join('\n');
  return value ?? '';
}

// The fields where two answers differ (ignoring spaces at the ends of text).
export function changedFields(a, b, labels = FIELD_LABELS) {
  return Object.keys(labels).filter((key) => fieldText(a, key).trim() !== fieldText(b, key).trim());
}

export function saveBackup(id, answer, etag) {
  try {
    localStorage.setItem(BACKUP_PREFIX + id, JSON.stringify({ answer, etag, at: new Date().toISOString() }));
  } catch {
    // Storage full or blocked: the beforeunload warning still protects the work.
  }
}

export function readBackup(id) {
  try {
    return JSON.parse(localStorage.getItem(BACKUP_PREFIX + id) || 'null');
  } catch {
    return null;
  }
}

export function dropBackup(id) {
  localStorage.removeItem(BACKUP_PREFIX + id);
}
