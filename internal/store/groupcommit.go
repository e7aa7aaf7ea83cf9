package store

import (
	"context"
	"fmt"
	"sync"
)

// Group commit (SQLite). Writers are serialised by wsem, and each commit
// of a transaction syncs the WAL (synchronous FULL). Under many
// concurrent saves the holder of the write slot is time-sliced among all
// the requests in flight, so every save waited behind every other one's
// statements, commit and scheduling. Here saves that wait for the write
// slot queue their work; whoever gets the slot commits everything queued
// in one transaction (one sync), each save inside a savepoint of its own:
// a save that fails (a version conflict, a refused check) is rolled back
// to its savepoint alone, and every caller gets its own result. A caller
// is answered only after the transaction holding its save has committed,
// so an OK is as durable as before.

// maxGroup bounds the saves of one group commit, so that a transaction
// and the wait of the last save in it stay short.
const maxGroup = 32

// groupHook, when set (tests), is told the size of each group.
var groupHook func(n int)

// groupJob is one save waiting to be committed.
type groupJob struct {
	ctx  context.Context
	f    func(context.Context, *txn) error
	err  error
	done chan struct{}
}

// groupQueue holds the saves waiting for the write slot.
type groupQueue struct {
	mu   sync.Mutex
	jobs []*groupJob
}

// take removes up to maxGroup jobs from the head of the queue.
func (q *groupQueue) take() []*groupJob {
	q.mu.Lock()
	defer q.mu.Unlock()
	n := min(len(q.jobs), maxGroup)
	jobs := make([]*groupJob, n)
	copy(jobs, q.jobs)
	q.jobs = append(q.jobs[:0], q.jobs[n:]...)
	return jobs
}

// drop removes j from the queue; false if a leader has already taken it.
func (q *groupQueue) drop(j *groupJob) bool {
	q.mu.Lock()
	defer q.mu.Unlock()
	for i, o := range q.jobs {
		if o == j {
			q.jobs = append(q.jobs[:i], q.jobs[i+1:]...)
			return true
		}
	}
	return false
}

// inGroupTx runs f in a transaction that may be shared with other
// concurrent calls of inGroupTx (SQLite only; PostgreSQL writers do not
// queue, and each runs its own transaction as inTx does). f must be
// repeatable: when a shared transaction breaks as a whole, each of its
// saves is run again alone. f receives the context to use for its
// statements: once its save is in a transaction it is not interrupted
// (SQLite may roll back the whole transaction on an interrupt).
func (s *Store) inGroupTx(ctx context.Context, f func(context.Context, *txn) error) error {
	if s.d.name != "sqlite" {
		return s.inTx(ctx, func(tx *txn) error { return f(ctx, tx) })
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("无法开始事务: %w", err)
	}
	j := &groupJob{ctx: ctx, f: f, done: make(chan struct{})}
	s.group.mu.Lock()
	s.group.jobs = append(s.group.jobs, j)
	s.group.mu.Unlock()
	select {
	case <-j.done:
		return j.err
	case s.wsem <- struct{}{}:
		// The slot is ours: no other group is running, so j is either
		// done or still queued. Commit what is queued, in groups, until
		// j is done.
		for {
			select {
			case <-j.done:
				<-s.wsem
				return j.err
			default:
			}
			s.commitGroup(s.group.take())
		}
	case <-ctx.Done():
		if s.group.drop(j) {
			return fmt.Errorf("无法开始事务: %w", ctx.Err())
		}
		// Taken by a leader: its result comes shortly.
		<-j.done
		return j.err
	}
}

// commitGroup commits jobs in one transaction, each in a savepoint, and
// gives each its result. The caller holds wsem.
func (s *Store) commitGroup(jobs []*groupJob) {
	if len(jobs) == 0 {
		return
	}
	if groupHook != nil {
		groupHook(len(jobs))
	}
	finish := func(j *groupJob, err error) {
		j.err = err
		close(j.done)
	}
	if len(jobs) == 1 {
		finish(jobs[0], s.runAlone(jobs[0]))
		return
	}
	bctx := context.WithoutCancel(jobs[0].ctx)
	tx, err := s.beginWrite(bctx)
	if err != nil {
		for _, j := range jobs {
			finish(j, fmt.Errorf("无法开始事务: %w", err))
		}
		return
	}
	t := &txn{s: s, tx: tx}
	errs := make([]error, len(jobs))
	broken := false
	for i, j := range jobs {
		if _, err := tx.ExecContext(bctx, `SAVEPOINT save`); err != nil {
			broken = true
			break
		}
		errs[i] = j.f(context.WithoutCancel(j.ctx), t)
		if errs[i] != nil {
			_, err = tx.ExecContext(bctx, `ROLLBACK TO save`)
		}
		if err == nil {
			_, err = tx.ExecContext(bctx, `RELEASE save`)
		}
		if err != nil {
			broken = true
			break
		}
	}
	if !broken {
		if err := tx.Commit(); err == nil {
			for i, j := range jobs {
				finish(j, errs[i])
			}
			return
		}
	} else {
		tx.Rollback()
	}
	// The transaction failed as a whole (its sync, or a statement that
	// undid more than its savepoint): nothing of it was kept, and each
	// save is run again alone, so that each gets its own answer.
	for _, j := range jobs {
		finish(j, s.runAlone(j))
	}
}

// runAlone runs one job in a transaction of its own (the caller holds
// wsem), as inTx does.
func (s *Store) runAlone(j *groupJob) error {
	ctx := context.WithoutCancel(j.ctx)
	tx, err := s.beginWrite(ctx)
	if err != nil {
		return fmt.Errorf("无法开始事务: %w", err)
	}
	return commitWith(tx, func() error { return j.f(ctx, &txn{s: s, tx: tx}) })
}
