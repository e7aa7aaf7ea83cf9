package web

import (
	"fmt"
	"strings"
)

// submitBlock says why a report cannot be 上报, or "" when it can: an
// empty report; a 强制 finding (whatever its 出错说明); an error finding
// without a 出错说明.
func submitBlock(a *audited, fs []findingView) string {
	if len(a.Report.Cells) == 0 {
		return "不能上报：报表还是空的，没有填写任何金额。请先逐表填报，或导入报表。"
	}
	var strict []string
	for _, f := range fs {
		if f.Mandatory {
			strict = append(strict, f.Title)
		}
	}
	if len(strict) > 0 {
		return fmt.Sprintf("不能上报：有 %d 个强制审核错误必须修改（%s）。强制审核公式不能以出错说明代替修改。", len(strict), joinFirst(strict, 5))
	}
	if left := unexplainedErrors(fs); len(left) > 0 {
		var titles []string
		for _, f := range left {
			titles = append(titles, f.Title)
		}
		return fmt.Sprintf("不能上报：还有 %d 个审核错误没有填写出错说明（%s）。请修改数据，或在右侧审核结果中逐条填写出错说明。", len(left), joinFirst(titles, 5))
	}
	return ""
}

// joinFirst lists the distinct items, the first n of them and how many more.
func joinFirst(items []string, n int) string {
	seen := map[string]bool{}
	var out []string
	for _, s := range items {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	if len(out) > n {
		return strings.Join(out[:n], "、") + fmt.Sprintf(" 等 %d 项", len(out))
	}
	return strings.Join(out, "、")
}
