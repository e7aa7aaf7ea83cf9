package web

import (
	"context"
	"time"

	"github.com/juesuan/juesuan"
)

// publication is what the public may see of a report: every version that
// was 公开 (a corrected report keeps its earlier version public), and the
// 更正说明 of each correction.
type publication struct {
	Versions    []int // published versions, oldest first
	Latest      int   // the version the public sees; 0 never published
	Corrections []correction
}

// correction is one 更正 of a published report.
type correction struct {
	At       time.Time
	Actor    string
	Reason   string
	Earlier  int // the version published before the correction
	Replaced int // the version published after it; 0 while in progress
}

// publicationOf reads the review history.
func publicationOf(hist []*juesuan.ReviewEvent) *publication {
	p := &publication{}
	for _, e := range hist {
		switch {
		case e.To == juesuan.StatePublished:
			p.Versions = append(p.Versions, e.Version)
			p.Latest = e.Version
			for i := range p.Corrections {
				if p.Corrections[i].Replaced == 0 {
					p.Corrections[i].Replaced = e.Version
				}
			}
		case e.From == juesuan.StatePublished:
			p.Corrections = append(p.Corrections, correction{At: e.At, Actor: e.Actor, Reason: e.Comment, Earlier: e.Version})
		}
	}
	return p
}

// Public reports whether version v was published.
func (p *publication) Public(v int) bool {
	for _, x := range p.Versions {
		if x == v {
			return true
		}
	}
	return false
}

// publicationFor loads the publication record of a report.
func (s *Server) publicationFor(ctx context.Context, k juesuan.ReportKey) (*publication, error) {
	hist, err := s.st.ReviewHistory(ctx, k)
	if err != nil {
		return nil, err
	}
	return publicationOf(hist), nil
}
