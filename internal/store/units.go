package store

import (
	"context"
	"strings"

	"github.com/juesuan/juesuan"
)

var _ juesuan.UnitService = (*Store)(nil)

const unitCols = `code, name, kind, COALESCE(parent, ''), from_year, to_year`

func scanUnit(sc interface{ Scan(...any) error }) (*juesuan.Unit, error) {
	u := &juesuan.Unit{}
	var kind string
	if err := sc.Scan(&u.Code, &u.Name, &kind, &u.Parent, &u.FromYear, &u.ToYear); err != nil {
		return nil, err
	}
	u.Kind = juesuan.UnitKind(kind)
	return u, nil
}

func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// CreateUnit adds a unit; its parent must exist.
func (s *Store) CreateUnit(ctx context.Context, u *juesuan.Unit, actor string) error {
	u.Code, u.Name, u.Parent = strings.TrimSpace(u.Code), strings.TrimSpace(u.Name), strings.TrimSpace(u.Parent)
	switch {
	case u.Code == "":
		return juesuan.Errorf(juesuan.EINVALID, "单位代码不能为空")
	case u.Name == "":
		return juesuan.Errorf(juesuan.EINVALID, "单位 %s 的名称不能为空", u.Code)
	case !juesuan.ValidUnitKind(u.Kind):
		return juesuan.Errorf(juesuan.EINVALID, "单位性质 %q 无效（应为 %s）", u.Kind, kindList())
	case u.Parent == u.Code:
		return juesuan.Errorf(juesuan.EINVALID, "单位 %s 不能是自己的上级", u.Code)
	case u.FromYear != 0 && u.ToYear != 0 && u.ToYear < u.FromYear:
		return juesuan.Errorf(juesuan.EINVALID, "单位 %s 的有效年度 %d–%d 不成立", u.Code, u.FromYear, u.ToYear)
	}
	return s.inTx(ctx, func(tx *txn) error {
		if u.Parent != "" {
			if _, err := s.unit(ctx, tx.tx, u.Parent); err != nil {
				return juesuan.Errorf(juesuan.ENOTFOUND, "上级单位 %s 不存在", u.Parent)
			}
		}
		if _, err := s.unit(ctx, tx.tx, u.Code); err == nil {
			return juesuan.Errorf(juesuan.ECONFLICT, "单位代码 %s 已存在", u.Code)
		}
		_, err := tx.exec(ctx, `INSERT INTO units(code, name, kind, parent, from_year, to_year) VALUES (?, ?, ?, ?, ?, ?)`,
			u.Code, u.Name, string(u.Kind), nullable(u.Parent), u.FromYear, u.ToYear)
		if isUniqueViolation(err) {
			return juesuan.Errorf(juesuan.ECONFLICT, "单位代码 %s 已存在", u.Code)
		} else if err != nil {
			return err
		}
		return tx.log(ctx, actor, "unit.create", "unit/"+u.Code, u.Name+"（"+string(u.Kind)+"），上级 "+orNone(u.Parent))
	})
}

func orNone(s string) string {
	if s == "" {
		return "无（部门）"
	}
	return s
}

func kindList() string {
	var ks []string
	for _, k := range juesuan.UnitKinds {
		ks = append(ks, string(k))
	}
	return strings.Join(ks, "、")
}

func (s *Store) unit(ctx context.Context, q querier, code string) (*juesuan.Unit, error) {
	u, err := scanUnit(s.queryRow(ctx, q, `SELECT `+unitCols+` FROM units WHERE code = ?`, code))
	return u, notFound(err, "单位 %s 不存在", code)
}

// Unit returns one unit.
func (s *Store) Unit(ctx context.Context, code string) (*juesuan.Unit, error) {
	return s.unit(ctx, s.db, code)
}

// Units returns every unit ordered by code.
func (s *Store) Units(ctx context.Context) ([]*juesuan.Unit, error) {
	return s.units(ctx, s.db, `SELECT `+unitCols+` FROM units ORDER BY code`)
}

func (s *Store) units(ctx context.Context, q querier, sqlText string, args ...any) ([]*juesuan.Unit, error) {
	rows, err := s.query(ctx, q, sqlText, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*juesuan.Unit
	for rows.Next() {
		u, err := scanUnit(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	return out, rows.Err()
}

const subtreeCTE = `WITH RECURSIVE sub(code, depth) AS (
  SELECT code, 0 FROM units WHERE code = ?
  UNION ALL
  SELECT u.code, sub.depth + 1 FROM units u JOIN sub ON u.parent = sub.code)`

// Subtree returns the unit and every unit under it, parents first.
func (s *Store) Subtree(ctx context.Context, code string) ([]*juesuan.Unit, error) {
	us, err := s.units(ctx, s.db, subtreeCTE+`
SELECT u.code, u.name, u.kind, COALESCE(u.parent, ''), u.from_year, u.to_year
FROM units u JOIN sub ON u.code = sub.code ORDER BY sub.depth, u.code`, code)
	if err == nil && len(us) == 0 {
		err = juesuan.Errorf(juesuan.ENOTFOUND, "单位 %s 不存在", code)
	}
	return us, err
}

// Ancestors returns the unit's code and those above it, itself first.
func (s *Store) Ancestors(ctx context.Context, code string) ([]string, error) {
	return s.ancestors(ctx, s.db, code)
}

func (s *Store) ancestors(ctx context.Context, q querier, code string) ([]string, error) {
	rows, err := s.query(ctx, q, `WITH RECURSIVE up(code, parent, depth) AS (
  SELECT code, parent, 0 FROM units WHERE code = ?
  UNION ALL
  SELECT u.code, u.parent, up.depth + 1 FROM units u JOIN up ON u.code = up.parent)
SELECT code FROM up ORDER BY depth`, code)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, juesuan.Errorf(juesuan.ENOTFOUND, "单位 %s 不存在", code)
	}
	return out, nil
}

// MoveUnit puts a unit (with its subtree) under a new parent, or makes it
// a 部门 root when newParent is empty.
func (s *Store) MoveUnit(ctx context.Context, code, newParent, actor string) error {
	return s.inTx(ctx, func(tx *txn) error {
		u, err := s.unit(ctx, tx.tx, code)
		if err != nil {
			return err
		}
		if newParent != "" {
			up, err := s.ancestors(ctx, tx.tx, newParent)
			if err != nil {
				return juesuan.Errorf(juesuan.ENOTFOUND, "上级单位 %s 不存在", newParent)
			}
			for _, a := range up {
				if a == code {
					return juesuan.Errorf(juesuan.EINVALID, "不能把单位 %s 移到它自己的下级 %s 之下", code, newParent)
				}
			}
		}
		if _, err := tx.exec(ctx, `UPDATE units SET parent = ? WHERE code = ?`, nullable(newParent), code); err != nil {
			return err
		}
		return tx.log(ctx, actor, "unit.move", "unit/"+code, "上级 "+orNone(u.Parent)+" → "+orNone(newParent))
	})
}
