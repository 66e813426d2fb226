// @mention autocomplete for post editors: type "@" and a few letters, pick a member with
// the arrow keys and Enter (or a click). The list comes from the htmx endpoint as HTML.
(function () {
  "use strict";
  const TRIGGER = /(?:^|\s)@([\p{L}\p{N}_.'-]{1,30}(?: [\p{L}\p{N}_.'-]{0,30})?)$/u;

  function setup(editor) {
    const textarea = editor.querySelector("textarea");
    const box = editor.querySelector(".forum-mentions");
    if (!textarea || !box) return;
    const url = editor.dataset.mentionUrl;
    let active = -1;
    let timer = null;
    textarea.setAttribute("aria-autocomplete", "list");
    textarea.setAttribute("aria-controls", box.id);

    function options() { return Array.from(box.querySelectorAll("[role=option]")); }
    function close() {
      box.classList.add("d-none");
      box.innerHTML = "";
      active = -1;
      textarea.removeAttribute("aria-activedescendant");
    }
    function highlight(index) {
      const items = options();
      items.forEach((item, i) => item.setAttribute("aria-selected", i === index ? "true" : "false"));
      active = index;
      if (items[index]) textarea.setAttribute("aria-activedescendant", items[index].id);
    }
    function pick(item) {
      const caret = textarea.selectionStart;
      const before = textarea.value.slice(0, caret);
      const match = before.match(TRIGGER);
      if (!match) return close();
      const start = caret - match[1].length;
      const insert = item.dataset.name + " ";
      textarea.value = textarea.value.slice(0, start) + insert + textarea.value.slice(caret);
      textarea.selectionStart = textarea.selectionEnd = start + insert.length;
      close();
      textarea.focus();
    }
    function lookup() {
      const match = textarea.value.slice(0, textarea.selectionStart).match(TRIGGER);
      if (!match) return close();
      fetch(url + "?q=" + encodeURIComponent(match[1]), { headers: { "HX-Request": "true" }, credentials: "same-origin" })
        .then((response) => (response.ok ? response.text() : ""))
        .then((html) => {
          box.innerHTML = html;
          const found = options().length > 0;
          box.classList.toggle("d-none", !found);
          if (found) highlight(0);
        })
        .catch(close);
    }
    textarea.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(lookup, 200); });
    textarea.addEventListener("keydown", (event) => {
      const items = options();
      if (!items.length) return;
      if (event.key === "ArrowDown") { event.preventDefault(); highlight((active + 1) % items.length); }
      else if (event.key === "ArrowUp") { event.preventDefault(); highlight((active - 1 + items.length) % items.length); }
      else if (event.key === "Enter" || event.key === "Tab") { if (items[active]) { event.preventDefault(); pick(items[active]); } }
      else if (event.key === "Escape") { close(); }
    });
    box.addEventListener("mousedown", (event) => {
      const item = event.target.closest("[role=option]");
      if (item) { event.preventDefault(); pick(item); }
    });
    textarea.addEventListener("blur", () => setTimeout(close, 150));
  }

  document.addEventListener("DOMContentLoaded", () => {
    document.querySelectorAll(".forum-editor[data-mention-url]").forEach(setup);
  });
})();
