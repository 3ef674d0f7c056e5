// Progressive enhancement of the search page: filters apply at once, and title
// suggestions appear while typing. Without JavaScript the form works as a plain GET.
(function () {
  "use strict";
  var form = document.querySelector("[data-search-form]");
  if (!form) return;

  // On a phone the filters start folded so the results come first.
  var filters = form.querySelector("[data-filters]");
  if (filters && window.matchMedia && !window.matchMedia("(min-width: 48rem)").matches) {
    filters.open = false;
  }

  var apply = form.querySelector("[data-apply-button]");
  if (apply) apply.hidden = true;
  form.querySelectorAll("[data-autosubmit]").forEach(function (input) {
    input.addEventListener("change", function () { form.submit(); });
  });

  var input = form.querySelector("[data-suggest-input]");
  var list = document.getElementById("suggestions");
  if (!input || !list || !window.fetch) return;
  var timer = null;
  var controller = null;

  function hide() { list.hidden = true; list.innerHTML = ""; input.setAttribute("aria-expanded", "false"); }

  function show(items) {
    list.innerHTML = "";
    items.forEach(function (item, index) {
      var li = document.createElement("li");
      li.setAttribute("role", "option");
      li.id = "suggestion-" + index;
      var a = document.createElement("a");
      a.href = item.url;
      a.textContent = item.title;
      li.appendChild(a);
      list.appendChild(li);
    });
    list.hidden = items.length === 0;
    input.setAttribute("aria-expanded", items.length ? "true" : "false");
  }

  input.addEventListener("input", function () {
    clearTimeout(timer);
    var q = input.value.trim();
    if (!q) { hide(); return; }
    timer = setTimeout(function () {
      if (controller) controller.abort();
      controller = window.AbortController ? new AbortController() : null;
      var url = form.dataset.suggestUrl + "?lang=" + encodeURIComponent(form.dataset.lang) + "&q=" + encodeURIComponent(q);
      fetch(url, controller ? { signal: controller.signal } : {})
        .then(function (r) { return r.ok ? r.json() : { suggestions: [] }; })
        .then(function (data) { show(data.suggestions || []); })
        .catch(function () { /* suggestions are optional */ });
    }, 150);
  });
  input.addEventListener("keydown", function (event) {
    if (event.key === "Escape") hide();
    if (event.key === "ArrowDown" && !list.hidden) {
      var first = list.querySelector("a");
      if (first) { event.preventDefault(); first.focus(); }
    }
  });
  // Close the list once focus leaves the search box and its suggestions, so it
  // never covers the filters underneath.
  var box = input.closest(".search-form__query") || form;
  box.addEventListener("focusout", function (event) {
    if (!event.relatedTarget || !box.contains(event.relatedTarget)) hide();
  });

  list.addEventListener("keydown", function (event) {
    var links = Array.prototype.slice.call(list.querySelectorAll("a"));
    var i = links.indexOf(document.activeElement);
    if (event.key === "ArrowDown" && i < links.length - 1) { event.preventDefault(); links[i + 1].focus(); }
    if (event.key === "ArrowUp") { event.preventDefault(); (i > 0 ? links[i - 1] : input).focus(); }
    if (event.key === "Escape") { hide(); input.focus(); }
  });
})();
