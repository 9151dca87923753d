// Editing one answer: load, live checks, autosave to this browser, save draft, publish, delete, restore.
import { api } from './api.js';
import { createChecker } from './check.js';
import { hideConflict, showConflict } from './conflict.js';
import { $, debounce, el, say, show, STATUS_WORDS, when } from './dom.js';
import { changedFields, dropBackup, fillForm, readBackup, readForm, saveBackup } from './form.js';
import { loadHistory } from './history.js';
import { renderPreview, setupRealChat } from './preview.js';

const TEXT_BOXES = [
  { name: 'short', label: 'Short answer', firstLayer: true },
  { name: 'more', label: 'Tell me more', firstLayer: false },
  { name: 'simpler', label: 'Say it more simply', firstLayer: true },
];
const current = { id: null, loaded: null, etag: null, user: null, titles: new Map(), names: new Map(), busy: false };
let checkers = [];
let realChat = null;
let onSignedOut = () => {};

const status = (message, kind = 'info') => say($('save-status'), message, kind);
const isDirty = () => Boolean(current.loaded) && changedFields(readForm(current.loaded), current.loaded).length > 0;

function announceChecks() {
  const parts = checkers
    .filter((c) => c.state.checked)
    .map((c) => {
      const { hard, soft } = c.state;
      if (!hard && !soft) return `${c.label}: no problems.`;
      return `${c.label}: ${hard} to fix before publishing, ${soft} to try to fix.`;
    });
  const message = parts.join(' ');
  if (message && message !== $('check-announce').textContent) $('check-announce').textContent = message;
}
const announceLater = debounce(announceChecks, 1500);

function describeState() {
  const a = current.loaded;
  const words = {
    published: 'Published. The chat uses this version.',
    draft: 'Draft. The chat still uses the last published version, if there is one.',
    deleted: 'Deleted. The chat does not use this answer. To bring it back, restore a version from the history.',
  };
  $('edit-state').replaceChildren(
    el('span', { className: `badge ${a.status}`, text: STATUS_WORDS[a.status] || a.status }),
    ` ${words[a.status] || ''} Version ${a.revision}, last changed ${when(a.updated_at)} by ${a.updated_by}.`,
  );
  $('edit-heading').textContent = `Edit: ${a.title}`;
  const canPublish = current.user?.can_publish;
  const deleted = a.status === 'deleted';
  show($('save'), !deleted);
  show($('publish'), canPublish && !deleted);
  show($('unpublish'), canPublish && a.status === 'published');
  show($('delete'), canPublish && !deleted);
}

function refreshPreview() {
  if (current.loaded) renderPreview(readForm(current.loaded), current.titles, current.names);
}

const autosave = debounce(() => {
  if (!current.loaded) return;
  if (isDirty()) saveBackup(current.id, readForm(current.loaded), current.etag);
  else dropBackup(current.id);
}, 500);

function onFormInput() {
  refreshPreview();
  autosave();
  if (isDirty()) status('You have changes that are not saved yet.');
}

function accepted(answer, etag) {
  current.loaded = answer;
  current.etag = etag;
  current.titles.set(answer.id, answer.title);
  dropBackup(current.id);
  describeState();
  loadHistory(current.id, { onRestore: restore });
}

function failed(error, what) {
  if (error.status === 401) {
    autosave.cancel();
    if (isDirty()) saveBackup(current.id, readForm(current.loaded), current.etag);
    onSignedOut('Your sign-in has ended. Sign in again: your text is kept in this browser.');
    return;
  }
  if (error.status === 412 && error.detail?.current) {
    status(`${what}: someone else changed this answer. Your text is kept.`, 'error');
    conflict(error.detail.current, error.etag);
    return;
  }
  const kept = error.status === 0 ? ' Your text is kept in this browser. Try again.' : '';
  status(`${what}: ${error.message}${kept}`, 'error');
}

function conflict(theirs, theirEtag) {
  const mine = readForm(current.loaded);
  saveBackup(current.id, mine, current.etag);
  showConflict(mine, theirs, {
    onKeepMine: () => {
      current.loaded = theirs;
      current.etag = theirEtag;
      saveDraft();
    },
    onUseTheirs: () => {
      fillForm(theirs);
      accepted(theirs, theirEtag);
      checkers.forEach((c) => c.run());
      refreshPreview();
      status('Their version is in the form now.', 'ok');
    },
  });
}

async function saveDraft() {
  if (current.busy) return false;
  current.busy = true;
  status('Saving.');
  try {
    const { body, etag } = await api.save(current.id, readForm(current.loaded), current.etag);
    accepted(body.answer, etag);
    const hard = body.check.issues.filter((i) => i.severity === 'hard').length;
    const note = hard ? ` It has ${hard} problems to fix before it can be published.` : '';
    status(`Saved as draft at ${when(body.answer.updated_at)}.${note}`, 'ok');
    return true;
  } catch (error) {
    failed(error, 'Not saved');
    return false;
  } finally {
    current.busy = false;
  }
}

async function publish() {
  show($('publish-problems'), false);
  if (isDirty() && !(await saveDraft())) return;
  if (current.busy) return;
  current.busy = true;
  status('Publishing.');
  try {
    const { body, etag } = await api.publish(current.id, current.etag);
    accepted(body.answer, etag);
    status('Published. The chat uses the new text now.', 'ok');
  } catch (error) {
    if (error.code === 'publish-blocked') {
      const issues = error.detail?.issues || [];
      $('publish-problem-list').replaceChildren(...issues.map((i) => el('li', { text: i.message })));
      show($('publish-problems'), true);
      $('publish-problems').focus();
      status(`Not published. ${issues.length} problems must be fixed first. Your draft is saved.`, 'error');
    } else {
      failed(error, 'Not published');
    }
  } finally {
    current.busy = false;
  }
}

async function unpublish() {
  if (isDirty()) {
    status('You have changes that are not saved. Save them first, then unpublish.', 'error');
    return;
  }
  try {
    const { body, etag } = await api.unpublish(current.id, current.etag);
    accepted(body, etag);
    status('Unpublished. The chat does not use this answer now. It is a draft.', 'ok');
  } catch (error) {
    failed(error, 'Not unpublished');
  }
}

async function remove() {
  if (isDirty()) {
    status('You have changes that are not saved. Save them first, then delete.', 'error');
    return;
  }
  if (!window.confirm('Delete this answer? The chat will stop using it. You can bring it back from the history.')) return;
  try {
    const { body, etag } = await api.remove(current.id, current.etag);
    accepted(body, etag);
    status('Deleted. The chat does not use this answer now.', 'ok');
  } catch (error) {
    failed(error, 'Not deleted');
  }
}

async function restore(revision) {
  if (!current.loaded) return;
  if (isDirty()) {
    status('You have changes that are not saved. Save them as a draft first, then restore.', 'error');
    $('save').focus();
    return;
  }
  try {
    const { body, etag } = await api.restore(current.id, revision.revision, current.etag);
    fillForm(body.answer);
    accepted(body.answer, etag);
    checkers.forEach((c) => c.run());
    refreshPreview();
    const live = body.answer.status === 'published' ? 'It is published again.' : 'It is a draft now.';
    status(`Restored version ${revision.revision}. ${live}`, 'ok');
    $('save-status').scrollIntoView({ block: 'nearest' });
  } catch (error) {
    failed(error, 'Not restored');
  }
}

function offerBackup(backup) {
  const banner = $('restore-banner');
  $('restore-text').textContent =
    `This browser kept text you changed on ${when(backup.at)} but did not save. Do you want it back?`;
  show(banner, true);
  $('restore-yes').onclick = () => {
    fillForm({ ...current.loaded, ...backup.answer });
    // Save against the version these changes were made on: if someone saved since, the editor sees both.
    if (backup.etag) current.etag = backup.etag;
    show(banner, false);
    checkers.forEach((c) => c.run());
    refreshPreview();
    status('Your changes are back in the form. They are not saved yet.');
    $('f-title').focus();
  };
  $('restore-no').onclick = () => {
    dropBackup(current.id);
    show(banner, false);
    status('Your old changes were thrown away.');
    $('f-title').focus();
  };
}

export async function openAnswer(id, user) {
  if (current.id === id && current.loaded) return;
  closeAnswer();
  current.id = id;
  current.user = user;
  status('Loading the answer.');
  $('edit-form').inert = true; // nothing can be typed before the answer is in the form
  try {
    const [{ body: answer, etag }, list, orgs] = await Promise.all([
      api.get(id),
      api.list({}),
      api.organisations().catch(() => ({ body: { items: [] } })),
    ]);
    current.titles = new Map(list.body.items.map((a) => [a.id, a.title]));
    current.names = new Map(orgs.body.items.map((o) => [o.id, o.name]));
    current.loaded = answer;
    current.etag = etag;
  } catch (error) {
    failed(error, 'The answer did not load');
    return;
  }
  fillForm(current.loaded);
  $('edit-form').inert = false;
  describeState();
  status('');
  checkers.forEach((c) => c.run());
  refreshPreview();
  realChat.reset(current.loaded.title);
  loadHistory(id, { onRestore: restore });
  const backup = readBackup(id);
  if (backup && changedFields({ ...current.loaded, ...backup.answer }, current.loaded).length) offerBackup(backup);
}

// Leaving the answer: unsaved text stays in this browser, to offer back next time.
export function closeAnswer() {
  if (current.loaded && isDirty()) {
    autosave.cancel();
    saveBackup(current.id, readForm(current.loaded), current.etag);
    say($('page-status'), `Your changes to "${current.loaded.title}" are not saved. This browser keeps them: open the answer again to get them back.`);
  }
  Object.assign(current, { id: null, loaded: null, etag: null });
  for (const id of ['restore-banner', 'publish-problems']) show($(id), false);
  for (const id of ['history-list', 'preview', 'chat-log', 'publish-problem-list']) $(id).replaceChildren();
  fillForm({});
  checkers.forEach((c) => c.run());
  $('edit-heading').textContent = 'Edit answer';
  $('edit-state').textContent = '';
  hideConflict();
}

export function setupEditing(options) {
  onSignedOut = options.onSignedOut;
  checkers = TEXT_BOXES.map(({ name, label, firstLayer }) =>
    createChecker({
      name,
      label,
      firstLayer,
      textarea: $(`f-${name}`),
      container: $(`check-${name}`),
      onResult: () => announceLater(),
    }),
  );
  realChat = setupRealChat();
  const form = $('edit-form');
  form.addEventListener('input', onFormInput);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    saveDraft();
  });
  $('publish').addEventListener('click', publish);
  $('unpublish').addEventListener('click', unpublish);
  $('delete').addEventListener('click', remove);
  window.addEventListener('beforeunload', (event) => {
    if (!isDirty()) return;
    saveBackup(current.id, readForm(current.loaded), current.etag);
    event.preventDefault();
    event.returnValue = '';
  });
}
