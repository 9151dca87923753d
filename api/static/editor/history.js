// The history of one answer: every version, who made it and when, what changed, and Restore.
import { api } from './api.js';
import { $, ACTION_WORDS, el, say, STATUS_WORDS, when } from './dom.js';

// A unified diff in plain words: added lines say "Added", removed lines say "Removed".
function diffList(diff) {
  const list = el('ul', { className: 'diff' });
  for (const line of (diff || '').split('\n')) {
    if (!line || line.startsWith('---') || line.startsWith('+++') || line.startsWith('@@')) continue;
    if (line.startsWith('+')) {
      list.append(el('li', { className: 'added' }, [el('span', { className: 'diff-tag', text: '+ Added: ' }), el('span', { text: line.slice(1) })]));
    } else if (line.startsWith('-')) {
      list.append(el('li', { className: 'removed' }, [el('span', { className: 'diff-tag', text: '− Removed: ' }), el('span', { text: line.slice(1) })]));
    }
  }
  if (!list.children.length) list.append(el('li', { text: 'No changes to the text.' }));
  return list;
}

// `source` is the API of the kind of content (answers by default).
export async function loadHistory(answerId, { onRestore, source = api, prefix = 'history' }) {
  const list = $(`${prefix}-list`);
  const status = $(`${prefix}-status`);
  say(status, 'Loading the history.');
  try {
    const { body } = await source.revisions(answerId);
    const items = body.items;
    list.replaceChildren(
      ...items.map((r, index) => {
        const title = `Version ${r.revision}: ${ACTION_WORDS[r.action] || r.action}`;
        const item = el('li', { className: 'version' }, [
          el('h3', { className: 'version-title', text: title }),
          el('p', { className: 'version-meta', text: `By ${r.author}, ${when(r.created_at)}. ${STATUS_WORDS[r.status] || r.status}.` }),
        ]);
        const details = el('details', {}, [el('summary', { text: `What changed in version ${r.revision}` }), diffList(r.diff)]);
        item.append(details);
        if (index === 0) {
          item.append(el('p', { className: 'hint', text: 'This is the newest version.' }));
        } else {
          const button = el('button', { text: `Restore version ${r.revision}`, attrs: { type: 'button' } });
          button.addEventListener('click', () => onRestore(r));
          item.append(button);
        }
        return item;
      }),
    );
    say(status, items.length === 1 ? 'There is 1 version.' : `There are ${items.length} versions.`);
  } catch (error) {
    say(status, `The history did not load: ${error.message}`, 'error');
  }
}
