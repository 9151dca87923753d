// The /embed page: shows the one-line snippet for ?org=ID, copies it, shows the organisation's
// settings, and adds exactly that snippet to this page as a live preview. Text only, never HTML.
(function () {
  'use strict';
  var DEFAULT_ORG = 'sds-assistant';
  var ORG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
  var requested = (new URLSearchParams(location.search).get('org') || '').trim().toLowerCase();
  var org = ORG_PATTERN.test(requested) && requested.length <= 60 ? requested : DEFAULT_ORG;
  var src = location.origin + '/widget.js';
  var snippet = '<script src="' + src + '" data-org="' + org + '" defer></script>';

  document.getElementById('org-id').textContent = org;
  document.getElementById('snippet').textContent = snippet;
  document.getElementById('origin').textContent = location.origin;
  document.getElementById('org').value = org;

  var status = document.getElementById('copy-status');
  document.getElementById('copy').addEventListener('click', function () {
    var done = function () { status.textContent = 'Copied. Now paste it into your web page.'; };
    var fallback = function () {
      var range = document.createRange();
      range.selectNodeContents(document.getElementById('snippet'));
      var selection = window.getSelection();
      selection.removeAllRanges();
      selection.addRange(range);
      var copied = false;
      try { copied = document.execCommand('copy'); } catch (e) { copied = false; }
      status.textContent = copied ? 'Copied. Now paste it into your web page.'
        : 'The line is selected. Press Control and C to copy it (Command and C on a Mac).';
    };
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(snippet).then(done, fallback);
    } else {
      fallback();
    }
  });

  var settings = document.getElementById('settings');
  fetch('/v1/sites/' + encodeURIComponent(org))
    .then(function (response) { return response.ok ? response.json() : null; })
    .catch(function () { return null; })
    .then(function (site) {
      if (!site) {
        settings.textContent = 'We do not know the organisation "' + org + '" yet. ' +
          'The chat works with the standard name, colours and first words until a reviewer adds it.';
        return;
      }
      settings.textContent = 'We know this organisation. The chat shows the name "' + site.display_name +
        '" and starts with: "' + site.greeting + '"';
    });

  // The live preview: the same line a web manager pastes.
  var script = document.createElement('script');
  script.src = src;
  script.defer = true;
  script.setAttribute('data-org', org);
  document.body.appendChild(script);
})();
