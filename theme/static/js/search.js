// Search with the Pagefind index the publish build writes. Without
// JavaScript (or without an index) the page keeps its list of every essay.
(function () {
  "use strict";
  var script = document.currentScript;
  // A local build's addresses are relative to the page; import() would read
  // one against this script's own address, so it is made whole here.
  var given = script && script.getAttribute("data-pagefind");
  var bundle = given && new URL(given, location.href).href;
  var base = script && script.getAttribute("data-base");
  var form = document.querySelector(".search-form");
  var input = document.getElementById("search-input");
  var list = document.querySelector(".search-results");
  var status = document.querySelector(".search-status");
  var fallback = document.querySelector(".search-fallback");
  if (!bundle || !form || !input || !list) return;

  // Keep Pagefind's highlighting (<mark>) and nothing else from an excerpt.
  function excerptNodes(html) {
    var template = document.createElement("template");
    template.innerHTML = html;
    var out = document.createDocumentFragment();
    template.content.childNodes.forEach(function (node) {
      if (node.nodeType === 1 && node.nodeName === "MARK") {
        var mark = document.createElement("mark");
        mark.textContent = node.textContent;
        out.appendChild(mark);
      } else {
        out.appendChild(document.createTextNode(node.textContent));
      }
    });
    return out;
  }

  // A large site's index comes in shards (shards.json names those after the
  // first); Pagefind merges them, so one search covers every essay.
  function mergeShards(pagefind, options) {
    var manifest = new URL("shards.json", bundle);
    return fetch(manifest).then(function (response) {
      if (!response.ok) return;
      return response.json().then(function (data) {
        return Promise.all((data.shards || []).map(function (folder) {
          return pagefind.mergeIndex(new URL(folder, manifest).pathname, options);
        }));
      });
    });
  }

  import(bundle).then(function (pagefind) {
    var options = base ? { baseUrl: new URL(base, location.href).pathname } : {};
    pagefind.options(options);
    return mergeShards(pagefind, options).then(function () { return pagefind; });
  }).then(function (pagefind) {
    form.hidden = false;
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    var latest = 0;
    input.addEventListener("input", function () {
      var query = input.value.trim();
      var ticket = ++latest;
      if (!query) {
        list.hidden = true;
        fallback.hidden = false;
        status.textContent = "";
        return;
      }
      pagefind.debouncedSearch(query).then(function (search) {
        if (!search || ticket !== latest) return;
        return Promise.all(search.results.slice(0, 20).map(function (r) { return r.data(); }))
          .then(function (results) {
            if (ticket !== latest) return;
            list.replaceChildren();
            results.forEach(function (result) {
              var item = document.createElement("li");
              var link = document.createElement("a");
              link.href = result.url;
              link.textContent = (result.meta && result.meta.title) || result.url;
              var excerpt = document.createElement("p");
              excerpt.appendChild(excerptNodes(result.excerpt || ""));
              item.append(link, excerpt);
              list.appendChild(item);
            });
            list.hidden = false;
            fallback.hidden = true;
            status.textContent = results.length === 1 ? "1 essay found." : results.length + " essays found.";
          });
      });
    });
  }).catch(function () {
    status.textContent = "Search is not available here; every essay is listed below.";
  });
})();
