/* kundenportal.js: comfort only; every flow works without it. */
(function () {
  'use strict';
  document.querySelectorAll('[data-copy]').forEach(function (button) {
    button.hidden = false;
    button.addEventListener('click', function () {
      var source = document.getElementById(button.getAttribute('data-copy'));
      if (source && navigator.clipboard) {
        navigator.clipboard.writeText(source.value || source.textContent);
        button.setAttribute('aria-live', 'polite');
        button.textContent = button.getAttribute('data-copied') || button.textContent;
      }
    });
  });
  document.querySelectorAll('form[data-warn-unsaved]').forEach(function (form) {
    /* Shown again with typed values that are not saved yet (after "Übernehmen"): dirty already. */
    var dirty = form.hasAttribute('data-unsaved');
    /* Fields may sit outside the form element (form="id"): ask each field for its form. */
    document.addEventListener('input', function (e) { if (e.target.form === form) { dirty = true; } });
    form.addEventListener('submit', function () { dirty = false; });
    window.addEventListener('beforeunload', function (e) {
      if (dirty) { e.preventDefault(); e.returnValue = ''; }
    });
  });
}());
/* Administration: "Kundenportal aktivieren" shows or hides the section at once (the server
 * always sends it; without the script it stays visible). */
(function () {
  'use strict';
  document.querySelectorAll('input[data-toggles]').forEach(function (box) {
    var section = document.getElementById(box.getAttribute('data-toggles'));
    if (!section) { return; }
    var sync = function () { section.hidden = !box.checked; };
    box.addEventListener('change', sync);
    sync();
  });
}());
/* Deleting a row, renewing the link: asked once more, as neither can be undone (without the
 * script the button acts at once). */
(function () {
  'use strict';
  document.querySelectorAll('form[data-confirm]').forEach(function (form) {
    form.addEventListener('submit', function (e) {
      if (!window.confirm(form.getAttribute('data-confirm'))) { e.preventDefault(); }
    });
  });
}());
