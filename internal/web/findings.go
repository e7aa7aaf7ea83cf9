package web

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"sort"
	"strings"

	"github.com/juesuan/juesuan"
	"github.com/juesuan/juesuan/internal/audit"
	"github.com/juesuan/juesuan/internal/lru"
)

// audited is a stored version with its audit. Versions are immutable, so
// the audit of (report, version) never goes stale and is cached.
type audited struct {
	Report   *juesuan.Report // derived; never mutate: Clone first
	Tpl      *juesuan.Template
	Version  *juesuan.ReportVersion
	Sum      string // the stored version's checksum (the document cache's key)
	Findings []juesuan.Finding
	Counts   juesuan.Counts
	Computed map[juesuan.CellRef]bool
	// Calc holds, for each total the report gives (entered or imported)
	// that disagrees with its parts, the value computed from the parts:
	// the printed value is kept and shown beside it, and stays editable.
	Calc map[juesuan.CellRef]juesuan.Amount
	// parts is every computed cell's value from its parts alone: the next
	// save's starting point.
	parts map[juesuan.CellRef]juesuan.Amount
}

type auditKey struct {
	k juesuan.ReportKey
	v int
}

// auditCache holds audited versions within a byte budget, least recently
// used first out (internal/lru): the server's memory stays bounded however
// many versions are saved.
type auditCache = lru.Cache[auditKey, *audited]

// auditCacheBytes bounds the cache: about 500 audited reports of the
// reference's size.
const auditCacheBytes = 96 << 20

// cost estimates the memory an audited version holds.
func (a *audited) cost() int64 {
	r := a.Report
	n := int64(16 << 10) // facts and narrative texts
	n += 160 * int64(len(r.Cells)+len(r.Derived)+len(a.Computed)+len(a.parts))
	n += 96 * int64(len(r.RowNames))
	for _, f := range a.Findings {
		n += 256 + int64(len(f.Message))
	}
	return n
}

// load returns a version (0 = current) of a report with its audit.
func (s *Server) load(ctx context.Context, k juesuan.ReportKey, version int) (*audited, error) {
	if version == 0 {
		info, err := s.st.ReportInfo(ctx, k)
		if err != nil {
			return nil, err
		}
		version = info.Current
	}
	ak := auditKey{k, version}
	if a, ok := s.audits.Get(ak); ok {
		return a, nil
	}
	r, v, err := s.st.LoadReport(ctx, k, version)
	if err != nil {
		return nil, err
	}
	tpl, err := s.cfg.Templates.Load(juesuan.TemplateRef(r.Template, r.Year))
	if err != nil {
		return nil, err
	}
	a, err := analyse(tpl, r)
	if err != nil {
		return nil, err
	}
	a.Version = v
	a.Sum = v.Checksum
	s.audits.Put(ak, a, a.cost())
	return a, nil
}

// analyse audits a report (it derives r's blank totals).
func analyse(tpl *juesuan.Template, r *juesuan.Report) (*audited, error) {
	return auditVersion(tpl, r, nil)
}

// analyseEdit audits a save's next version (e.Shown, derived) and reuses
// the totals from parts applyEdits computed when its computed cells are
// those it used.
func analyseEdit(tpl *juesuan.Template, e *edited) (*audited, error) {
	return auditVersion(tpl, e.Shown, e)
}

// auditVersion audits r; e, when r is a save's new version, is the edit
// that made it, whose totals from parts stand when still valid.
func auditVersion(tpl *juesuan.Template, r *juesuan.Report, e *edited) (*audited, error) {
	comp, err := computedCells(tpl, r)
	if err != nil {
		return nil, err
	}
	fs, err := audit.Check(tpl, r)
	if err != nil {
		return nil, err
	}
	sort.SliceStable(fs, func(i, j int) bool { return fs[i].Severity.Rank() < fs[j].Severity.Rank() })
	var parts map[juesuan.CellRef]juesuan.Amount
	if e != nil && sameCells(comp, e.comp) && derivedWithin(r, comp) {
		parts = e.parts
	} else if parts, err = fromParts(tpl, r, comp); err != nil {
		return nil, err
	}
	return &audited{Report: r, Tpl: tpl, Findings: fs, Counts: juesuan.Count(fs), Computed: comp,
		Calc: givenMismatches(r, comp, parts), parts: parts}, nil
}

// findingKey identifies a finding across versions: its rule, cells and
// place, so that a 出错说明 stays attached while the finding persists.
func findingKey(f juesuan.Finding) string {
	h := sha256.Sum256([]byte(f.Rule + "|" + strings.Join(f.Cells, ",") + "|" + f.Where))
	return f.Rule + "#" + hex.EncodeToString(h[:6])
}

// unexplainedErrors lists the error findings without a 出错说明.
func unexplainedErrors(fs []findingView) []findingView {
	var out []findingView
	for _, f := range fs {
		if f.Severity == juesuan.SevError && strings.TrimSpace(f.Explanation) == "" {
			out = append(out, f)
		}
	}
	return out
}
