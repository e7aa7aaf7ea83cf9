package store

import (
	"bytes"
	"compress/flate"
	"encoding/binary"
	"errors"
	"io"
	"strings"
)

// A version's file text is stored either whole (compressed) or as a line
// delta against the version before it. A one-cell save changes a few lines
// of an 80 KB text, so the delta is a few hundred bytes; a whole text every
// snapshotEvery versions bounds how many deltas a read applies.

const (
	bodyFull  = "full"  // flate-compressed whole text
	bodyDelta = "delta" // line delta against version number-1

	// snapshotEvery: version 1, 1+K, 1+2K … are stored whole, so a read
	// applies at most K-1 deltas. With a compressed text of ~15 KB this
	// adds ~0.5 KB a save.
	snapshotEvery = 32

	// maxDiffLines bounds the diff's work (O(lines × changes)) and its
	// memory: a save changing more lines than this is stored whole.
	maxDiffLines = 400

	deltaFormat = 1

	// maxTextBytes bounds a rebuilt text: a report file is ~80 KB, and its
	// facts' texts are limited (juesuan.Facts.CheckTextLimits).
	maxTextBytes = 64 << 20
)

var errBadBody = errors.New("stored text cannot be rebuilt")

// packFull compresses a whole text.
func packFull(body string) []byte {
	var b bytes.Buffer
	w, _ := flate.NewWriter(&b, flate.BestSpeed)
	io.WriteString(w, body)
	w.Close()
	return b.Bytes()
}

// unpackFull reverses packFull; trailing bytes after the compressed
// stream are corruption, not padding.
func unpackFull(data []byte) (string, error) {
	br := bytes.NewReader(data)
	r := flate.NewReader(br)
	defer r.Close()
	var b strings.Builder
	// Damaged bytes must not make the server inflate without end.
	n, err := io.Copy(&b, io.LimitReader(r, maxTextBytes+1))
	if err != nil || n > maxTextBytes {
		return "", errBadBody
	}
	if br.Len() != 0 {
		return "", errBadBody
	}
	return b.String(), nil
}

// splitLines splits after each "\n"; the pieces concatenate to s.
func splitLines(s string) []string {
	out := make([]string, 0, strings.Count(s, "\n")+1)
	for len(s) > 0 {
		i := strings.IndexByte(s, '\n')
		if i < 0 {
			out = append(out, s)
			break
		}
		out = append(out, s[:i+1])
		s = s[i+1:]
	}
	return out
}

// makeDelta returns the delta that turns base into target, or nil when
// they differ in more than maxDiffLines lines (then the text is stored
// whole). The format, all numbers unsigned varints:
//
//	format, base line count, target byte length,
//	then triples until the end: keep k base lines, skip d base lines,
//	insert n bytes (followed by the bytes).
func makeDelta(base, target string) []byte {
	a, b := splitLines(base), splitLines(target)
	// Common prefix and suffix first: a one-cell save leaves the diff
	// proper a handful of lines.
	pre := 0
	for pre < len(a) && pre < len(b) && a[pre] == b[pre] {
		pre++
	}
	suf := 0
	for suf < len(a)-pre && suf < len(b)-pre && a[len(a)-1-suf] == b[len(b)-1-suf] {
		suf++
	}
	ma, mb := a[pre:len(a)-suf], b[pre:len(b)-suf]
	ids := map[string]int{}
	tok := func(ls []string) []int {
		out := make([]int, len(ls))
		for i, l := range ls {
			id, ok := ids[l]
			if !ok {
				id = len(ids)
				ids[l] = id
			}
			out[i] = id
		}
		return out
	}
	tags, ok := diffTokens(tok(ma), tok(mb), maxDiffLines)
	if !ok {
		return nil
	}
	out := binary.AppendUvarint(nil, deltaFormat)
	out = binary.AppendUvarint(out, uint64(len(a)))
	out = binary.AppendUvarint(out, uint64(len(target)))
	keep, del := pre, 0
	var ins []byte
	flush := func() {
		out = binary.AppendUvarint(out, uint64(keep))
		out = binary.AppendUvarint(out, uint64(del))
		out = binary.AppendUvarint(out, uint64(len(ins)))
		out = append(out, ins...)
		keep, del, ins = 0, 0, ins[:0]
	}
	j := 0 // next line of mb
	for _, t := range tags {
		switch t {
		case tagEqual:
			if del > 0 || len(ins) > 0 {
				flush()
			}
			keep++
			j++
		case tagDelete:
			del++
		case tagInsert:
			ins = append(ins, mb[j]...)
			j++
		}
	}
	if del > 0 || len(ins) > 0 {
		flush()
	}
	keep += suf
	flush()
	return out
}

// applyDelta rebuilds a text from its base and delta. Any inconsistency
// (a delta that reads past its base, or leaves it unfinished, or gives a
// text of another length) is reported, never papered over.
func applyDelta(base string, delta []byte) (string, error) {
	r := bytes.NewReader(delta)
	next := func() (int, error) {
		v, err := binary.ReadUvarint(r)
		if err != nil || v > 1<<40 {
			return 0, errBadBody
		}
		return int(v), nil
	}
	format, err := next()
	if err != nil || format != deltaFormat {
		return "", errBadBody
	}
	nLines, err := next()
	if err != nil {
		return "", errBadBody
	}
	size, err := next()
	// A text is its base's lines and the delta's bytes, no more.
	if err != nil || size > len(base)+len(delta) {
		return "", errBadBody
	}
	a := splitLines(base)
	if len(a) != nLines {
		return "", errBadBody
	}
	var b strings.Builder
	b.Grow(size)
	pos := 0
	for r.Len() > 0 {
		keep, err := next()
		if err != nil {
			return "", err
		}
		del, err := next()
		if err != nil {
			return "", err
		}
		n, err := next()
		if err != nil {
			return "", err
		}
		if keep > len(a)-pos || del > len(a)-pos-keep || n > r.Len() || b.Len()+n > size {
			return "", errBadBody
		}
		for _, l := range a[pos : pos+keep] {
			b.WriteString(l)
		}
		pos += keep + del
		ins := make([]byte, n)
		io.ReadFull(r, ins)
		b.Write(ins)
	}
	if pos != len(a) || b.Len() != size {
		return "", errBadBody
	}
	return b.String(), nil
}

const (
	tagEqual byte = iota
	tagDelete
	tagInsert
)

// diffTokens is Myers' O(ND) diff of a into b: the edit script as one tag
// per step, in order. It gives up (false) beyond maxD differences.
func diffTokens(a, b []int, maxD int) ([]byte, bool) {
	n, m := len(a), len(b)
	maxD = min(maxD, n+m)
	off := maxD + 1
	v := make([]int, 2*maxD+3)
	// trace[d] holds v[-d-1 … d+1] as it was before step d.
	var trace [][]int
	found := -1
	for d := 0; d <= maxD && found < 0; d++ {
		trace = append(trace, append([]int(nil), v[off-d-1:off+d+2]...))
		for k := -d; k <= d; k += 2 {
			var x int
			if k == -d || (k != d && v[off+k-1] < v[off+k+1]) {
				x = v[off+k+1]
			} else {
				x = v[off+k-1] + 1
			}
			y := x - k
			for x < n && y < m && a[x] == b[y] {
				x++
				y++
			}
			v[off+k] = x
			if x >= n && y >= m {
				found = d
				break
			}
		}
	}
	if found < 0 {
		return nil, false
	}
	var rev []byte
	x, y := n, m
	for d := found; d >= 0; d-- {
		t := trace[d]
		get := func(k int) int { return t[k+d+1] }
		k := x - y
		var pk int
		if k == -d || (k != d && get(k-1) < get(k+1)) {
			pk = k + 1
		} else {
			pk = k - 1
		}
		px := get(pk)
		py := px - pk
		for x > px && y > py {
			rev = append(rev, tagEqual)
			x--
			y--
		}
		if d > 0 {
			if x == px {
				rev = append(rev, tagInsert)
			} else {
				rev = append(rev, tagDelete)
			}
		}
		x, y = px, py
	}
	for i, j := 0, len(rev)-1; i < j; i, j = i+1, j-1 {
		rev[i], rev[j] = rev[j], rev[i]
	}
	return rev, true
}
