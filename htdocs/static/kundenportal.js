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
/* A document upload shows how far it has got: the script sends the form itself and moves the
 * bar with the bytes sent; then the page the server answers with replaces this one, as a
 * normal submit would show it (the list it redirects to, under the list's address, or the form
 * with an error) — read once, so the staff's "neu" marks are not used up by a second load. A
 * file over the limit is sent as usual, so that the server's page says so; without the script
 * there is no bar. Only for pages without window-wide handlers (data-warn-unsaved): the window
 * stays when its document is replaced. */
(function () {
  'use strict';
  document.querySelectorAll('form[data-progress]').forEach(function (form) {
    var bar = form.querySelector('progress');
    var status = form.querySelector('[role=status]');
    var input = form.querySelector('input[type=file]');
    var limit = Number(form.getAttribute('data-limit'));
    var show = function (text) { status.textContent = text; };
    form.addEventListener('submit', function (e) {
      var file = input && input.files[0];
      var xhr, buttons, shown = -10, replaced = false;
      if (e.defaultPrevented || !file || !window.FormData || (limit && file.size > limit)) { return; }
      e.preventDefault();
      buttons = form.querySelectorAll('button');
      xhr = new XMLHttpRequest();
      xhr.open('POST', form.action);
      xhr.upload.addEventListener('progress', function (p) {
        var percent;
        if (!p.lengthComputable) { return; }
        percent = Math.floor(100 * p.loaded / p.total);
        bar.value = percent;
        if (percent >= shown + 10 || percent === 100) {   /* a screen reader hears every tenth */
          shown = percent;
          show(form.getAttribute('data-progress').replace('{1}', percent));
        }
      });
      /* every byte sent: the server stores the file now (seconds for a large one) */
      xhr.upload.addEventListener('load', function () {
        bar.removeAttribute('value');   /* indeterminate */
        show(form.getAttribute('data-saving'));
      });
      xhr.addEventListener('load', function () {
        var invalid;
        if (!/^text\/html/.test(xhr.getResponseHeader('Content-Type') || '')) {
          return;   /* not a page of the module (a proxy's error text): as a broken connection */
        }
        replaced = true;
        document.open();
        document.write(xhr.responseText);
        document.close();
        if (xhr.responseURL && xhr.responseURL !== form.action) {
          window.history.replaceState(null, '', xhr.responseURL);
        }
        invalid = document.querySelector('[aria-invalid="true"]');
        if (invalid) { invalid.focus(); }   /* the error next to the field, read out */
      });
      /* a broken connection, an abort, a timeout, or no page to show: the form as it was */
      xhr.addEventListener('loadend', function () {
        if (replaced) { return; }
        bar.hidden = true;
        buttons.forEach(function (b) { b.disabled = false; });
        show(form.getAttribute('data-failed'));
      });
      buttons.forEach(function (b) { b.disabled = true; });
      bar.value = 0;
      bar.hidden = false;
      show(form.getAttribute('data-progress').replace('{1}', 0));
      xhr.send(new FormData(form));   /* the submit button has no name: nothing of it is lost */
    });
  });
}());
