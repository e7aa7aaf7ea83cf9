package web

import (
	"context"

	"github.com/juesuan/juesuan"
	"github.com/juesuan/juesuan/internal/store"
)

// loadRow loads the version a dashboard row shows. A version that cannot
// be read (a corrupt body) is that row's problem, not the whole page's: it
// is noted in broken by unit code and an empty result is returned. Only an
// unavailable database fails the page.
func (s *Server) loadRow(ctx context.Context, k juesuan.ReportKey, version int, broken map[string]string) (*audited, error) {
	a, err := s.load(ctx, k, version)
	if err == nil {
		return a, nil
	}
	if _, down := store.Unavailable(err); down {
		return nil, err
	}
	s.cfg.Log.Printf("web: dashboard: %s: %v", k.Unit, err)
	broken[k.Unit] = errMessage(err)
	return &audited{}, nil
}
