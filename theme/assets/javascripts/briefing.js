/* Briefing pages: small progressive enhancements. Everything here works from file:// and makes no request.
 * - Cards: each cell of a table inside .briefing-cards gets its column heading as data-label, which
 *   briefing.css shows in front of the cell when a narrow screen turns the rows into cards.
 */
(function () {
  "use strict";

  function labelCards(root) {
    root.querySelectorAll(".briefing-cards table").forEach(function (table) {
      var heads = Array.prototype.map.call(table.querySelectorAll("thead th"), function (th) {
        return th.textContent.trim();
      });
      table.querySelectorAll("tbody tr").forEach(function (tr) {
        Array.prototype.forEach.call(tr.children, function (td, i) {
          if (heads[i]) td.setAttribute("data-label", heads[i]);
        });
      });
    });
  }

  function ready(fn) {
    if (document.readyState !== "loading") fn();
    else document.addEventListener("DOMContentLoaded", fn);
  }

  ready(function () {
    labelCards(document);
  });
})();
