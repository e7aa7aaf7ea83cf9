package store

import (
	"context"
	"fmt"
	"strings"

	"github.com/juesuan/juesuan"
)

// RenameUnit changes a unit's name. Reports keep the name they were saved
// with; the change is in the audit log.
func (s *Store) RenameUnit(ctx context.Context, code, name, actor string) error {
	name = strings.TrimSpace(name)
	if name == "" {
		return juesuan.Errorf(juesuan.EINVALID, "单位 %s 的新名称不能为空", code)
	}
	if len([]rune(name)) > 200 {
		return juesuan.Errorf(juesuan.EINVALID, "单位名称不能超过 200 字")
	}
	return s.inTx(ctx, func(tx *txn) error {
		u, err := s.unit(ctx, tx.tx, code)
		if err != nil {
			return err
		}
		if u.Name == name {
			return nil
		}
		if _, err := tx.exec(ctx, `UPDATE units SET name = ? WHERE code = ?`, name, code); err != nil {
			return err
		}
		return tx.log(ctx, actor, "unit.rename", "unit/"+code, u.Name+" → "+name)
	})
}

// SetUnitYears sets the fiscal years a unit files for. Deactivating a unit
// (停用) ends its years; its reports and history stay.
func (s *Store) SetUnitYears(ctx context.Context, code string, from, to int, actor string) error {
	if from != 0 && to != 0 && to < from {
		return juesuan.Errorf(juesuan.EINVALID, "单位 %s 的有效年度 %d–%d 不成立", code, from, to)
	}
	return s.inTx(ctx, func(tx *txn) error {
		u, err := s.unit(ctx, tx.tx, code)
		if err != nil {
			return err
		}
		if _, err := tx.exec(ctx, `UPDATE units SET from_year = ?, to_year = ? WHERE code = ?`, from, to, code); err != nil {
			return err
		}
		return tx.log(ctx, actor, "unit.years", "unit/"+code, fmt.Sprintf("有效年度 %s → %s", yearsText(u.FromYear, u.ToYear), yearsText(from, to)))
	})
}

func yearsText(from, to int) string {
	f, t := "不限", "至今"
	if from != 0 {
		f = fmt.Sprint(from)
	}
	if to != 0 {
		t = fmt.Sprint(to)
	}
	return f + "–" + t
}
