package store

import "context"

// EnsureWebSchema brings the schema up to date. The web workbench's tables
// are numbered migrations now (0002_web, 0003_login_tokens); this stays
// for callers written when they were created here.
func (s *Store) EnsureWebSchema(ctx context.Context) error {
	_, err := s.Migrate(ctx)
	return err
}
