package store

import (
	"context"
	"fmt"
	"strings"

	"github.com/juesuan/juesuan"
)

// Move changes a report's review state along the workflow and records the
// step with its comment. Who may do it is the caller's check
// (juesuan.CanTransition); the store enforces the workflow itself.
func (s *Store) Move(ctx context.Context, k juesuan.ReportKey, to juesuan.ReviewState, actor, comment string) error {
	if err := checkKey(&k); err != nil {
		return err
	}
	return s.inTx(ctx, func(tx *txn) error {
		id, info, err := s.reportRow(ctx, tx.tx, k)
		if err != nil {
			return err
		}
		if !juesuan.CanMove(info.State, to) {
			return juesuan.Errorf(juesuan.EINVALID, "报表 %s 处于“%s”状态，不能改为“%s”", keyString(k), info.State, to)
		}
		if info.State == juesuan.StatePublished && strings.TrimSpace(comment) == "" {
			// 更正: the reason is published with the corrected report.
			return juesuan.Errorf(juesuan.EINVALID, "更正已公开的报表 %s 必须填写更正原因", keyString(k))
		}
		res, err := tx.exec(ctx, `UPDATE reports SET state = ?, updated_at = ? WHERE id = ? AND state = ?`, string(to), s.stamp(), id, string(info.State))
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return juesuan.Errorf(juesuan.ECONFLICT, "报表 %s 的状态已被他人修改，请刷新后重试", keyString(k))
		}
		if _, err := tx.exec(ctx, `INSERT INTO review_events(report_id, from_state, to_state, actor, comment, version, at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
			id, string(info.State), string(to), actor, comment, info.Current, s.stamp()); err != nil {
			return err
		}
		return tx.log(ctx, actor, "review.move", "report/"+keyString(k), fmt.Sprintf("%s → %s（第 %d 版）%s", info.State, to, info.Current, comment))
	})
}

// ReviewHistory lists the review steps of a report, oldest first.
func (s *Store) ReviewHistory(ctx context.Context, k juesuan.ReportKey) ([]*juesuan.ReviewEvent, error) {
	if err := checkKey(&k); err != nil {
		return nil, err
	}
	id, _, err := s.reportRow(ctx, s.db, k)
	if err != nil {
		return nil, err
	}
	rows, err := s.query(ctx, s.db, `SELECT from_state, to_state, actor, comment, version, at FROM review_events WHERE report_id = ? ORDER BY id`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*juesuan.ReviewEvent
	for rows.Next() {
		e := &juesuan.ReviewEvent{}
		var from, to, at string
		if err := rows.Scan(&from, &to, &e.Actor, &e.Comment, &e.Version, &at); err != nil {
			return nil, err
		}
		e.From, e.To, e.At = juesuan.ReviewState(from), juesuan.ReviewState(to), parseStamp(at)
		out = append(out, e)
	}
	return out, rows.Err()
}
