package identify

import (
	"regexp"
	"strings"
)

type province struct {
	full, short string
	places      []string // cities, or a municipality's districts
}

var provinces = func() []province {
	var ps []province
	for _, line := range strings.Split(provinceData, "\n") {
		f := strings.Split(line, "|")
		if len(f) != 3 {
			continue
		}
		p := province{full: f[0], short: f[1]}
		if f[2] != "" {
			p.places = strings.Split(f[2], ",")
		}
		ps = append(ps, p)
	}
	return ps
}()

// municipality tells whether a province-level name is a city itself,
// whose localities are districts.
func (p province) municipality() bool { return strings.HasSuffix(p.full, "市") }

// reLocal is a locality written out: a district, county or city name of
// two to four characters (普陀区, 汉南区, 昆山市).
var reLocal = regexp.MustCompile(`^(\p{Han}{1,4}?(?:新区|区|县|市|旗|州|盟))`)

// notLocal are words ending like a locality that are not one.
var notLocal = []string{"社区", "园区", "小区", "景区", "城区", "街区", "辖区", "片区", "开发区", "新区", "市区", "郊区", "地区", "矿区", "厂区", "校区", "商区", "监狱"}

// place finds the province-level region and the locality a unit name
// or a document's heading names; either is "" when it is not said.
func place(name string) (region, locality string) {
	s := strings.TrimPrefix(name, "中共")
	s = strings.TrimPrefix(s, "中国共产党")
	for _, p := range provinces {
		rest, ok := cutPrefix(s, p.full, p.short)
		if !ok {
			continue
		}
		region = p.full
		rest = strings.TrimPrefix(rest, "省")
		return region, localityIn(p, rest)
	}
	// No province written: a known city or municipality district may
	// still lead the name (武汉经济技术开发区, 普陀区财政局).
	for _, p := range provinces {
		for _, pl := range p.places {
			if strings.HasPrefix(s, trimKind(pl)) && len([]rune(trimKind(pl))) >= 2 {
				return p.full, cityName(p, pl)
			}
		}
	}
	return "", ""
}

func cutPrefix(s, full, short string) (string, bool) {
	if r, ok := strings.CutPrefix(s, full); ok {
		return r, true
	}
	if r, ok := strings.CutPrefix(s, short); ok {
		return r, true
	}
	return s, false
}

// localityIn reads the locality that follows a province's name.
func localityIn(p province, rest string) string {
	for _, pl := range p.places {
		if k := trimKind(pl); len([]rune(k)) >= 2 && strings.HasPrefix(rest, k) {
			return cityName(p, pl)
		}
	}
	m := reLocal.FindString(rest)
	if m == "" {
		return ""
	}
	for _, w := range notLocal {
		if strings.HasSuffix(m, w) {
			return ""
		}
	}
	if len([]rune(m)) < 2 {
		return ""
	}
	return m
}

// trimKind is a municipality's district as names often print it, without
// its 区/县 suffix (普陀 for 普陀区); other places are listed as printed.
func trimKind(pl string) string {
	if strings.HasSuffix(pl, "新区") {
		return pl
	}
	return strings.TrimSuffix(strings.TrimSuffix(pl, "区"), "县")
}

// cityName is the locality as it is written in full: a district as
// listed, a prefecture-level city with its 市.
func cityName(p province, pl string) string {
	if p.municipality() || strings.HasSuffix(pl, "区") || strings.HasSuffix(pl, "县") || strings.HasSuffix(pl, "盟") || pl == "海南州" {
		return pl
	}
	return pl + "市"
}
