package testgen

import "testing"

func TestTree(t *testing.T) {
	us := Tree(100)
	if len(us) != 100 || us[0].Parent != "" {
		t.Fatalf("%d units", len(us))
	}
	seen := map[string]bool{}
	for _, u := range us {
		if u.Parent != "" && !seen[u.Parent] {
			t.Fatalf("%s comes before its parent %s", u.Code, u.Parent)
		}
		seen[u.Code] = true
	}
}
