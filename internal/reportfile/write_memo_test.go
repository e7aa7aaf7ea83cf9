package reportfile

import (
	"bytes"
	"testing"

	"github.com/goccy/go-yaml"

	"github.com/juesuan/juesuan"
)

// The facts text kept by content is the library's text for those facts:
// the same facts give it again, any change of a field or of the money
// unit gives the new one.
func TestFactsYAMLKeptByContent(t *testing.T) {
	direct := func(f *juesuan.Facts, unit juesuan.MoneyUnit) []byte {
		y, err := yaml.MarshalWithOptions(f, yaml.OmitEmpty(), yaml.UseLiteralStyleIfMultiline(true),
			yaml.CustomMarshaler(func(a juesuan.Amount) ([]byte, error) { return []byte(a.In(unit)), nil }),
			yaml.CustomMarshaler(func(p juesuan.Points) ([]byte, error) { return []byte(p.String()), nil }))
		if err != nil {
			t.Fatal(err)
		}
		return y
	}
	op := juesuan.Amount(123456)
	f := juesuan.Facts{Operating: &op}
	f.Unit.Name = "某单位"
	f.Unit.Functions = "第一行\n第二行"
	for i, step := range []func(){
		func() {},
		func() { f.Unit.Name = "另一单位" },
		func() { op2 := juesuan.Amount(123457); f.Operating = &op2 },
		func() { f.Unit.Staff.Retired = 3 },
		func() { f.Operating = nil },
	} {
		step()
		for _, unit := range []juesuan.MoneyUnit{juesuan.UnitWanyuan, juesuan.UnitYuan} {
			for range 2 {
				got, err := factsYAML(&f, unit)
				if err != nil || !bytes.Equal(got, direct(&f, unit)) {
					t.Fatalf("step %d, %s: kept text differs from the library's (%v)\n%s", i, unit, err, got)
				}
			}
		}
	}
}
