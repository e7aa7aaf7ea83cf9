package check

import (
	"fmt"

	"github.com/juesuan/juesuan"
)

// genericRef says why a rule cannot name a table known by its title
// alone: its rows and columns are whatever each report prints.
func genericRef(ts *juesuan.TableSpec) string {
	return fmt.Sprintf("%s（%s）按标题识别，行和栏由各报表自行印出，审核规则不能引用", ts.Code(), ts.Title)
}
