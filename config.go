package juesuan

// Config is what the program takes from its environment. cmd/juesuan
// reads it once (ConfigFrom) and hands it to the packages that need it;
// no other package reads the environment itself.
type Config struct {
	Chromium string // JUESUAN_CHROMIUM: the browser that prints PDF ("" finds one on PATH)
	CJKFont  string // JUESUAN_CJK_FONT: the TTF/TTC font of chart images ("" tries the usual ones)
	CacheDir string // JUESUAN_CACHE_DIR: where the compiled PDF engine is kept ("" the user cache)
}

// ConfigFrom reads the configuration through getenv (os.Getenv, or a
// test's own).
func ConfigFrom(getenv func(string) string) Config {
	return Config{
		Chromium: getenv("JUESUAN_CHROMIUM"),
		CJKFont:  getenv("JUESUAN_CJK_FONT"),
		CacheDir: getenv("JUESUAN_CACHE_DIR"),
	}
}
