// Page fitting, run by the PDF printer before it prints. A table that
// would leave fewer than MIN rows alone on its last page is first set
// tighter (smaller type, less padding) until it needs one page less; if
// no setting does that, the page break is moved up so that its last page
// holds MIN rows. Heights are measured on this page laid out at the
// printed width, and pages are filled row by row as the printer does
// (rows are not split, the header repeats).
(() => {
  const MM = 96 / 25.4;
  // Content box of the pages of style.css (@page and @page wide).
  const PAGE = { portrait: { w: 174, h: 255 }, wide: { w: 267, h: 177 } };
  const MIN = 5;
  const LEVELS = ["fit1", "fit2", "fit3"];
  const root = document.documentElement;
  root.classList.add("fit-measure");
  const rect = (e) => e.getBoundingClientRect();

  function layout(b) {
    const wide = b.classList.contains("wide");
    const pg = wide ? PAGE.wide : PAGE.portrait;
    const H = pg.h * MM;
    b.style.width = pg.w + "mm";
    const table = b.querySelector("table");
    if (!table || !table.tBodies.length) return null;
    const head = table.tHead;
    const headH = head ? rect(head).height : 0;
    const top = rect(b).top;
    let start = 0;
    if (!wide && !b.classList.contains("pb")) {
      // The block flows after what precedes it since the last forced break.
      let e = b.previousElementSibling;
      while (e && !e.classList.contains("pb")) e = e.previousElementSibling;
      if (e) start = (top - rect(e).top) % H;
    }
    let y = start + ((head ? rect(head).bottom : rect(table).top) - top);
    const rows = Array.from(table.tBodies[0].rows);
    let pages = 1, onPage = 0;
    const first = [0];
    rows.forEach((tr, i) => {
      const h = rect(tr).height;
      if (y + h > H + 0.5 && onPage > 0) {
        pages++;
        y = headH;
        onPage = 0;
        first.push(i);
      }
      y += h;
      onPage++;
    });
    // The notes under a table are kept with it (style.css: break-before:
    // avoid), so when they do not fit under the last row the printer
    // takes that row over to the next page with them.
    let tail = 0;
    for (let e = table.nextElementSibling; e && e.matches("p.note"); e = e.nextElementSibling) tail += rect(e).height;
    for (let e = b.nextElementSibling; e && e.matches("p.note"); e = e.nextElementSibling) tail += rect(e).height;
    // The printer breaks before such a group a little earlier than this
    // measure says (seen: by under 6 mm), so a group that only just fits
    // is counted as not fitting, and the table is fitted instead.
    if (tail > 0 && y + tail > H - 6 * MM && onPage > 1) {
      pages++;
      onPage = 1;
      first.push(rows.length - 1);
    }
    return { pages, last: onPage, rows: rows.length, first, startsAt: start };
  }

  const report = [];
  try {
  document.querySelectorAll(".table-block").forEach((b, n) => {
    const title = (b.querySelector(".table-title") || {}).textContent || "";
    const base = layout(b);
    if (!base) return;
    const entry = { n, title, pages: base.pages, last: base.last, rows: base.rows, fit: "", was: [base.pages, base.last, Math.round(base.startsAt)] };
    if (base.pages > 1 && (base.last < MIN || base.pages === 2)) {
      // Try to save a page: a table a few rows too long stays on one page.
      for (const lv of LEVELS) {
        b.classList.add(lv);
        const m = layout(b);
        if (m.pages < base.pages && (m.pages === 1 || m.last >= MIN)) {
          Object.assign(entry, { pages: m.pages, last: m.last, fit: lv });
          break;
        }
        b.classList.remove(lv);
      }
    }
    if (!entry.fit && base.pages > 1 && base.last < MIN) {
      // Move the last break up so that MIN rows go to the last page.
      const rows = b.querySelector("table").tBodies[0].rows;
      const at = base.rows - MIN;
      if (at > base.first[base.first.length - 2]) {
        rows[at].classList.add("break-before");
        entry.fit = "break@" + at;
      } else {
        b.classList.add("break-before");
        entry.fit = "break-before-table";
      }
      const m = layout(b);
      entry.pages = m.pages;
      entry.last = m.last;
    }
    b.style.width = "";
    report.push(entry);
  });
  } catch (e) {
    // Fitting is a refinement: a page it cannot measure prints as laid out.
    report.push({ error: String(e) });
  } finally {
    root.classList.remove("fit-measure");
    document.querySelectorAll(".table-block").forEach((b) => (b.style.width = ""));
  }
  return JSON.stringify(report);
})()
