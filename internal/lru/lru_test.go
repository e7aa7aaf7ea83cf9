package lru

import "testing"

func TestEvictsLeastRecentlyUsedWithinBytes(t *testing.T) {
	c := New[int, string](100)
	for i := range 10 {
		c.Put(i, "v", 30)
	}
	if c.Size() > 100 || c.Len() != 3 {
		t.Fatalf("size %d, len %d; want ≤ 100 bytes, 3 entries", c.Size(), c.Len())
	}
	if _, ok := c.Get(9); !ok {
		t.Error("newest entry evicted")
	}
	c.Get(7) // 7 becomes most recent; 8 is now the oldest but one
	c.Put(10, "v", 30)
	if _, ok := c.Get(8); ok {
		t.Error("8 should have been evicted (least recently used)")
	}
	if _, ok := c.Get(7); !ok {
		t.Error("7 was used recently and evicted")
	}
	c.Put(11, "huge", 1000)
	if _, ok := c.Get(11); ok || c.Size() > 100 {
		t.Error("an entry over the limit was kept")
	}
	c.Put(7, "again", 10)
	if v, _ := c.Get(7); v != "again" || c.Size() != 70 {
		t.Errorf("replace: %q, size %d", v, c.Size())
	}
}
