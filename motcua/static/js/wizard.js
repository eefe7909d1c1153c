/* The submission wizard's upload progress bar (progressive enhancement: without this file the
   upload forms are plain multipart POSTs). Sends the same form with XMLHttpRequest, shows the
   upload progress, then follows the server's answer: {"ok": true, "redirect": url} or
   {"ok": false, "error": message}. */
(function () {
  "use strict";

  function showError(form, message) {
    var box = form.querySelector(".field-error");
    var input = form.querySelector("input[type=file]");
    if (box) {
      box.textContent = message;
      box.hidden = false;
    }
    if (input) {
      input.setAttribute("aria-invalid", "true");
      input.focus();
    }
  }

  function send(form) {
    var progress = form.querySelector(".upload-progress");
    var button = form.querySelector("button[type=submit]");
    var xhr = new XMLHttpRequest();
    // form.action would be the hidden input named "action": read the attribute.
    xhr.open("POST", form.getAttribute("action") || window.location.href);
    xhr.setRequestHeader("X-Requested-With", "XMLHttpRequest");
    xhr.upload.addEventListener("progress", function (event) {
      if (progress && event.lengthComputable) {
        progress.hidden = false;
        progress.value = Math.round((event.loaded / event.total) * 100);
      }
    });
    xhr.addEventListener("load", function () {
      var answer = null;
      try { answer = JSON.parse(xhr.responseText); } catch (e) { answer = null; }
      if (answer && answer.ok) {
        if (progress) { progress.value = 100; }
        window.location.assign(answer.redirect);
        return;
      }
      if (button) { button.disabled = false; }
      showError(form, (answer && answer.error) || form.dataset.failed || "Không tải lên được tệp.");
    });
    xhr.addEventListener("error", function () {
      if (button) { button.disabled = false; }
      showError(form, "Mất kết nối khi tải lên. Vui lòng thử lại.");
    });
    if (progress) { progress.hidden = false; progress.value = 0; }
    if (button) { button.disabled = true; }
    xhr.send(new FormData(form));
  }

  document.addEventListener("DOMContentLoaded", function () {
    if (!window.FormData || !window.XMLHttpRequest) { return; }
    document.querySelectorAll("form[data-upload]").forEach(function (form) {
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        send(form);
      });
    });
  });
})();
