package juesuan

import (
	"encoding/json"
	"strings"
	"testing"
)

// A finding about text only has no cells; the contract says the JSON
// still carries a list.
func TestFindingJSONCellsAlwaysList(t *testing.T) {
	for _, f := range []Finding{{Rule: "N1", Message: "说明"}, {Rule: "T1", Cells: []string{"1:27:1"}}} {
		b, err := json.Marshal(f)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(string(b), `"cells":null`) || !strings.Contains(string(b), `"cells":[`) {
			t.Errorf("%s: cells not a list: %s", f.Rule, b)
		}
		var back Finding
		if err := json.Unmarshal(b, &back); err != nil || back.Rule != f.Rule {
			t.Errorf("round trip: %v %+v", err, back)
		}
	}
	b, _ := json.Marshal([]Finding{{Rule: "N1"}})
	if !strings.Contains(string(b), `"cells":[]`) {
		t.Errorf("in a list: %s", b)
	}
}

// TestFindingEmbedded: a struct that embeds a Finding (公开检查's located
// findings) keeps its own fields in JSON.
func TestFindingEmbedded(t *testing.T) {
	type located struct {
		Finding
		Page int `json:"page"`
	}
	b, err := json.Marshal(located{Finding{Rule: "T1"}, 3})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), `"page":3`) || !strings.Contains(string(b), `"cells":[]`) {
		t.Errorf("embedded: %s", b)
	}
}
