// Organisations and glossary terms: list, edit with a live easy-read check, save, publish, history.
// The same safety as answers: ETags, a side-by-side view when someone else saved first, and a copy of
// unsaved text in this browser.
import { itemApi } from './api.js';
import { createChecker } from './check.js';
import { hideConflict, showConflict } from './conflict.js';
import { $, debounce, el, say, show, STATUS_WORDS, when } from './dom.js';
import { changedFields, dropBackup, readBackup, saveBackup } from './form.js';
import { loadHistory } from './history.js';

const KINDS = {
  organisations: {
    heading: 'Organisations', noun: 'organisation', titleKey: 'name', sendId: true, back: 'Back to all organisations',
    fields: [
      { key: 'name', label: 'Name', type: 'text' },
      { key: 'about', label: 'What they do, in easy-read words', type: 'textarea', check: 'What they do' },
      { key: 'kinds', label: 'Kinds of help (one on each line)', type: 'list' },
      { key: 'areas', label: 'Council areas they serve (one on each line; "all" means all of Scotland)', type: 'list' },
      { key: 'phone', label: 'Phone (only a number they publish themselves)', type: 'text', optional: true },
      { key: 'phone_hours', label: 'When the phone line is open', type: 'text', optional: true },
      { key: 'email', label: 'Email', type: 'text', optional: true },
      { key: 'website', label: 'Website', type: 'text', optional: true },
      { key: 'sources', label: 'Sources (one web address on each line)', type: 'list' },
    ],
  },
  glossary: {
    heading: 'Glossary', noun: 'term', titleKey: 'term', sendId: false, back: 'Back to the glossary',
    fields: [
      { key: 'term', label: 'Word or phrase', type: 'text' },
      { key: 'aliases', label: 'Other ways people write it (one on each line)', type: 'list' },
      { key: 'topic', label: 'Topic', type: 'text' },
      { key: 'meaning', label: 'Meaning (1 to 3 short sentences)', type: 'textarea', check: 'The meaning' },
    ],
  },
};
const item = { kind: null, config: null, source: null, id: null, loaded: null, etag: null, loadedEtag: null, user: null };
let onSignedOut = () => {};

const status = (message, kind = 'info') => say($('item-status'), message, kind);
const backupKey = () => `${item.kind}/${item.id}`;
const labels = () => Object.fromEntries(item.config.fields.map((f) => [f.key, f.label]));

function readItem() {
  const data = item.config.sendId ? { id: item.id } : {};
  for (const f of item.config.fields) {
    const value = $(`item-${f.key}`).value;
    if (f.type === 'list') data[f.key] = value.split('\n').map((s) => s.trim()).filter(Boolean);
    else if (f.optional) {
      if (value.trim()) data[f.key] = value.trim(); // an empty optional field is left out
    }
    else data[f.key] = f.type === 'textarea' ? value : value.trim();
  }
  return data;
}

function fillItem(data) {
  for (const f of item.config.fields) {
    const value = data[f.key];
    $(`item-${f.key}`).value = Array.isArray(value) ? value.join('\n') : value ?? '';
  }
}

const isDirty = () => Boolean(item.loaded) && changedFields(readItem(), item.loaded, labels()).length > 0;

function buildForm() {
  const fields = item.config.fields.map((f) => {
    const id = `item-${f.key}`;
    const control = f.type === 'text'
      ? el('input', { attrs: { id, type: 'text', maxlength: '300' } })
      : el('textarea', { attrs: { id, rows: f.type === 'list' ? '3' : '5' } });
    const field = el('div', { className: 'field' }, [el('label', { text: f.label, attrs: { for: id } }), control]);
    return f.check ? el('div', { className: 'text-field' }, [field, $('item-check')]) : field;
  });
  $('item-fields').replaceChildren(...fields);
  const checked = item.config.fields.find((f) => f.check);
  return createChecker({
    name: 'item', label: checked.check, firstLayer: true,
    textarea: $(`item-${checked.key}`), container: $('item-check'),
  });
}

function describe() {
  const a = item.loaded;
  $('item-state').replaceChildren(
    el('span', { className: `badge ${a.status}`, text: STATUS_WORDS[a.status] || a.status }),
    ` Version ${a.revision}, last changed ${when(a.updated_at)} by ${a.updated_by}.`,
  );
  $('items-heading').textContent = `Edit: ${a[item.config.titleKey]}`;
  const reviewer = item.user?.can_publish;
  show($('item-save'), a.status !== 'deleted');
  show($('item-publish'), reviewer && a.status !== 'deleted');
  show($('item-unpublish'), reviewer && a.status === 'published');
  show($('item-delete'), reviewer && a.status !== 'deleted');
}

function accepted(data, etag) {
  item.loaded = data;
  item.etag = etag;
  item.loadedEtag = etag;
  dropBackup(backupKey());
  show($('item-discard'), false);
  describe();
  item.checker?.run();
  loadHistory(item.id, { onRestore: restore, source: item.source, prefix: 'item-history' });
}

function failed(error, what) {
  if (error.status === 401) {
    saveBackup(backupKey(), readItem(), item.etag);
    onSignedOut('Your sign-in has ended. Sign in again: your text is kept in this browser.');
  } else if (error.status === 412 && error.detail?.current) {
    const theirs = error.detail.current;
    status(`${what}: someone else changed this ${item.config.noun}. Your text is kept.`, 'error');
    showConflict(readItem(), theirs, {
      labels: labels(),
      noun: item.config.noun,
      onKeepMine: () => {
        item.etag = error.etag;
        run('save');
      },
      onUseTheirs: () => {
        fillItem(theirs);
        accepted(theirs, error.etag);
      },
    });
  } else if (error.code === 'publish-blocked') {
    const issues = error.detail?.issues || [];
    $('item-problem-list').replaceChildren(...issues.map((i) => el('li', { text: i.message })));
    show($('item-problems'), true);
    $('item-problems').focus();
    status(`${what}. ${issues.length} problems must be fixed first.`, 'error');
  } else {
    status(`${what}: ${error.message}${error.status === 0 ? ' Your text is kept in this browser.' : ''}`, 'error');
  }
}

const WORDS = { save: ['Saved as draft.', 'Not saved'], publish: ['Published. The chat uses it now.', 'Not published'],
  unpublish: ['Unpublished. It is a draft now.', 'Not unpublished'], remove: ['Deleted.', 'Not deleted'] };

async function run(action) {
  show($('item-problems'), false);
  if (action !== 'save' && isDirty()) {
    if (action !== 'publish') return status('You have changes that are not saved. Save them first.', 'error');
    if (!(await run('save'))) return false;
  }
  try {
    const call = action === 'save' ? item.source.save(item.id, readItem(), item.etag) : item.source[action](item.id, item.etag);
    const { body, etag } = await call;
    accepted(body[item.config.noun] || body, etag);
    status(WORDS[action][0], 'ok');
    return true;
  } catch (error) {
    failed(error, WORDS[action][1]);
    return false;
  }
}

async function restore(revision) {
  if (isDirty()) return status('You have changes that are not saved. Save them first, then restore.', 'error');
  try {
    const { body, etag } = await item.source.restore(item.id, revision.revision, item.etag);
    const data = body[item.config.noun];
    fillItem(data);
    accepted(data, etag);
    status(`Restored version ${revision.revision}.`, 'ok');
  } catch (error) {
    failed(error, 'Not restored');
  }
}

function row(data) {
  const href = `#/${item.kind}/${encodeURIComponent(data.id)}`;
  return el('tr', {}, [
    el('td', {}, [el('a', { text: data[item.config.titleKey], attrs: { href } })]),
    el('td', {}, [el('span', { className: `badge ${data.status}`, text: STATUS_WORDS[data.status] || data.status })]),
    el('td', { text: `${when(data.updated_at)} by ${data.updated_by}` }),
  ]);
}

async function loadItems() {
  const listStatus = $('items-list-status');
  say(listStatus, 'Loading.');
  try {
    const { body } = await item.source.list({ status: $('items-status').value, q: $('items-q').value.trim() });
    $('item-rows').replaceChildren(...body.items.map(row));
    say(listStatus, `${body.items.length} found.`);
  } catch (error) {
    if (error.status === 401) onSignedOut('Your sign-in has ended. Please sign in again.');
    else say(listStatus, `The list did not load: ${error.message}`, 'error');
  }
}

export function closeItem() {
  if (item.loaded && isDirty()) saveBackup(backupKey(), readItem(), item.etag);
  Object.assign(item, { kind: null, id: null, loaded: null, etag: null, checker: null });
  $('item-history-list').replaceChildren();
  show($('item-problems'), false);
  hideConflict();
}

// Show the list of a kind ('organisations' or 'glossary'), or one item when `id` is given.
export async function openItems(kind, id, user) {
  if (item.kind === kind && item.id === id && (item.loaded || !id)) return;
  closeItem();
  Object.assign(item, { kind, config: KINDS[kind], source: itemApi(kind), id, user });
  $('items-caption').textContent = `${KINDS[kind].heading} you can edit`;
  $('items-back-link').setAttribute('href', `#/${kind}`);
  $('items-back-link').textContent = KINDS[kind].back;
  show($('items-back'), Boolean(id));
  show($('items-list-part'), !id);
  show($('items-edit-part'), Boolean(id));
  if (!id) {
    $('items-heading').textContent = KINDS[kind].heading;
    await loadItems();
    return;
  }
  $('item-fields').replaceChildren();
  $('items-heading').textContent = `Edit ${KINDS[kind].noun}`;
  status('Loading.');
  try {
    const { body, etag } = await item.source.get(id);
    if (item.id !== id) return; // the editor went somewhere else meanwhile
    item.checker = buildForm(); // only now, so nothing typed is overwritten by the loaded text
    fillItem(body);
    accepted(body, etag);
    status('');
  } catch (error) {
    failed(error, 'It did not load');
    return;
  }
  const backup = readBackup(backupKey());
  if (backup && changedFields(backup.answer, item.loaded, labels()).length) {
    fillItem(backup.answer);
    item.checker.run();
    if (backup.etag) item.etag = backup.etag;
    show($('item-discard'), true);
    status(`Your unsaved changes from ${when(backup.at)} are back in the form. They are not saved yet.`);
  }
}

export function setupItems(options) {
  onSignedOut = options.onSignedOut;
  const autosave = debounce(() => {
    if (isDirty()) saveBackup(backupKey(), readItem(), item.etag);
  }, 500);
  $('item-form').addEventListener('input', () => {
    autosave();
    if (isDirty()) status('You have changes that are not saved yet.');
  });
  $('item-form').addEventListener('submit', (event) => {
    event.preventDefault();
    run('save');
  });
  $('item-publish').addEventListener('click', () => run('publish'));
  $('item-unpublish').addEventListener('click', () => run('unpublish'));
  $('item-delete').addEventListener('click', () => {
    if (window.confirm(`Delete this ${item.config.noun}? You can bring it back from the history.`)) run('remove');
  });
  $('item-discard').addEventListener('click', () => {
    dropBackup(backupKey());
    fillItem(item.loaded);
    item.etag = item.loadedEtag;
    item.checker?.run();
    show($('item-discard'), false);
    status('Your old changes were thrown away.');
  });
  $('items-filter').addEventListener('submit', (event) => {
    event.preventDefault();
    loadItems();
  });
  window.addEventListener('beforeunload', (event) => {
    if (!isDirty()) return;
    saveBackup(backupKey(), readItem(), item.etag);
    event.preventDefault();
    event.returnValue = '';
  });
}
