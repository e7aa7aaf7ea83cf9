// Editor behaviour: keyboard navigation, paste from Excel, jump from a
// finding to its cell, and flags on cells named by findings. Amounts are
// never computed here: the server recomputes every total exactly.
(function () {
  "use strict";

  function inputs(form) { return Array.prototype.slice.call(form.querySelectorAll("input.num:not([readonly])")); }

  // cellAt finds the input at (part, row, col), or null.
  function cellAt(p, r, c) {
    return document.querySelector('input.num[data-p="' + p + '"][data-r="' + r + '"][data-c="' + c + '"]');
  }

  function move(el, dr, dc) {
    var p = +el.dataset.p, r = +el.dataset.r + dr, c = +el.dataset.c + dc;
    for (var i = 0; i < 400; i++, r += dr, c += dc) {
      if (r < 0 || c < 0) return;
      var t = cellAt(p, r, c);
      if (t) { t.focus(); t.select(); return; }
      if (!document.querySelector('input.num[data-p="' + p + '"][data-r="' + r + '"]') && dr !== 0) {
        // A row without inputs (all totals): keep going down or up.
        if (r > 500) return;
      }
    }
  }

  document.addEventListener("keydown", function (e) {
    var el = e.target;
    if (!el.matches || !el.matches("input.num")) return;
    if (e.key === "Enter" || e.key === "ArrowDown") { e.preventDefault(); move(el, 1, 0); }
    else if (e.key === "ArrowUp") { e.preventDefault(); move(el, -1, 0); }
    else if (e.key === "ArrowRight" && el.selectionStart === el.value.length) { e.preventDefault(); move(el, 0, 1); }
    else if (e.key === "ArrowLeft" && el.selectionEnd === 0) { e.preventDefault(); move(el, 0, -1); }
    else if (e.key === "Escape") { el.value = el.defaultValue; }
  });

  // An amount is shown as printed when the cell is left: "5" → "5.00",
  // "1,234.5" → "1234.50". Text only (no arithmetic): what is not a plain
  // number is left as typed for the server to explain.
  function formatWan(v) {
    var s = v.replace(/[,，\s]/g, "");
    var m = /^(-?)(\d*)(?:\.(\d{0,2}))?$/.exec(s);
    if (!m || (m[2] === "" && !m[3])) return v;
    var ip = m[2].replace(/^0+(?=\d)/, "") || "0", fp = (m[3] || "") + "00";
    return m[1] + ip + "." + fp.slice(0, 2);
  }
  document.addEventListener("change", function (e) {
    var el = e.target;
    if (!el.matches || !(el.matches("#grid-form input.num") || el.matches("input[data-fmt=wan]")) || el.readOnly) return;
    el.value = formatWan(el.value);
    // Validated as typed: what is not an amount is marked at once (the
    // server still decides, and keeps what was typed when it refuses).
    var bad = el.value !== "" && !/^-?\d+\.\d{2}$/.test(el.value);
    el.classList.toggle("invalid", bad);
    el.title = bad ? "应为以万元为单位的金额，最多两位小数，如 12.34" : "";
  }, true);
  document.addEventListener("change", function (e) {
    var el = e.target;
    if (!el.matches || !el.matches("input[inputmode=numeric].num")) return;
    var bad = el.value !== "" && !/^\d+$/.test(el.value.trim());
    el.classList.toggle("invalid", bad);
    el.title = bad ? "应为不小于 0 的整数" : "";
  }, true);

  // Paste a block copied from Excel (tab-separated rows) starting at the
  // focused cell; totals are skipped, as the server computes them.
  document.addEventListener("paste", function (e) {
    var el = e.target;
    if (!el.matches || !el.matches("input.num") || el.readOnly) return;
    var text = (e.clipboardData || window.clipboardData).getData("text");
    if (!/[\t\n]/.test(text.replace(/\n$/, ""))) return;
    e.preventDefault();
    var rows = text.replace(/\r/g, "").replace(/\n$/, "").split("\n");
    var p = +el.dataset.p, r0 = +el.dataset.r, c0 = +el.dataset.c, n = 0;
    rows.forEach(function (line, i) {
      line.split("\t").forEach(function (v, j) {
        var t = cellAt(p, r0 + i, c0 + j);
        if (t && !t.readOnly) { t.value = v.trim(); n++; }
      });
    });
    if (n > 0) el.form.dispatchEvent(new Event("change", { bubbles: true }));
  });

  // Flag the cells that findings name (after every swap of the panel).
  function flag() {
    document.querySelectorAll(".flag-error, .flag-warning").forEach(function (td) {
      td.classList.remove("flag-error", "flag-warning");
    });
    document.querySelectorAll("#findings li.finding").forEach(function (li) {
      var sev = li.dataset.sev;
      if (sev !== "error" && sev !== "warning") return;
      (li.dataset.cells || "").split(" ").forEach(function (id) {
        var el = id && document.getElementById(id);
        var td = el && el.closest("td");
        if (td && !td.classList.contains("flag-error")) td.classList.add("flag-" + sev);
      });
    });
  }

  function jump(id) {
    var el = document.getElementById(id);
    if (!el) return false;
    var td = el.closest("td") || el;
    td.scrollIntoView({ block: "center", inline: "center" });
    if (el.focus) el.focus({ preventScroll: true });
    td.classList.remove("jump"); void td.offsetWidth; td.classList.add("jump");
    return true;
  }

  document.addEventListener("click", function (e) {
    var a = e.target.closest && e.target.closest("a.cellref");
    if (a && jump(a.dataset.target)) { e.preventDefault(); history.replaceState(null, "", "#" + a.dataset.target); }
  });

  document.addEventListener("DOMContentLoaded", function () {
    flag();
    if (location.hash.length > 1) jump(location.hash.slice(1));
    var status = document.getElementById("save-status");
    // The other forms of the page (workflow, add row) act on the version
    // the grid now shows: synced when a save's answer is swapped in, and
    // again as any form is sent, so a click landing before htmx settles the
    // swap does not send the version the page was loaded with.
    function syncBase() {
      var base = document.getElementById("base");
      if (base) document.querySelectorAll('input[name="base"]').forEach(function (x) { if (x !== base) x.value = base.value; });
    }
    document.addEventListener("submit", syncBase, true);
    document.body.addEventListener("htmx:oobAfterSwap", syncBase);
    document.body.addEventListener("htmx:afterSettle", function () { flag(); syncBase(); });
    document.body.addEventListener("htmx:beforeRequest", function (e) {
      if (status && e.target.id === "grid-form") { status.textContent = "正在保存并审核…"; status.className = "save-status"; }
    });
    document.body.addEventListener("htmx:responseError", function (e) {
      var msg = e.detail.xhr.responseText || "保存失败";
      if (e.target.id === "grid-form" && status) { status.textContent = msg; status.className = "save-status alert"; }
      else { alert(msg); }
    });
    document.body.addEventListener("htmx:sendError", function () {
      if (status) { status.textContent = "网络连接失败，修改尚未保存，请稍后再试（页面上的输入仍然保留）"; status.className = "save-status alert"; }
    });
  });
})();
