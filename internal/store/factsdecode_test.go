package store

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/juesuan/juesuan"
	"github.com/juesuan/juesuan/internal/testutil/samplefacts"
)

// TestFactsDecodeSameAsStdlib: the stored facts (encoding/json's output)
// decode by decodeFacts exactly as encoding/json decodes them: the
// example's facts (every section, published lines), generated units' and
// empty facts.
func TestFactsDecodeSameAsStdlib(t *testing.T) {
	all, _ := samplefacts.Facts(t, 12, 5)
	all = append(all, juesuan.Facts{}, juesuan.Facts{Budgets: []juesuan.BudgetLine{}, Prior: juesuan.PriorYear{Closing: map[string]juesuan.Amount{}}})
	var codes, texts []string
	for i, f := range all {
		b, err := json.Marshal(f)
		if err != nil {
			t.Fatal(err)
		}
		codes, texts = append(codes, juesuan.Itoa(i)), append(texts, string(b))
	}
	got, err := decodeFacts(codes, texts)
	if err != nil {
		t.Fatal(err)
	}
	for i, text := range texts {
		var want juesuan.Facts
		if err := json.Unmarshal([]byte(text), &want); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(*got[i], want) {
			t.Errorf("facts %d decode differently from encoding/json", i)
		}
	}
	if _, err := decodeFacts([]string{"U1"}, []string{`{"Unit":`}); err == nil {
		t.Error("a cut facts text decoded without an error")
	}
}
