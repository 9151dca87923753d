// When someone else saved first (HTTP 412): show their version beside the editor's own text.
// The editor's text is never thrown away without a deliberate choice.
import { $, el, show, when } from './dom.js';
import { changedFields, FIELD_LABELS, fieldText } from './form.js';

function readOnlyText(id, label, text) {
  return el('div', { className: 'field' }, [
    el('label', { text: label, attrs: { for: id } }),
    el('textarea', { text, attrs: { id, rows: String(Math.min(10, Math.max(2, text.split('\n').length + 1))), readonly: true } }),
  ]);
}

// Lines only one side has, so a change deep in a long text is easy to find.
function lineChanges(mineText, theirText) {
  const mineLines = mineText.split('\n').map((l) => l.trim()).filter(Boolean);
  const theirLines = theirText.split('\n').map((l) => l.trim()).filter(Boolean);
  const items = [
    ...mineLines.filter((l) => !theirLines.includes(l)).map((l) => ['mine', 'Only in your text: ', l]),
    ...theirLines.filter((l) => !mineLines.includes(l)).map((l) => ['theirs', 'Only in their version: ', l]),
  ];
  if (!items.length) return null;
  return el('ul', { className: 'diff' }, items.map(([kind, label, line]) =>
    el('li', { className: kind === 'mine' ? 'added' : 'removed' }, [el('span', { className: 'diff-tag', text: label }), el('span', { text: line })]),
  ));
}

// `mine` is the form's answer, `theirs` the newer saved one. Handlers decide what happens next.
// `labels` names the fields to compare (answers' fields by default).
export function showConflict(mine, theirs, { onKeepMine, onUseTheirs, labels = FIELD_LABELS, noun = 'answer' }) {
  const panel = $('conflict');
  $('conflict-heading').textContent = `Someone else changed this ${noun}`;
  const fields = changedFields(mine, theirs, labels);
  $('conflict-text').textContent =
    `${theirs.updated_by} saved version ${theirs.revision} at ${when(theirs.updated_at)}, after you opened this ${noun}. ` +
    'Here is their version. Your text is kept. Choose what to do.';
  const rows = fields.map((key) =>
    el('div', { className: 'compare' }, [
      el('h3', { text: labels[key] }),
      lineChanges(fieldText(mine, key), fieldText(theirs, key)),
      el('div', { className: 'compare-columns' }, [
        readOnlyText(`conflict-mine-${key}`, `Your text: ${labels[key]}`, fieldText(mine, key)),
        readOnlyText(`conflict-theirs-${key}`, `Their version: ${labels[key]}`, fieldText(theirs, key)),
      ]),
    ]),
  );
  if (!rows.length) rows.push(el('p', { text: 'Their version has the same text as yours.' }));
  $('conflict-fields').replaceChildren(...rows);
  const mineButton = $('conflict-mine');
  const theirsButton = $('conflict-theirs');
  show(mineButton, true);
  show(theirsButton, true);
  show($('conflict-close'), false);
  mineButton.onclick = () => {
    hideConflict();
    onKeepMine();
  };
  theirsButton.onclick = () => {
    onUseTheirs();
    $('conflict-text').textContent =
      'Their version is in the form now. Your text is still here, so you can copy parts of it. Close this box when you are done.';
    show(mineButton, false);
    show(theirsButton, false);
    show($('conflict-close'), true);
    $('conflict-close').focus();
  };
  $('conflict-close').onclick = () => {
    hideConflict();
    document.querySelector('.view:not([hidden]) h1')?.focus();
  };
  show(panel, true);
  panel.focus();
}

export function hideConflict() {
  show($('conflict'), false);
  $('conflict-fields').replaceChildren();
}
