/* Briefing pages: small progressive enhancements. Everything here works from file:// and makes no request.
 * - Cards: each cell of a table inside .briefing-cards gets its column heading as data-label, which
 *   briefing.css shows in front of the cell when a narrow screen turns the rows into cards.
 * - In force on a date: the measures page's .briefing-inforce box gets a date input; the measures in
 *   force on the chosen day appear in an aria-live region. The data is measures/in-force.js, written
 *   by the build (window.BRIEFING_IN_FORCE); the rule is generator/derive.py's in_force.
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

  // The change in force on `day` (YYYY-MM-DD) among a measure's changes, or null (derive._state).
  function changeInForce(changes, day) {
    var best = null;
    changes.forEach(function (ch) {
      if (ch.start > day) return;
      if (!best || ch.start > best.start || (ch.start === best.start && ch.order > best.order)) best = ch;
    });
    if (!best || best.change === "ended" || (best.end && day > best.end)) return null;
    return best;
  }

  function inForce(data, day) {
    var out = [];
    data.measures.forEach(function (m) {
      var ch = changeInForce(m.changes, day);
      if (ch) out.push({measure: m, change: ch});
    });
    return out;
  }

  function link(text, href) {
    var a = document.createElement("a");
    a.href = href;
    a.textContent = text;  // text, never markup
    return a;
  }

  function longDate(day) {
    var months = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
                  "October", "November", "December"];
    var p = day.split("-");
    return Number(p[2]) + " " + months[Number(p[1]) - 1] + " " + p[0];
  }

  function showInForce(output, data, day) {
    output.textContent = "";
    if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return;
    var rows = inForce(data, day);
    var head = document.createElement("p");
    head.textContent = rows.length ? "On " + longDate(day) + ", " + rows.length + " measure" +
      (rows.length === 1 ? " was" : "s were") + " in force:" : "No measure was in force on " + longDate(day) + ".";
    output.appendChild(head);
    if (!rows.length) return;
    var list = document.createElement("ul");
    rows.forEach(function (r) {
      var li = document.createElement("li");
      li.setAttribute("data-measure", r.measure.id);
      li.appendChild(link(r.measure.name, r.measure.href));
      li.appendChild(document.createTextNode(": " + r.change.change + " by "));
      li.appendChild(link(r.change.title, r.change.href));
      li.appendChild(document.createTextNode(" (" + r.change.date + ")" + (r.change.end ? ", until " + longDate(r.change.end) : "")));
      list.appendChild(li);
    });
    output.appendChild(list);
  }

  function setUpInForce(root) {
    var box = root.querySelector(".briefing-inforce");
    var data = window.BRIEFING_IN_FORCE;
    if (!box || !data) return;
    var starts = [];
    data.measures.forEach(function (m) { m.changes.forEach(function (ch) { starts.push(ch.start); }); });
    starts.sort();
    var form = document.createElement("p");
    var label = document.createElement("label");
    label.setAttribute("for", "briefing-inforce-date");
    label.textContent = "In force on ";
    var input = document.createElement("input");
    input.type = "date";
    input.id = "briefing-inforce-date";
    if (starts.length) {
      input.min = starts[0];
      input.value = starts[starts.length - 1];
    }
    var output = document.createElement("div");
    output.className = "briefing-inforce__result";
    output.setAttribute("aria-live", "polite");
    form.appendChild(label);
    form.appendChild(input);
    box.appendChild(form);
    box.appendChild(output);
    var update = function () { showInForce(output, data, input.value); };
    input.addEventListener("input", update);
    input.addEventListener("change", update);
    update();
  }

  function ready(fn) {
    if (document.readyState !== "loading") fn();
    else document.addEventListener("DOMContentLoaded", fn);
  }

  ready(function () {
    labelCards(document);
    setUpInForce(document);
  });
})();
