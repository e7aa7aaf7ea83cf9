package store

import (
	"context"
	"database/sql"
	"sync"
)

// Prepared statements (SQLite). modernc's driver parses a statement's
// text each time it runs; under the load test the parser was 8 % of the
// server's CPU. The store's statements are kept prepared, once per text
// (database/sql prepares each on a connection the first time it is used
// there, and a transaction reuses the connection's). PostgreSQL's driver
// (pgx) keeps its own statement cache per connection.

// maxStmts bounds the texts kept prepared: the store's fixed statements
// and the short variants of the multi-row ones (writeCells); longer or
// later texts run unprepared as before. Statements are never closed while
// the store is open, so one in use cannot be closed under its user.
const (
	maxStmts     = 256
	maxStmtBytes = 2048
)

type stmtCache struct {
	mu      sync.Mutex
	m       map[string]*sql.Stmt
	pending map[string]bool // being prepared for a transaction's next run
	closed  bool
}

// prepare prepares text on the pool and keeps it; nil on an error.
func (c *stmtCache) prepare(db *sql.DB, text string) *sql.Stmt {
	st, err := db.Prepare(text)
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.pending, text)
	if err != nil {
		return nil
	}
	if have, ok := c.m[text]; ok || c.closed {
		st.Close()
		return have
	}
	if c.m == nil {
		c.m = map[string]*sql.Stmt{}
	}
	c.m[text] = st
	return st
}

// prepared returns text prepared for q (a *sql.DB or a *sql.Tx of this
// store), or nil to run it unprepared.
func (s *Store) prepared(ctx context.Context, q querier, text string) *sql.Stmt {
	if s.d.name != "sqlite" || len(text) > maxStmtBytes {
		return nil
	}
	db, isDB := q.(*sql.DB)
	tx, isTx := q.(*sql.Tx)
	if !isTx && !(isDB && db == s.db) {
		return nil
	}
	c := &s.stmts
	c.mu.Lock()
	st, ok := c.m[text]
	full := len(c.m) >= maxStmts
	c.mu.Unlock()
	if !ok {
		if full {
			return nil
		}
		if isTx {
			// A transaction holds its connection; waiting for another one
			// of the pool here could wait on a holder that waits on this
			// transaction's lock. It runs unprepared this once, and the
			// statement is prepared beside it for the next run.
			c.mu.Lock()
			if !c.pending[text] {
				if c.pending == nil {
					c.pending = map[string]bool{}
				}
				c.pending[text] = true
				go c.prepare(s.db, text)
			}
			c.mu.Unlock()
			return nil
		}
		st = c.prepare(s.db, text)
		if st == nil {
			return nil // the statement's own run reports the error
		}
	}
	if isTx {
		return tx.StmtContext(ctx, st)
	}
	return st
}

// closeStmts closes the prepared statements (Close).
func (s *Store) closeStmts() {
	c := &s.stmts
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, st := range c.m {
		st.Close()
	}
	c.m, c.closed = nil, true
}
