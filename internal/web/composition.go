package web

import (
	"context"
	"fmt"
	"strings"
)

// compositionFromTree writes the 部门决算单位构成 from the unit tree: the
// units that file for the year under the unit, itself (本级) first, as
// the list the 概况 prints. The filler asks for it with a button and can
// edit it afterwards.
func (s *Server) compositionFromTree(ctx context.Context, code string, year int) (string, error) {
	us, err := s.st.Subtree(ctx, code)
	if err != nil {
		return "", err
	}
	var lines []string
	for _, u := range us {
		if !u.ValidIn(year) {
			continue
		}
		name := u.Name
		if u.Code == code {
			name += "（本级）"
		}
		lines = append(lines, fmt.Sprintf("%d. %s（%s）", len(lines)+1, name, u.Kind))
	}
	if len(lines) == 1 {
		return fmt.Sprintf("纳入本部门 %d 年度部门决算编制范围的单位为本级，无下属单位：%s", year, strings.TrimPrefix(lines[0], "1. ")), nil
	}
	return fmt.Sprintf("纳入本部门 %d 年度部门决算编制范围的单位共 %d 个，包括：\n%s", year, len(lines), strings.Join(lines, "\n")), nil
}
