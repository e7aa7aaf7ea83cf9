package store

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// Every delta rebuilds its target exactly, whatever the edit: random line
// edits over texts with many repeated lines (as a report file has).
func TestDeltaRebuildsTarget(t *testing.T) {
	rnd := rand.New(rand.NewPCG(1, 2))
	words := []string{"  - 0\n", "  1: 12.34\n", "表1:\n", "x", "\n", "合计\n", "  2: 0\n", "  3: 5.00\n"}
	gen := func(n int) string {
		var b strings.Builder
		for range n {
			b.WriteString(words[rnd.IntN(len(words))])
		}
		return b.String()
	}
	for i := range 2000 {
		base := gen(rnd.IntN(60))
		ls := splitLines(base)
		for range rnd.IntN(6) {
			p := rnd.IntN(len(ls) + 1)
			switch rnd.IntN(3) {
			case 0:
				ls = append(ls[:p], append([]string{gen(1 + rnd.IntN(2))}, ls[p:]...)...)
			case 1:
				if p < len(ls) {
					ls = append(ls[:p], ls[p+1:]...)
				}
			case 2:
				if p < len(ls) {
					ls[p] = gen(1)
				}
			}
		}
		target := strings.Join(ls, "")
		if i%7 == 0 {
			target = gen(rnd.IntN(60))
		}
		d := makeDelta(base, target)
		if d == nil {
			t.Fatalf("no delta for a small text")
		}
		got, err := applyDelta(base, d)
		if err != nil || got != target {
			t.Fatalf("case %d: rebuilt %q (%v), want %q from %q", i, got, err, target, base)
		}
	}
}

// A one-line change costs about that line, and a delta whose base or
// bytes are damaged is refused, never applied.
func TestDeltaSmallAndStrict(t *testing.T) {
	var b strings.Builder
	for i := range 3000 {
		b.WriteString("  row: ")
		b.WriteString(strings.Repeat("9", i%7))
		b.WriteString("\n")
	}
	base := b.String()
	target := strings.Replace(base, "  row: 999\n", "  row: 123456\n", 1)
	d := makeDelta(base, target)
	if len(d) > 40 {
		t.Errorf("one-line delta is %d bytes", len(d))
	}
	if got, err := applyDelta(base, d); err != nil || got != target {
		t.Fatalf("rebuilt differs (%v)", err)
	}
	if _, err := applyDelta(base+"x\n", d); err == nil {
		t.Error("a delta applied to another base")
	}
	for i := range d {
		bad := append([]byte(nil), d...)
		bad[i] ^= 0x5a
		if got, err := applyDelta(base, bad); err == nil && got == target {
			t.Errorf("byte %d damaged, same text", i)
		}
	}
	if _, err := applyDelta(base, append(d, 'x')); err == nil {
		t.Error("trailing byte accepted")
	}
	full := packFull(base)
	if got, err := unpackFull(full); err != nil || got != base {
		t.Fatalf("full text: %v", err)
	}
	if _, err := unpackFull(append(full, 'x')); err == nil {
		t.Error("trailing byte after a whole text accepted")
	}
	if _, err := unpackFull(packFull(strings.Repeat("0", maxTextBytes+1))); err == nil {
		t.Error("a text beyond the limit inflated")
	}
	if _, err := unpackFull([]byte("garbage")); err == nil {
		t.Error("garbage accepted as a whole text")
	}
	// Beyond maxDiffLines changed lines the text is stored whole.
	if makeDelta(base, strings.ReplaceAll(base, "row", "col")) != nil {
		t.Error("a delta for a text that changed everywhere")
	}
}
